"""Inline SVG for survey pages: attributes only, since the CSP allows no inline styles."""

from collections.abc import Sequence

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samspill.core import figures
from samspill.documents.markup import escape

# Strongly disagree … strongly agree, red to green, readable for most colour blindness.
LIKERT_COLOURS = ("#b2432f", "#e49a7d", "#c9ced0", "#7fb3c8", "#2f6f8f")
SERIES_COLOURS = ("#1d2528", "#2f6f8f", "#c0762c", "#6b8e23", "#8e4585", "#b2432f", "#4a6fa5")


def likert_bar(distribution: dict[int, int], labels: Sequence[str]) -> SafeString:
    """One stacked bar, 100 units wide, from the counts of points 1 … 5."""
    total = sum(distribution.values()) or 1
    parts = [
        '<svg class="likert-bar" viewBox="0 0 100 8" preserveAspectRatio="none" '
        'width="100%" height="18" role="img">'
    ]
    title = "; ".join(
        f"{escape(label)}: {distribution.get(point, 0)}" for point, label in enumerate(labels, 1)
    )
    parts.append(f"<title>{title}</title>")
    x = 0.0
    for point in range(1, 6):
        width = 100 * distribution.get(point, 0) / total
        if width:
            parts.append(
                f'<rect x="{x:.2f}" y="0" width="{width:.2f}" height="8" '
                f'fill="{LIKERT_COLOURS[point - 1]}"/>'
            )
        x += width
    parts.append("</svg>")
    return mark_safe("".join(parts))


def trend_chart(
    x_labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], title: str
) -> SafeString:
    """NPS (−100 … 100) per survey; a masked survey is a gap in its line, never a guess."""
    legend_rows = (len(series) + 2) // 3
    width, height = 640, 250 + 16 * legend_rows
    left, right, top, bottom = 64, 56, 12, 66 + 16 * legend_rows
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(len(x_labels), 1)

    def x(index: int) -> float:
        return left + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h * (100 - value) / 200

    desc = " ".join(
        f"{name}: "
        + ", ".join(
            f"{label} {'—' if value is None else figures.number(value, sign=True)}"
            for label, value in zip(x_labels, values, strict=False)
        )
        + "."
        for name, values in series
    )
    mid_y = top + plot_h / 2
    parts = [
        f'<svg class="trend-chart chart-svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" font-size="12">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
        f'<text class="axis-title" x="{left + plot_w / 2:.1f}" y="{top + plot_h + 36}" '
        f'text-anchor="middle" fill="#1d2528">{escape(_("Survey"))}</text>',
        f'<text class="axis-title" x="14" y="{mid_y:.1f}" text-anchor="middle" fill="#1d2528" '
        f'transform="rotate(-90 14 {mid_y:.1f})">{escape(_("NPS (−100 to 100)"))}</text>',
    ]
    for tick in (-100, -50, 0, 50, 100):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{"#8d999d" if tick == 0 else "#e3e8e9"}"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="#5b676c">'
            f"{figures.number(tick)}</text>"
        )
    for index, label in enumerate(x_labels):
        parts.append(
            f'<text x="{x(index):.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
            f'fill="#5b676c">{escape(label)}</text>'
        )
    for number, (name, values) in enumerate(series):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        run: list[str] = []
        for index, value in enumerate([*values, None]):
            if value is None:
                if len(run) > 1:
                    parts.append(
                        f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                        'stroke-width="2.2" stroke-linejoin="round"/>'
                    )
                run = []
                continue
            run.append(f"{x(index):.1f},{y(value):.1f}")
            parts.append(
                f'<circle cx="{x(index):.1f}" cy="{y(value):.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(name)}: {figures.number(value, sign=True)}</title></circle>"
            )
        row, column = divmod(number, 3)
        lx, ly = left + column * 190, height - 8 - 16 * (legend_rows - 1 - row)
        parts.append(
            f'<rect x="{lx}" y="{ly - 4}" width="12" height="3" fill="{colour}"/>'
            f'<text x="{lx + 17}" y="{ly}" fill="#1d2528">{escape(name[:28])}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
