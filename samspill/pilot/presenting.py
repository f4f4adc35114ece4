"""The pilot report as people read it: formatted figures, flags in plain words, the chart.

The page and the PDF both take their numbers from here, so they say the same thing.
"""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from method.pilot import FOUR_FIFTHS
from samspill.core import figures
from samspill.core.figures import percent
from samspill.core.uploads import more_problems_message, table_error_message
from samspill.documents.charts import Series, line_chart
from samspill.guarantees.models import ApplicabilityCheck


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
}


def case_error_row(error) -> tuple[int, str, str]:
    if error.code == "too_many_errors":
        return error.row, "—", more_problems_message(error.params)
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
        lambda: _("Too few cases to judge a group"),
        lambda: _(
            "For at least one shown group, the 95 % interval of its ratio reaches both "
            "under 0.8 and 1.0 or more: chance alone could explain an alarm or equal "
            "treatment. The table says how many cases per group would settle it."
        ),
    ),
    "automation_bias": (
        lambda: _("People agree with the AI more when they see it"),
        lambda: _(
            "In the control arm the AI also made suggestions that nobody saw. People who "
            "saw the suggestion agreed with it clearly more often than people who decided "
            "without it. Some of that may be the AI helping; much of it can be automation "
            "bias, people following the suggestion because it is there. Talk with the "
            "reviewers and look at the cases where the two arms differ."
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
        x_title=_("Week starting"),
        y_title=_("Share of decisions (%)"),
        width=width,
    )


def _below_four_fifths(value: float | None) -> bool:
    return value is not None and value < FOUR_FIFTHS


def interval(low: float | None, high: float | None) -> str:
    return f"{ratio(low)}–{ratio(high)}" if low is not None and high is not None else ""


def group_row(row: dict) -> dict:
    return {
        **row,
        "agreement": percent(row.get("agreement_rate")),
        "override": percent(row.get("override_rate")),
        "selection_ai": percent(row.get("selection_rate_ai")),
        "selection_human": percent(row.get("selection_rate_human")),
        "ratio_ai_text": ratio(row.get("ratio_ai")),
        "ratio_human_text": ratio(row.get("ratio_human")),
        "interval_ai": interval(row.get("ratio_ai_low"), row.get("ratio_ai_high")),
        "interval_human": interval(row.get("ratio_human_low"), row.get("ratio_human_high")),
        "low_ai": _below_four_fifths(row.get("ratio_ai")),
        "low_human": _below_four_fifths(row.get("ratio_human")),
        "needed_ai": figures.number(row["cases_needed_ai"]) if row.get("cases_needed_ai") else "",
        "needed_human": (
            figures.number(row["cases_needed_human"]) if row.get("cases_needed_human") else ""
        ),
    }


def project_country(project) -> str | None:
    """The project's jurisdiction, as the applicability check recorded it."""
    return (
        ApplicabilityCheck.objects.filter(project=project).values_list("country", flat=True).first()
    )


# The law a four-fifths alarm engages, by the project's country (the applicability check's
# answer; /work/shared/LEGAL-NOTES.md). The four-fifths rule itself is a US heuristic.
def legal_grounding(country: str | None) -> list[str]:
    """Plain sentences naming the law a flagged disparity engages; guidance, not advice."""
    lines = [
        _(
            "The four-fifths rule comes from US employment practice (the EEOC's Uniform "
            "Guidelines). It is an alarm, not the European legal test."
        )
    ]
    if country == "NO":
        lines += [
            _(
                "In Norway the disparity engages the Equality and Anti-Discrimination Act "
                "(likestillings- og diskrimineringsloven): § 6 on the grounds, including "
                "gender and age; §§ 29–30 on the employer's duty to work actively against "
                "discrimination and to report; § 37 on the shared burden of proof."
            ),
            _(
                "The Working Environment Act (arbeidsmiljøloven) chapter 13 protects against "
                "discrimination in working life, including on age, and covers hiring."
            ),
        ]
    elif country == "DE":
        lines.append(
            _(
                "In Germany the disparity engages the General Equal Treatment Act (AGG): § 1 "
                "on the grounds, § 3(2) on indirect discrimination, § 7 on the prohibition "
                "in employment and § 22 on the burden of proof, which shifts once "
                "indications like these are shown."
            )
        )
    else:
        lines.append(
            _(
                "The disparity engages the national law that implements Directives "
                "2000/78/EC and 2006/54/EC on equal treatment in employment. Answer the "
                "applicability check to see the law of your country here."
            )
        )
    lines.append(
        _(
            "Using group attributes such as gender or age band to find bias is covered by "
            "the AI Act's Art. 4a, added in 2026: special categories of personal data may "
            "be processed where strictly necessary to detect and correct bias, with "
            "safeguards. Name it in the DPIA, and delete the attributes when the check is "
            "done."
        )
    )
    if country == "NO":
        lines.append(_("In Norway the AI Act is expected but not yet in force: prepare now."))
    return lines


def report_view(record, country: str | None = None) -> dict:
    """What the page and the PDF show; `country` is the project's jurisdiction (NO, DE,
    EU), or None before the applicability check is answered."""
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
        "departments": [group_row(r) for r in summary.get("departments", [])],
        "fairness": [
            {
                "attribute": name,
                "rows": [group_row(r) for r in rows],
                "rounded": (summary.get("fairness_tables") or {}).get(name, {}).get("rounded"),
                "masked": any(r.get("masked") for r in rows),
                "withheld_ai": any(r.get("ai_withheld") for r in rows if not r.get("masked")),
            }
            for name, rows in summary.get("fairness", {}).items()
        ],
        "shadow": _shadow(summary),
        "legal": legal_grounding(country) if _four_fifths(summary) else [],
        "k": summary.get("k", 5),
    }


def _four_fifths(summary: dict) -> bool:
    return any(flag.startswith("four_fifths") for flag in summary.get("flags", []))


def _shadow(summary: dict) -> dict | None:
    shadow, gap = summary.get("shadow"), summary.get("agreement_gap")
    if not shadow:
        return None
    return {
        "cases": figures.number(shadow["compared_cases"]),
        "case_count": shadow["compared_cases"],
        "agreement": percent(shadow["agreement_rate"]),
        "kappa": ratio(shadow["kappa"]),
        "gap": percent(gap["estimate"], sign=True) if gap else "—",
        "gap_low": percent(gap["low"], sign=True) if gap else "",
        "gap_high": percent(gap["high"], sign=True) if gap else "",
    }
