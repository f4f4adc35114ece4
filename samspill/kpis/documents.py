"""The acceptance report as PDF: KPIs against their targets, adoption, survey, stories.

Compiled with Typst like every Samspill document (samspill/documents/pdf.py), from
documents/templates/acceptance_report.typ.
"""

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samspill.core import clock
from samspill.core.figures import number
from samspill.documents.charts import Series, line_chart
from samspill.documents.pdf import render_pdf
from samspill.kpis import presenting, selectors
from samspill.kpis.models import Story


def _chart(card) -> str | None:
    if len(card.points) < 2:
        return None
    unit = card.kpi.unit
    labels = [
        presenting.period_text(day, card.kpi.period) if i in (0, len(card.points) - 1) else ""
        for i, (day, _v) in enumerate(card.points)
    ]
    return line_chart(
        [
            Series(card.kpi.name, "#1f6f6b", [v for _d, v in card.points]),
            Series(_("target"), "#8d999d", [card.kpi.target] * len(card.points)),
        ],
        x_labels=labels,
        format_value=lambda v: presenting.value_text(v, unit),
        title=card.kpi.name,
        x_title=presenting.period_axis_title(card.kpi.period),
        y_title=presenting.value_axis_title(card.kpi),
        point_names=[presenting.period_text(day, card.kpi.period) for day, _v in card.points],
        height=220,
    )


def _survey(summary: dict | None) -> dict | None:
    if not summary:
        return None
    nps = summary.get("nps")
    return {
        "title": str(summary.get("title") or ""),
        "date": date_format(summary["date"], "DATE_FORMAT") if summary.get("date") else "",
        "nps": presenting.value_text(nps, "score") if nps is not None else "—",
        "answers": number(summary["answers"]) if summary.get("answers") else "—",
        "statements": [
            [str(item["label"]), presenting.rate_text(_percent(item["agree_share"]))]
            for item in summary.get("statements") or []
        ],
    }


def _percent(share: float | None) -> float | None:
    return None if share is None else 100 * share


def acceptance_report_data(project) -> dict:
    with translation.override(project.language):
        cards = selectors.kpi_board(project)
        departments = selectors.adoption_by_department(project)
        stories = Story.objects.filter(project=project, share_externally=True)[:20]
        return {
            "meta": {
                "title": _("Acceptance report"),
                "subtitle": f"{project.name} · {project.ai_tool}",
                "kind": _("Acceptance measurement"),
                "organisation": project.name,
                "footer": _("Samspill · made %(date)s")
                % {"date": date_format(clock.today(), "DATE_FORMAT")},
                "lang": project.language,
            },
            "labels": {
                "kpis": _("KPIs against their targets"),
                "kpi": _("KPI"),
                "latest": _("Latest"),
                "target": _("Target"),
                "status": _("Status"),
                "trend": _("Trend"),
                "no_kpis": _("No KPIs have been set up yet."),
                "charts": _("Trends"),
                "adoption": _("Adoption per department"),
                "department": _("Department"),
                "active": _("Active users"),
                "licensed": _("Licensed users"),
                "rate": _("Adoption rate"),
                "stickiness": _("Stickiness (WAU/MAU)"),
                "no_usage": _("No usage log has been imported yet."),
                "survey": _("Latest survey"),
                "no_survey": _("No survey results yet."),
                "answers": _("Answers"),
                "statement": _("Statement"),
                "agree": _("Agree"),
                "stories": _("Success stories"),
                "no_stories": _("No stories cleared for sharing yet."),
                "privacy": _(
                    "Usage figures are weekly aggregates of pseudonymised logs. A department "
                    "or week with fewer than 5 active users shows no exact number, and rates "
                    "are shown only over 5 people or more."
                ),
            },
            "kpis": [
                [
                    card.kpi.name,
                    presenting.value_text(card.latest[1] if card.latest else None, card.kpi.unit),
                    presenting.value_text(card.kpi.target, card.kpi.unit),
                    presenting.status_label(card.status),
                    presenting.trend_text(card),
                ]
                for card in cards
            ],
            "charts": [
                {"title": card.kpi.name, "svg": svg}
                for card in cards
                if (svg := _chart(card)) is not None
            ],
            "departments": [
                [
                    row.department,
                    presenting.count_text(row.active_users),
                    number(row.licensed_users) if row.licensed_users else "—",
                    presenting.rate_text(row.adoption),
                    presenting.rate_text(row.stickiness),
                ]
                for row in departments
            ],
            "survey": _survey(selectors.acceptance_summary(project)),
            "stories": [
                {
                    "title": story.title,
                    "date": date_format(story.told_on, "DATE_FORMAT"),
                    "text": story.text,
                    "where": story.department,
                }
                for story in stories
            ],
        }


def acceptance_report_pdf(project) -> bytes:
    return render_pdf("acceptance_report.typ", acceptance_report_data(project))
