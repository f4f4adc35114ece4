"""Reads for the controls: the weekly facts (counts only) and what the page shows.

`week_facts` is to the controls what `overview.diagnostics.project_snapshot` is to the
pitfall rules. Every query here aggregates in the database: no case key, user, pseudonym
or name column is ever selected (tests/test_selectors checks the SQL), so a control cannot
read a per-person row even by mistake.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, F, Min, OuterRef, Q
from django.db.models.functions import Coalesce

from method import controls as rules
from method.controls import FieldShape, ModelShape, WeekFacts
from method.pilot_import import PILOT, REJECT
from samspill.aifile.models import LiteracyRecord
from samspill.controls import presenting
from samspill.controls.models import Control, ControlWeek, EvaluationMeeting
from samspill.core import clock
from samspill.core.figures import number
from samspill.core.subqueries import count_of
from samspill.desk.models import ExplanationRequest, Status
from samspill.kpis import presenting as kpi_presenting
from samspill.kpis.models import UsageWeek
from samspill.kpis.selectors import usage_overview
from samspill.pilot.models import PilotCase, PilotImport

# The usage data's own tables: weekly rows of one app. The import log (who imported which
# file) is about the staff who run Samspill, not about the people who use the tool.
USAGE_APP = "kpis"
NOT_USAGE_DATA = {"UsageImport", "LicensedDepartment", "Kpi", "KpiValue", "Story"}
HISTORY_WEEKS = 104  # two years of weeks at most
CHART_WEEKS = 26


def _case_weeks(project) -> dict[date, dict[str, int]]:
    reviewed = Q(minutes__gte=rules.REVIEW_MINUTES) & ~Q(human_decision="")
    compared = Q(arm=PILOT) & ~Q(ai_decision="") & ~Q(human_decision="")
    rows = (
        PilotCase.objects.filter(project=project)
        .values("decided_on")
        .annotate(
            cases=Count("id"),
            ai_rejects=Count("id", filter=Q(ai_decision=REJECT)),
            ai_rejects_reviewed=Count("id", filter=Q(ai_decision=REJECT) & reviewed),
            compared=Count("id", filter=compared),
            overrides=Count("id", filter=compared & ~Q(ai_decision=F("human_decision"))),
            rejects_without_person=Count("id", filter=Q(human_decision="", ai_decision=REJECT)),
        )
        .order_by()
    )
    weeks: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        week = rules.monday(row.pop("decided_on"))
        for name, count in row.items():
            weeks[week][name] += count
    return weeks


def _usage_weeks(project) -> dict[date, dict[str, int]]:
    """Per week: departments with use, and those whose role had no literacy record by then
    (a role-wide record, or one record per active user; compared in aggregate)."""
    usage = list(
        UsageWeek.objects.filter(project=project, active_users__gt=0)
        .values_list("week", "department", "active_users")
        .order_by("week")
    )
    # Role-wide records and records for named people, counted apart: the name is only ever
    # compared with "", never selected.
    records = LiteracyRecord.objects.filter(project=project)
    literacy = [
        {**row, "whole_role": whole}
        for whole, rows in (
            (True, records.filter(person_name="")),
            (False, records.exclude(person_name="")),
        )
        for row in rows.values("role", "received_on").annotate(people=Count("id")).order_by()
    ]
    weeks: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for week, department, active in usage:
        name = department.casefold()
        by_then = [r for r in literacy if r["role"].casefold() == name and r["received_on"] <= week]
        trained = (
            any(r["whole_role"] for r in by_then) or sum(r["people"] for r in by_then) >= active
        )
        weeks[week]["usage_departments"] += 1
        weeks[week]["untrained_departments"] += 0 if trained else 1
    return weeks


def _desk_weeks(project, today: date) -> dict[date, dict[str, int]]:
    late = Q(answered_on__gt=F("deadline")) | Q(answered_on__isnull=True, deadline__lt=today) & ~Q(
        status=Status.CLOSED
    )
    rows = (
        ExplanationRequest.objects.filter(project=project, deadline__lte=today)
        .values("deadline")
        .annotate(due=Count("id"), late=Count("id", filter=late))
        .order_by()
    )
    weeks: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        week = rules.monday(row["deadline"])
        weeks[week]["explanations_due"] += row["due"]
        weeks[week]["explanations_late"] += row["late"]
    return weeks


def _field_kind(f: models.Field) -> str:
    if f.primary_key:
        return "id"
    if f.is_relation:
        target = f.related_model
        if target is get_user_model():
            return "person"
        return "project" if target._meta.label == "projects.Project" else "other"
    if isinstance(f, models.DateField):
        return "date"
    if isinstance(f, models.IntegerField | models.FloatField | models.DecimalField):
        return "count"
    if isinstance(f, models.CharField) and not isinstance(f, models.EmailField):
        return "label"
    return "other"


def usage_model_shapes() -> list[ModelShape]:
    """Every stored usage table, field by field, as the monitoring rule reads them."""
    shapes = []
    for model in apps.get_app_config(USAGE_APP).get_models():
        if model.__name__ in NOT_USAGE_DATA:
            continue
        shapes.append(
            ModelShape(
                model._meta.label,
                tuple(FieldShape(f.name, _field_kind(f)) for f in model._meta.concrete_fields),
            )
        )
    return shapes


def shown_usage_counts(project) -> list[int]:
    """The head counts the usage page prints as figures (kpis.views.usage shows each
    department's and week's active users through count_text)."""
    overview = usage_overview(project)
    counts = [row.active_users for row in overview["departments"]]
    counts += [week["active_users"] for week in overview["weeks"]]
    return [c for c in counts if kpi_presenting.count_text(c) == number(c)]


def individual_monitoring_findings(project) -> list[str]:
    return rules.individual_findings(usage_model_shapes(), shown_usage_counts(project))


def lowest_released_ratio(summary: dict) -> float | None:
    """The lowest selection-rate ratio the pilot report released (held-back groups are
    None there and stay out)."""
    values = [
        ratio
        for key in ("selection_rate_ratio", "selection_rate_ratio_ai")
        for table in (summary.get(key) or {}).values()
        for ratio in table.values()
        if ratio is not None
    ]
    return min(values) if values else None


def week_facts(
    project, *, today: date | None = None, weeks: int = HISTORY_WEEKS
) -> list[WeekFacts]:
    """One WeekFacts per week, oldest first, from the first week with data (or the project's
    start) to this week, at most `weeks` weeks."""
    today = today or clock.today()
    cases = _case_weeks(project)
    usage = _usage_weeks(project)
    desk = _desk_weeks(project, today)
    meetings = sorted(
        EvaluationMeeting.objects.filter(project=project, held_on__lte=today).values_list(
            "held_on", flat=True
        )
    )
    pilot = PilotImport.objects.filter(project=project).values("summary", "imported_at").first()
    ratio = lowest_released_ratio(pilot["summary"]) if pilot else None
    ratio_from = rules.monday(pilot["imported_at"].date()) if pilot else None
    findings = len(individual_monitoring_findings(project))
    starts = [project.start_date, *cases, *usage, *desk]
    this_week = rules.monday(today)
    first = max(min(starts), this_week - timedelta(weeks=weeks - 1))
    history = []
    for week in rules.weeks_between(first, today):
        end = week + timedelta(days=6)
        held = [d for d in meetings if d <= end]
        since = held[-1] if held else project.start_date
        c, u, d = cases.get(week), usage.get(week), desk.get(week)
        history.append(
            WeekFacts(
                week=week,
                cases=c["cases"] if c else None,
                ai_rejects=c["ai_rejects"] if c else 0,
                ai_rejects_reviewed=c["ai_rejects_reviewed"] if c else 0,
                compared=c["compared"] if c else 0,
                overrides=c["overrides"] if c else 0,
                rejects_without_person=c["rejects_without_person"] if c else 0,
                usage_departments=u["usage_departments"] if u else None,
                untrained_departments=u["untrained_departments"] if u else 0,
                # Checked on what is stored and shown now; earlier weeks cannot be re-read.
                individual_findings=findings if week == this_week else None,
                lowest_selection_ratio=ratio if ratio_from and week >= ratio_from else None,
                explanations_due=d["explanations_due"] if d else None,
                explanations_late=d["explanations_late"] if d else 0,
                days_since_evaluation=(min(end, today) - since).days if end >= since else None,
            )
        )
    return history


# What the page shows ------------------------------------------------------------------------


@dataclass
class ControlView:
    control: Control
    title: str
    promise: str
    threshold: str
    weeks: list[ControlWeek] = field(default_factory=list)
    current: ControlWeek | None = None
    breaches: list[ControlWeek] = field(default_factory=list)
    chart: str = ""


@dataclass
class ClauseView:
    key: str
    title: str
    controls: list[ControlView]


def controls_of(project):
    return Control.objects.filter(project=project).order_by("clause", "id")


def clause_views(project, *, weeks: int = CHART_WEEKS) -> list[ClauseView]:
    """Each clause with controls, each control with its last `weeks` verdicts; three queries."""
    controls = list(controls_of(project))
    since = clock.today() - timedelta(weeks=weeks)
    history = defaultdict(list)
    for row in ControlWeek.objects.filter(control__project=project, week__gte=since).order_by(
        "week"
    ):
        history[row.control_id].append(row)
    titles = presenting.clause_titles()
    by_clause: dict[str, list] = defaultdict(list)
    for control in controls:
        rows = history[control.pk]
        by_clause[control.clause].append(
            ControlView(
                control=control,
                title=presenting.control_title(control),
                promise=presenting.control_promise(control),
                threshold=presenting.rule_text(control),
                weeks=rows,
                current=rows[-1] if rows else None,
                chart=presenting.history_chart(control, rows) if rows else "",
            )
        )
    order = list(titles)
    return [
        ClauseView(key, titles.get(key, key), views)
        for key, views in sorted(
            by_clause.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99
        )
    ]


def breach_counts_of(project_ref: OuterRef, today: date) -> dict[str, Coalesce]:
    """Controls breached this week, and breaches of any week still waiting for the owner's
    response, as subqueries of a query over projects (`project_ref` their pk): the
    dashboard reads them with its other live figures in one query."""
    weeks = ControlWeek.objects.filter(control__project=project_ref, state=rules.State.BREACHED)
    return {
        "breached": count_of(weeks.filter(week=rules.monday(today), control__active=True)),
        "unanswered": count_of(weeks.filter(response__isnull=True)),
    }


def breaches_unanswered(project, today: date | None = None):
    """This week's breaches of controls that are on, with no owner's response yet."""
    return (
        ControlWeek.objects.filter(
            control__project=project,
            control__active=True,
            state=rules.State.BREACHED,
            week=rules.monday(today or clock.today()),
            response__isnull=True,
        )
        .select_related("control")
        .order_by("control__clause", "control_id")
    )


def breaches_raised_since(project, since):
    """Breaches first told (`notified_at`) at or after `since`: new to the observers."""
    return (
        ControlWeek.objects.filter(
            control__project=project, state=rules.State.BREACHED, notified_at__gte=since
        )
        .select_related("control")
        .order_by("week", "control__clause", "control_id")
    )


def open_breaches(project):
    return (
        ControlWeek.objects.filter(control__project=project, state=rules.State.BREACHED)
        .select_related("control", "response", "response__responded_by")
        .prefetch_related("comments__author")
        .order_by("-week", "control_id")
    )


def breach_list(project, limit: int = 60) -> list[ControlWeek]:
    """Breaches worth reading: each control's latest, with how many weeks it has been
    breached (`weeks_breached`), and any older one that was commented on or answered."""
    shown, latest = [], {}
    for row in open_breaches(project):
        row.title = presenting.control_title(row.control)
        if row.control_id not in latest:
            latest[row.control_id] = row
            row.weeks_breached = 1
            shown.append(row)
            continue
        latest[row.control_id].weeks_breached += 1
        if hasattr(row, "response") or row.comments.all():
            row.weeks_breached = 1
            shown.append(row)
    return shown[:limit]


def first_week(project) -> date | None:
    return ControlWeek.objects.filter(control__project=project).aggregate(first=Min("week"))[
        "first"
    ]


def appendix_lines(project, clause_keys) -> list[tuple[str, str]]:
    """(clause key, "control: threshold") for the agreement's appendix, with this project's
    thresholds where it has controls, the catalog's defaults where it has none yet."""
    stored = list(controls_of(project))
    lines = []
    for clause in clause_keys:
        mine = [c for c in stored if c.clause == clause]
        if mine:
            lines += [
                (clause, f"{presenting.control_title(c)}: {presenting.rule_text(c)}")
                if c.active
                else (
                    clause,
                    f"{presenting.control_title(c)}: {presenting.rule_text(c)} "
                    f"({presenting.off_label()})",
                )
                for c in mine
            ]
            continue
        for default in rules.defaults_for_clause(clause):
            words = rules.control_catalog(project.language)
            lines.append(
                (
                    clause,
                    f"{words.controls[default.key].title}: "
                    f"{rules.threshold_text(default.rule, project.language, _number)}",
                )
            )
    return lines


def _number(value: float) -> str:
    return number(value, 2, trim=True)
