"""The DPIA risk map: a 4 × 4 grid, likelihood across and severity up, each risk placed.

Plain SVG with presentation attributes only (no style attribute, no CSS), so the strict
content security policy allows it on the page and Typst draws the same picture in PDFs.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from method.dpia import LEVELS, RiskLevel, risk_level
from samspill.documents.markup import escape

ZONE_COLOURS = {
    RiskLevel.LOW: "#d8eee3",
    RiskLevel.MEDIUM: "#f8ebc6",
    RiskLevel.HIGH: "#f4cdb8",
    RiskLevel.VERY_HIGH: "#e9a597",
}
INK, MUTED, LINE = "#1d2528", "#5b676c", "#ffffff"
CELL, LEFT, TOP = 80, 112, 12
PER_ROW, MAX_MARKS = 3, 9


@dataclass(frozen=True, slots=True)
class MapPoint:
    number: int
    title: str
    severity: int
    likelihood: int


@dataclass(frozen=True, slots=True)
class MapLabels:
    title: str
    severity: str
    likelihood: str
    levels: Mapping[int, str]  # 1..4 → "Negligible" … "Maximum"
    zones: Mapping[str, str]  # RiskLevel → "Low" … "Very high"


def _cell_origin(severity: int, likelihood: int) -> tuple[int, int]:
    return LEFT + (likelihood - 1) * CELL, TOP + (4 - severity) * CELL


def _marks(x0: int, y0: int, points: list[MapPoint]) -> list[str]:
    """Up to nine numbered marks centred in a cell; beyond that the last slot says "+n"."""
    overflow = len(points) > MAX_MARKS
    shown = points[: MAX_MARKS - 1] if overflow else points
    slots = len(shown) + overflow
    rows = -(-slots // PER_ROW)
    parts = []
    for index in range(slots):
        row, column = divmod(index, PER_ROW)
        in_row = min(PER_ROW, slots - row * PER_ROW)
        cx = x0 + CELL / 2 + (column - (in_row - 1) / 2) * 24
        cy = y0 + CELL / 2 + (row - (rows - 1) / 2) * 24
        if index == len(shown):
            parts.append(
                f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" fill="{INK}">'
                f"+{len(points) - len(shown)}</text>"
            )
            continue
        point = shown[index]
        parts.append(
            f"<g><title>{escape(f'{point.number}. {point.title}')}</title>"
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="11" fill="{INK}"/>'
            f'<text x="{cx:.1f}" y="{cy + 4.2:.1f}" text-anchor="middle" fill="#ffffff" '
            f'font-weight="bold">{point.number}</text></g>'
        )
    return parts


def risk_map(points: Sequence[MapPoint], labels: MapLabels) -> str:
    grid = 4 * CELL
    width, height = LEFT + grid + 16, TOP + grid + 84
    # The marks as text: "number. title (severity / likelihood)", for screen readers.
    desc = "; ".join(
        f"{p.number}. {p.title} ({labels.severity}: {labels.levels[p.severity]}, "
        f"{labels.likelihood}: {labels.levels[p.likelihood]})"
        for p in points
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" '
        f'viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(labels.title)}" '
        'font-family="Libertinus Serif, Georgia, serif" font-size="12">',
        f"<title>{escape(labels.title)}</title><desc>{escape(desc)}</desc>",
    ]
    for severity in LEVELS:
        for likelihood in LEVELS:
            x, y = _cell_origin(severity, likelihood)
            zone = risk_level(severity, likelihood)
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" '
                f'fill="{ZONE_COLOURS[zone]}" stroke="{LINE}" stroke-width="2"/>'
            )
    for level in LEVELS:
        _, y = _cell_origin(level, 1)
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + CELL / 2 + 4}" text-anchor="end" fill="{MUTED}">'
            f"{escape(labels.levels[level])}</text>"
        )
        x, _ = _cell_origin(1, level)
        parts.append(
            f'<text x="{x + CELL / 2}" y="{TOP + grid + 16}" text-anchor="middle" '
            f'fill="{MUTED}">{escape(labels.levels[level])}</text>'
        )
    middle_y = TOP + grid / 2
    parts.append(
        f'<text class="axis-title" x="14" y="{middle_y}" text-anchor="middle" fill="{INK}" '
        'font-weight="bold" '
        f'transform="rotate(-90 14 {middle_y})">{escape(labels.severity)}</text>'
        f'<text class="axis-title" x="{LEFT + grid / 2}" y="{TOP + grid + 34}" '
        f'text-anchor="middle" fill="{INK}" '
        f'font-weight="bold">{escape(labels.likelihood)}</text>'
    )
    by_cell: dict[tuple[int, int], list[MapPoint]] = defaultdict(list)
    for point in points:
        by_cell[(point.severity, point.likelihood)].append(point)
    for (severity, likelihood), cell_points in sorted(by_cell.items()):
        parts.extend(_marks(*_cell_origin(severity, likelihood), cell_points))
    legend_x, legend_y = LEFT, TOP + grid + 56
    for zone in RiskLevel:
        name = labels.zones[zone]
        parts.append(
            f'<rect x="{legend_x}" y="{legend_y}" width="12" height="12" '
            f'fill="{ZONE_COLOURS[zone]}"/>'
            f'<text x="{legend_x + 16}" y="{legend_y + 10}" fill="{MUTED}">{escape(name)}</text>'
        )
        legend_x += 16 + 7 * len(name) + 18
    parts.append("</svg>")
    return "".join(parts)
