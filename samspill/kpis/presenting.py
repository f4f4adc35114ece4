"""How KPI figures read on pages, in the PDF and in the CLI: one wording for all three."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from method.kpis import Status, Unit
from samspill.core.figures import number
from samspill.core.uploads import more_problems_message
from samspill.documents.markup import escape

STATUS_BADGE = {
    Status.ON_TARGET: "badge-ok",
    Status.BELOW_TARGET: "badge-bad",
    Status.NO_DATA: "badge-muted",
}


def status_label(status: Status) -> str:
    return {
        Status.ON_TARGET: _("on target"),
        Status.BELOW_TARGET: _("below target"),
        Status.NO_DATA: _("no data yet"),
    }[status]


def value_text(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == Unit.PERCENT:
        return f"{number(value)} %"
    if unit == Unit.SCORE:
        return number(value, sign=True)
    return number(value, 1, trim=True)


def period_text(day, period: str) -> str:
    if period == "week":
        return _("week %(week)s, %(year)s") % {
            "week": day.isocalendar().week,
            "year": day.isocalendar().year,
        }
    return date_format(day, "YEAR_MONTH_FORMAT")


def period_axis_title(period: str) -> str:
    return _("Week") if period == "week" else _("Month")


def value_axis_title(kpi) -> str:
    """The y axis: the KPI's value in its unit."""
    return {
        Unit.PERCENT: _("Value (%)"),
        Unit.SCORE: _("Value (score, −100 to 100)"),
        Unit.COUNT: _("Value (count)"),
    }.get(kpi.unit, kpi.unit)


def count_text(count: int) -> str:
    """A head count as shown to readers: 1 to 4 people is never an exact figure."""
    if 0 < count < 5:
        return _("fewer than 5")
    return number(count)


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{number(rate)} %"


def trend_text(card) -> str:
    if card.trend is None:
        return ""
    arrow = {"up": "↑", "down": "↓", "flat": "→"}[card.trend.arrow]
    if card.trend.improving is None:
        return f"{arrow} " + _("steady")
    return f"{arrow} " + (_("improving") if card.trend.improving else _("getting worse"))


def kpi_chart(card, *, width: int = 320, height: int = 170) -> str:
    """A small line chart of the card's points against the target (SVG attributes only:
    the pages' Content-Security-Policy forbids style attributes). Text is 12 units high and
    the SVG is as wide as its viewBox, so it never reads below 12 px; the axes carry titles
    with the unit, and <desc> holds every point as text."""
    points, target = card.points, card.kpi.target
    if not points:
        return ""
    left, right, top, bottom = 8, 8, 30, 50
    values = [v for _d, v in points] + [target]
    low, high = min(values), max(values)
    if high == low:
        high, low = high + 1, low - 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(index: int) -> float:
        return left + (plot_w * index / (len(points) - 1) if len(points) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    unit = card.kpi.unit
    label = _("%(kpi)s against the target %(target)s") % {
        "kpi": card.kpi.name,
        "target": value_text(target, unit),
    }
    desc = ", ".join(
        f"{period_text(day, card.kpi.period)}: {value_text(v, unit)}" for day, v in points
    )
    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_d, v) in enumerate(points))
    colour = "#b3261e" if card.status is Status.BELOW_TARGET else "#1f6f6b"
    last_x, last_y = x(len(points) - 1), y(points[-1][1])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}" font-size="12" font-family="sans-serif">'
        f"<title>{escape(label)}</title><desc>{escape(desc)}</desc>"
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#c9ced0"/>'
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
        'stroke="#c9ced0"/>'
        f'<line x1="{left}" x2="{width - right}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
        'stroke="#8d999d" stroke-width="1" stroke-dasharray="4 3"/>'
        f'<text x="{width - right}" y="{y(target) - 3:.1f}" text-anchor="end" fill="#5b676c">'
        f"{escape(_('target'))} {escape(value_text(target, unit))}</text>"
        f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2" '
        'stroke-linejoin="round"/>'
        f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="3" fill="{colour}"/>'
        f'<text x="{left}" y="{top + plot_h + 15}" fill="#5b676c">'
        f"{escape(period_text(points[0][0], card.kpi.period))}</text>"
        f'<text x="{width - right}" y="{top + plot_h + 15}" text-anchor="end" fill="#5b676c">'
        f"{escape(period_text(points[-1][0], card.kpi.period))}</text>"
        f'<text class="axis-title" x="{left + plot_w / 2:.1f}" y="{height - 6}" '
        f'text-anchor="middle" fill="#1d2528">{escape(period_axis_title(card.kpi.period))}</text>'
        f'<text class="axis-title" x="{left}" y="13" fill="#1d2528">'
        f"↑ {escape(value_axis_title(card.kpi))}</text>"
        "</svg>"
    )


USAGE_ERRORS = {
    "empty": lambda: _("the file is empty"),
    "no_events": lambda: _("the file has a header but no events"),
    "missing_column": lambda: _("the file has no such column"),
    "duplicate_column": lambda: _("this column appears %(count)s times"),
    "bad_row": lambda: _("this row does not split into the header's columns (%(problem)s)"),
    "bad_timestamp": lambda: _("“%(value)s” is not a date and time"),
    "timestamp_out_of_range": lambda: _("“%(value)s” is not between the years 2000 and 2099"),
    "required": lambda: _("required"),
    "too_long": lambda: _("%(length)s characters; at most %(limit)s"),
    "bad_json": lambda: _("this line is not valid JSON"),
    "not_an_object": lambda: _("this line is JSON, but not an object with named fields"),
    "mixed_encoding": lambda: _("the file mixes UTF-8 with another encoding from this line"),
    "unreadable": lambda: _("the file cannot be read as %(format)s"),
    "unknown_format": lambda: _("unknown file type “%(suffix)s”: use CSV, JSON Lines or Parquet"),
    "utf16": lambda: _("the file is saved as UTF-16 (“Unicode text”); save it as CSV UTF-8"),
    "too_many_columns": lambda: _("the header names more than %(limit)s columns"),
    "too_many_rows": lambda: _(
        "the file holds more than %(limit)s events; import it with the command line"
    ),
    "too_large": lambda: _(
        "the file needs more than %(limit)s of memory to count; import it with the command line"
    ),
}

VALUE_ERRORS = {
    "missing_column": lambda: _("the file has no such column"),
    "duplicate_column": lambda: _("the column appears twice"),
    "required": lambda: _("required"),
    "unknown_kpi": lambda: _("“%(value)s” is not a KPI of this project"),
    "derived_kpi": lambda: _("“%(value)s” is computed from its source and cannot be imported"),
    "scope_mismatch": lambda: _("“%(value)s” is not the group or department of %(kpi)s"),
    "bad_date": lambda: _("“%(value)s” is not a date (2026-09-14 or 14.09.2026)"),
    "not_a_number": lambda: _("“%(value)s” is not a number"),
    "duplicate_in_file": lambda: _("this KPI and period are already on line %(first_row)s"),
    "no_rows": lambda: _("the file has a header but no values"),
}


def error_row(error, messages: dict) -> tuple[int, str, str]:
    if error.code == "too_many_errors":
        return error.line, "", more_problems_message(error.params)
    template = messages.get(error.code)
    params = dict(error.params)
    if isinstance(params.get("limit"), int):
        params["limit"] = number(params["limit"])
    text = template() % params if template else error.code
    return error.line, error.column, text
