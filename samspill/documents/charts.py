"""Charts as plain SVG, drawn on the server: the same picture in pages, PDFs and DOCX files.

No JavaScript and nothing fetched: a page embeds the SVG, Typst places it in a PDF, and
Typst also rasterises it to PNG for Word documents.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from samspill.documents.markup import escape


@dataclass(frozen=True)
class Series:
    label: str
    colour: str  # an SVG colour; attributes, not CSS, so the PDF engine draws it too
    values: Sequence[Decimal | float]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis values (1, 2 or 5 × a power of ten) covering low … high."""
    if high == low:
        high = low + 1
    raw_step = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw_step)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step / 2:
        ticks.append(round(value, 10))
        value += step
    return ticks


def line_chart(
    series: Sequence[Series],
    *,
    x_labels: Sequence[str],
    format_value: Callable[[float], str],
    title: str,
    width: int = 640,
    height: int = 260,
) -> str:
    left, right, top, bottom = 78, 30, 14, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for s in series for v in s.values] + [0.0]
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    count = max(len(s.values) for s in series)

    def x(index: int) -> float:
        return left + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        'font-family="Libertinus Serif, Georgia, serif" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in ticks:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{"#8d999d" if tick == 0 else "#e3e8e9"}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="#5b676c">'
            f"{escape(format_value(tick))}</text>"
        )
    for index, label in enumerate(x_labels):
        if label:
            parts.append(
                f'<text x="{x(index):.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                f'fill="#5b676c">{escape(label)}</text>'
            )
    for s in series:
        points = " ".join(f"{x(i):.1f},{y(float(v)):.1f}" for i, v in enumerate(s.values))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{s.colour}" stroke-width="2.2" '
            'stroke-linejoin="round"/>'
        )
    legend_x = left
    for s in series:
        parts.append(
            f'<rect x="{legend_x}" y="{height - 14}" width="12" height="3" fill="{s.colour}"/>'
            f'<text x="{legend_x + 17}" y="{height - 9}" fill="#1d2528">{escape(s.label)}</text>'
        )
        legend_x += 17 + 7 * len(s.label) + 24
    parts.append("</svg>")
    return "".join(parts)
