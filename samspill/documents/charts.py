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


def chart_desc(series: Sequence[Series], names: Sequence[str], format_value) -> str:
    """The chart's numbers as one sentence per series, for a screen reader's <desc>."""
    return " ".join(
        f"{s.label}: "
        + ", ".join(
            f"{name} {format_value(float(v))}" for name, v in zip(names, s.values, strict=False)
        )
        + "."
        for s in series
    )


def axis_titles(
    *, x_title: str, y_title: str, width: int, height: int, left: int, bottom_y: float, mid_y: float
) -> str:
    """An x-axis title under the tick labels and a y-axis title turned up the left edge."""
    return (
        f'<text class="axis-title" x="{left + (width - left) / 2:.1f}" y="{bottom_y:.1f}" '
        f'text-anchor="middle" fill="#1d2528">{escape(x_title)}</text>'
        f'<text class="axis-title" x="14" y="{mid_y:.1f}" text-anchor="middle" fill="#1d2528" '
        f'transform="rotate(-90 14 {mid_y:.1f})">{escape(y_title)}</text>'
    )


def line_chart(
    series: Sequence[Series],
    *,
    x_labels: Sequence[str],
    format_value: Callable[[float], str],
    title: str,
    x_title: str,
    y_title: str,
    point_names: Sequence[str] | None = None,
    width: int = 640,
    height: int = 280,
) -> str:
    """Lines over shared x positions. Text is 12 units high and the SVG's width is its
    viewBox width, so a page that keeps that width (scrolling inside a box on a phone) never
    shows it below 12 px. ``x_title`` and ``y_title`` name the axes with their units."""
    left, right, top, bottom = 92, 30, 14, 66
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for s in series for v in s.values] + [0.0]
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    count = max(len(s.values) for s in series)
    names = [name or str(index + 1) for index, name in enumerate(point_names or x_labels)]

    def x(index: int) -> float:
        return left + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        'font-family="Libertinus Serif, Georgia, serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(chart_desc(series, names, format_value))}</desc>",
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
    parts.append(
        axis_titles(
            x_title=x_title,
            y_title=y_title,
            width=width - right,
            height=height,
            left=left,
            bottom_y=top + plot_h + 34,
            mid_y=top + plot_h / 2,
        )
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
