"""The pilot report as people read it: formatted figures, flags in plain words, the chart.

The page and the PDF both take their numbers from here, so they say the same thing.
"""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from method.pilot import FOUR_FIFTHS
from samspill.core import figures
from samspill.core.figures import percent
from samspill.core.uploads import table_error_message
from samspill.documents.charts import Series, line_chart


def ratio(value: float | None) -> str:
    return figures.number(value, 2)


def minutes(value: float | None) -> str:
    return figures.number(value, 1)


def file_error_message(error) -> str | None:
    return table_error_message(error) if error is not None else None


CASE_ERRORS = {
    "required": lambda: _("required"),
    "too_long": lambda: _("%(length)s characters; at most %(limit)s"),
    "bad_date": lambda: _("“%(value)s” is not a date (2026-09-14 or 14.09.2026)"),
    "unknown_arm": lambda: _("“%(value)s” is not an arm (pilot or control)"),
    "unknown_decision": lambda: _("“%(value)s” is not a decision; expected %(allowed)s"),
    "required_in_pilot": lambda: _("required for a case in the pilot arm"),
    "not_a_number": lambda: _("“%(value)s” is not a number"),
    "negative": lambda: _("%(value)s is negative"),
    "duplicate_in_file": lambda: _("this case id is already on line %(first_row)s"),
    "duplicate_column": lambda: _("the column %(column)s appears twice"),
    "missing_column": lambda: _("the file has no such column"),
    "missing_attribute": lambda: _("the file has no such column (asked for as a group attribute)"),
    "no_cases": lambda: _("the file has a header but no cases"),
    "too_many_errors": lambda: _("more than %(limit)s problems; is this the right file?"),
}


def case_error_row(error) -> tuple[int, str, str]:
    params = dict(error.params)
    if isinstance(params.get("allowed"), list | tuple):
        params["allowed"] = ", ".join(params["allowed"])
    message = CASE_ERRORS.get(error.code, lambda: error.code)()
    return error.row, error.column or "—", message % params


FLAG_TEXTS = {
    "four_fifths": (
        lambda: _("A group is selected less often (human decision)"),
        lambda: _(
            "In at least one group, the final decisions advance fewer than four in five of "
            "the rate of the most favoured group. The four-fifths rule is a rule of thumb "
            "from US employment practice, not a verdict: look at why, with the union "
            "representatives, before the full rollout."
        ),
    ),
    "four_fifths_ai": (
        lambda: _("A group is selected less often (AI suggestion)"),
        lambda: _(
            "The AI's suggestions advance a group at less than four fifths of the rate of "
            "the most favoured group. People may be correcting it, or not: compare with the "
            "human decisions."
        ),
    ),
    "rubber_stamp": (
        lambda: _("The human review looks like a rubber stamp"),
        lambda: _(
            "People almost never override the AI, while the time spent per case has "
            "collapsed. Review that only approves is not human review (GDPR Art. 22; the "
            "AI Act's human oversight): check that reviewers have the time, the training "
            "and the authority to disagree."
        ),
    ),
    "small_sample": (
        lambda: _("Too few cases to be sure"),
        lambda: _(
            "There are fewer than 30 compared cases, or a group is too small to show. "
            "Rates from few cases swing by chance; treat them as a first look."
        ),
    ),
}


def flag_view(key: str) -> dict:
    title, text = FLAG_TEXTS.get(key, (lambda: key, lambda: ""))
    return {"key": key, "title": title(), "text": text(), "serious": key != "small_sample"}


def weekly_chart(weekly: list[dict], *, width: int = 640) -> str | None:
    shown = [w for w in weekly if not w.get("masked") and w.get("agreement_rate") is not None]
    if len(shown) < 2:
        return None
    return line_chart(
        [
            Series(_("Agreement"), "#1f6f6b", [w["agreement_rate"] * 100 for w in shown]),
            Series(_("Overrides"), "#c8663a", [w["override_rate"] * 100 for w in shown]),
        ],
        x_labels=[
            date_format(dt.date.fromisoformat(w["week_start"]), "SHORT_DATE_FORMAT") for w in shown
        ],
        format_value=lambda v: f"{figures.number(v)} %",
        title=_("Agreement and overrides by week (%)"),
        width=width,
    )


def _below_four_fifths(value: float | None) -> bool:
    return value is not None and value < FOUR_FIFTHS


def _row(row: dict) -> dict:
    return {
        **row,
        "agreement": percent(row.get("agreement_rate")),
        "override": percent(row.get("override_rate")),
        "selection_ai": percent(row.get("selection_rate_ai")),
        "selection_human": percent(row.get("selection_rate_human")),
        "ratio_ai_text": ratio(row.get("ratio_ai")),
        "ratio_human_text": ratio(row.get("ratio_human")),
        "low_ai": _below_four_fifths(row.get("ratio_ai")),
        "low_human": _below_four_fifths(row.get("ratio_human")),
    }


def report_view(record) -> dict:
    summary = record.summary
    saved = summary.get("minutes_saved_per_case")
    means = summary.get("mean_minutes") or {}
    first, last = summary.get("first_day"), summary.get("last_day")
    return {
        "summary": summary,
        "period": (
            f"{date_format(dt.date.fromisoformat(first), 'DATE_FORMAT')} – "
            f"{date_format(dt.date.fromisoformat(last), 'DATE_FORMAT')}"
            if first and last
            else ""
        ),
        "agreement": percent(summary.get("agreement_rate")),
        "kappa": ratio(summary.get("kappa")),
        "override": percent(summary.get("override_rate")),
        "saved": (
            {
                "estimate": minutes(saved["estimate"]),
                "low": minutes(saved["low"]),
                "high": minutes(saved["high"]),
            }
            if saved
            else None
        ),
        "mean_pilot": minutes(means.get("pilot")),
        "mean_control": minutes(means.get("control")),
        "flags": [flag_view(key) for key in summary.get("flags", [])],
        "confusion": summary.get("confusion") or {},
        "weekly": [
            {
                **w,
                "week": dt.date.fromisoformat(w["week_start"]),
                "agreement": percent(w["agreement_rate"]),
                "override": percent(w["override_rate"]),
                "minutes": minutes(w["mean_minutes"]),
            }
            for w in summary.get("weekly", [])
        ],
        "chart": weekly_chart(summary.get("weekly", [])),
        "departments": [_row(r) for r in summary.get("departments", [])],
        "fairness": [
            {"attribute": name, "rows": [_row(r) for r in rows]}
            for name, rows in summary.get("fairness", {}).items()
        ],
    }
