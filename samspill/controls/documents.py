"""The evaluation report (arbeidsmiljøloven § 9-2(3)): controls, breaches and responses, KPI
and survey trends (released figures only), open objections, and a page for the
representatives' statement and signatures."""

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samspill.controls import presenting, selectors
from samspill.core import clock
from samspill.core.figures import number
from samspill.documents.pdf import render_pdf
from samspill.kpis import presenting as kpi_presenting
from samspill.kpis.selectors import kpi_board
from samspill.objections.models import Objection, ObjectionStatus
from samspill.surveys.selectors import nps_trend


def _date(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _clauses(project) -> list[dict]:
    shown = []
    for clause in selectors.clause_views(project, weeks=52):
        rows, charts = [], []
        for view in clause.controls:
            current = view.current
            rows.append(
                [
                    view.title,
                    view.threshold,
                    presenting.off_label()
                    if not view.control.active
                    else presenting.state_label(current.state)
                    if current
                    else _("not evaluated"),
                    presenting.value_text(view.control, current.value)
                    if current and view.control.active
                    else "—",
                ]
            )
            if view.chart:
                charts.append({"title": view.title, "svg": view.chart})
        shown.append({"title": clause.title, "rows": rows, "charts": charts})
    return shown


def _breaches(project) -> list[dict]:
    shown = []
    for breach in selectors.breach_list(project):
        control = breach.control
        response = getattr(breach, "response", None) if hasattr(breach, "response") else None
        shown.append(
            {
                "title": presenting.control_title(control),
                "week": _("week of %(date)s") % {"date": _date(breach.week)}
                + (
                    " · "
                    + ngettext(
                        "breached in %(n)s week",
                        "breached in %(n)s weeks",
                        breach.weeks_breached,
                    )
                    % {"n": breach.weeks_breached}
                    if breach.weeks_breached > 1
                    else ""
                ),
                "value": presenting.value_text(control, breach.value),
                "rule": presenting.rule_text(control),
                "cause": response.cause if response else "",
                "measure": response.measure if response else "",
                "responded": (
                    _("Answered by %(who)s on %(date)s")
                    % {
                        "who": _who(response.responded_by),
                        "date": _date(response.responded_at.date()),
                    }
                    if response
                    else ""
                ),
                "comments": [
                    {"author": _who(c.author), "date": _date(c.created_at.date()), "text": c.text}
                    for c in breach.comments.all()
                ],
            }
        )
    return shown


def _who(user) -> str:
    if user is None:
        return _("a former member")
    return user.get_full_name() or user.get_username()


def _kpis(project) -> list[list[str]]:
    rows = []
    for card in kpi_board(project):
        latest = number(card.latest[1], 1, trim=True) if card.latest else "—"
        rows.append(
            [
                card.kpi.name,
                latest,
                number(card.kpi.target, 1, trim=True),
                kpi_presenting.trend_text(card),
            ]
        )
    return rows


def _surveys(project) -> list[list[str]]:
    rows = []
    for point in nps_trend(project):
        overall = point.overall
        score = overall.score if overall is not None else None
        rows.append(
            [
                point.survey.title,
                _date(point.day),
                _("held back (fewer than k answers)") if score is None else number(score),
            ]
        )
    return rows


def _objections(project) -> list[list[str]]:
    return [
        [_date(o.raised_on), o.get_category_display(), o.text[:300]]
        for o in Objection.objects.filter(project=project, status=ObjectionStatus.OPEN).order_by(
            "raised_on"
        )[:100]
    ]


def evaluation_report_data(project) -> dict:
    with translation.override(project.language):
        today = clock.today()
        return {
            "meta": {
                "title": _("Joint evaluation of the AI agreement"),
                "subtitle": f"{project.name} · {project.ai_tool} · {_date(today)}",
                "kind": _("Evaluation report"),
                "organisation": project.name,
                "footer": _("Samspill · made %(date)s")
                % {"date": date_format(today, "DATE_FORMAT")},
                "lang": project.language,
            },
            "intro": _(
                "This report is for the periodic evaluation of the AI agreement with the "
                "employee representatives (arbeidsmiljøloven § 9-2(3)). It shows each measurable "
                "clause with its controls and their weekly state, every breach with the owner's "
                "response and the representatives' comments, and the released acceptance figures."
            ),
            "clauses": _clauses(project),
            "breaches": _breaches(project),
            "kpis": _kpis(project),
            "surveys": _surveys(project),
            "objections": _objections(project),
            "signatories": [_("For the employer"), _("For the employee representatives")],
            "labels": {
                "controls": _("Controls"),
                "control": _("Control"),
                "rule": _("Rule"),
                "state": _("This week"),
                "value": _("Value"),
                "breaches": _("Breaches and responses"),
                "no_breaches": _("No control has been breached."),
                "cause": _("Cause"),
                "measure": _("Measure"),
                "no_response": _("No response recorded yet."),
                "kpis": _("KPI trends"),
                "kpi": _("KPI"),
                "latest": _("Latest"),
                "target": _("Target"),
                "trend": _("Trend"),
                "no_kpis": _("No KPIs are defined."),
                "surveys": _("Survey trend"),
                "survey": _("Survey"),
                "date": _("Date"),
                "nps": _("NPS"),
                "no_surveys": _("No survey has released results."),
                "released_only": _(
                    "Only released figures are shown; groups under k are held back."
                ),
                "objections": _("Open objections"),
                "raised_on": _("Raised on"),
                "category": _("Category"),
                "objection": _("Objection"),
                "no_objections": _("No objection is open."),
                "statement": _("The representatives' statement"),
                "statement_help": _(
                    "The employee representatives' assessment of the controls, the breaches and "
                    "the measures, and what they ask for before the next evaluation."
                ),
                "signatures": _("Signatures"),
                "date_place": _("Date and place"),
            },
        }


def evaluation_report_pdf(project) -> bytes:
    return render_pdf("controls_evaluation.typ", evaluation_report_data(project))
