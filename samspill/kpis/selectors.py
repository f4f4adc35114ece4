"""Reads the KPI pages, the project dashboard and the report share.

`kpi_board` reads every KPI with its recent values in a fixed number of queries, whatever
the number of KPIs, weeks or departments: one for the KPIs, one for the hand-kept values,
and one per source that a derived KPI on the board needs (usage weeks, licence counts,
stories, training sessions, surveys).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch

from method import kpis as rules
from method.kpis import Kind, Period, Status
from samspill.core import clock
from samspill.kpis.models import Kpi, KpiValue, LicensedDepartment, Story, UsageWeek

WINDOW_WEEKS = 26  # what a card's chart shows
WINDOW_MONTHS = 12


@dataclass
class KpiCard:
    kpi: Kpi
    points: list[tuple[date, float]]  # oldest first, inside the window
    derived: bool
    status: Status = Status.NO_DATA
    trend: rules.Trend | None = None
    latest: tuple[date, float] | None = None
    extra: dict = field(default_factory=dict)

    @property
    def below_target(self) -> bool:
        return self.status is Status.BELOW_TARGET


def window_start(period: str, today: date) -> date:
    if Period(period) is Period.WEEK:
        return rules.period_start(today, "week") - timedelta(weeks=WINDOW_WEEKS - 1)
    first = rules.period_start(today, "month")
    months = first.year * 12 + first.month - 1 - (WINDOW_MONTHS - 1)
    return date(months // 12, months % 12 + 1, 1)


def _months(start: date, end: date) -> list[date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


# Derived sources


def _usage_points(kind: Kind, rows, licences: dict[str, int], department: str):
    """Adoption, stickiness or retention per week over all departments, or one."""
    per_week: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    wanted = department.casefold()
    for week, dept, active, mau, mau_weeks, retained in rows:
        if wanted and dept.casefold() != wanted:
            continue
        sums = per_week[week]
        if kind is Kind.ADOPTION_RATE:
            licensed = licences.get(dept.casefold())
            if licensed:
                sums[0] += active
                sums[1] += licensed
        elif kind is Kind.STICKINESS:
            if mau_weeks >= 4:  # a month not yet covered would flatter the ratio
                sums[0] += active
                sums[1] += mau
        elif retained is not None:
            sums[0] += retained
            sums[1] += active
    points = []
    for week in sorted(per_week):
        part, base = per_week[week]
        if kind is Kind.ADOPTION_RATE:
            # The base that could identify someone is the number of active users.
            value = None if 0 < part < rules.K_MIN else rules.share(part, base)
        else:
            value = rules.masked_rate(part, base)
        if value is not None:
            points.append((week, value))
    return points


def _story_points(stories, kpi: Kpi, start: date, today: date):
    counts: dict[date, int] = defaultdict(int)
    first = None
    for told_on, department, group_id in stories:
        if kpi.group_id and group_id != kpi.group_id:
            continue
        if kpi.department and department.casefold() != kpi.department.casefold():
            continue
        month = told_on.replace(day=1)
        counts[month] += 1
        first = month if first is None or month < first else first
    if first is None:
        return []
    return [(m, float(counts[m])) for m in _months(max(first, start), today)]


def _training_points(sessions, audiences, kpi: Kpi, today: date):
    per_month: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for pk, day, invited, attended in sessions:
        if day > today or not invited:
            continue
        if kpi.group_id and kpi.group_id not in audiences.get(pk, ()):
            continue
        sums = per_month[day.replace(day=1)]
        sums[0] += attended
        sums[1] += invited
    return [(m, rules.share(a, i)) for m, (a, i) in sorted(per_month.items())]


def nps_points(project) -> list[tuple[date, str | None, float]]:
    """NPS per survey from samspill.surveys, once that app provides it; else nothing."""
    try:
        from samspill.surveys import selectors
    except ImportError:
        return []
    source = getattr(selectors, "nps_points", None)
    return list(source(project)) if source else []


def survey_marker(project) -> int:
    """The number of released survey answers (samspill.surveys), 0 without that app: the
    NPS KPIs follow releases, which are not audited, so cached boards add it to their key."""
    try:
        from samspill.surveys.selectors import release_marker
    except ImportError:
        return 0
    return release_marker(project)


def acceptance_summary(project) -> dict | None:
    try:
        from samspill.surveys import selectors
    except ImportError:
        return None
    source = getattr(selectors, "acceptance_summary", None)
    return source(project) if source else None


def _nps_for(points, kpi: Kpi):
    label = kpi.group.name.casefold() if kpi.group_id else None
    by_month: dict[date, float] = {}
    for day, audience, value in sorted(points, key=lambda p: p[0]):
        if (audience.casefold() if audience else None) == label:
            by_month[day.replace(day=1)] = value
    return sorted(by_month.items())


# The board


def _kpis(project, *, group=None, department: str = "", today: date):
    since = today - timedelta(days=7 * WINDOW_WEEKS + 400)  # covers both windows
    queryset = (
        Kpi.objects.filter(project=project)
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "values",
                queryset=KpiValue.objects.filter(period__gte=since).order_by("period"),
                to_attr="recent_values",
            )
        )
    )
    if group is not None:
        queryset = queryset.filter(group=group)
    if department:
        queryset = queryset.filter(department__iexact=department)
    return list(queryset)


def kpi_board(project, *, group=None, department: str = "", today: date | None = None):
    """Every KPI (optionally of one group or department) with its points, status and trend."""
    today = today or clock.today()
    kpis = _kpis(project, group=group, department=department, today=today)
    kinds = {Kind(k.kind) for k in kpis}
    usage_rows, licences = [], {}
    if kinds & rules.USAGE_KINDS:
        since = window_start("week", today)
        usage_rows = list(
            UsageWeek.objects.filter(project=project, week__gte=since).values_list(
                "week", "department", "active_users", "mau", "mau_weeks", "retained_users"
            )
        )
    if Kind.ADOPTION_RATE in kinds:
        licences = {
            name.casefold(): count
            for name, count in LicensedDepartment.objects.filter(project=project).values_list(
                "name", "licensed_users"
            )
        }
    stories = []
    if Kind.SUCCESS_STORIES in kinds:
        stories = list(
            Story.objects.filter(
                project=project, told_on__gte=window_start("month", today)
            ).values_list("told_on", "department", "group_id")
        )
    sessions, audiences = [], defaultdict(set)
    training = [k for k in kpis if k.kind == Kind.TRAINING_ENGAGEMENT]
    if training:
        from samspill.trust.models import TrainingSession

        sessions = list(
            TrainingSession.objects.filter(
                project=project, date__gte=window_start("month", today)
            ).values_list("pk", "date", "invited", "attended")
        )
        if any(k.group_id for k in training):
            through = TrainingSession.audience.through
            for session_id, group_id in through.objects.filter(
                trainingsession__project=project
            ).values_list("trainingsession_id", "stakeholdergroup_id"):
                audiences[session_id].add(group_id)
    nps = nps_points(project) if Kind.NPS in kinds else []
    cards = []
    for kpi in kpis:
        kind = Kind(kpi.kind)
        start = window_start(kpi.period, today)
        if kind in rules.USAGE_KINDS:
            points = _usage_points(kind, usage_rows, licences, kpi.department)
        elif kind is Kind.SUCCESS_STORIES:
            points = _story_points(stories, kpi, start, today)
        elif kind is Kind.TRAINING_ENGAGEMENT:
            points = _training_points(sessions, audiences, kpi, today)
        elif kind is Kind.NPS:
            points = _nps_for(nps, kpi)
        else:
            points = [(v.period, v.value) for v in kpi.recent_values]
        # A value entered ahead for a period that has not begun is kept, not shown as latest.
        points = [
            (day, value) for day, value in points if start <= day <= today and value is not None
        ]
        card = KpiCard(kpi=kpi, points=points, derived=kind in rules.DERIVED)
        if points:
            card.latest = points[-1]
            card.status = rules.status(points[-1][1], kpi.target, kpi.direction)
            card.trend = rules.trend([v for _d, v in points], kpi.direction)
        cards.append(card)
    return cards


def below_target(project) -> list[KpiCard]:
    """The KPIs whose latest value misses the target, for the project's overview."""
    from samspill.kpis.presenting import value_text

    cards = [card for card in kpi_board(project) if card.below_target]
    for card in cards:
        card.extra = {
            "latest": value_text(card.latest[1], card.kpi.unit),
            "target": value_text(card.kpi.target, card.kpi.unit),
        }
    return cards


# Usage page


@dataclass
class DepartmentRow:
    department: str
    week: date
    active_users: int
    licensed_users: int | None
    adoption: float | None
    stickiness: float | None
    retention: float | None


def usage_overview(project) -> dict:
    """The latest week per department, and the weekly totals of the last weeks."""
    last = (
        UsageWeek.objects.filter(project=project).order_by("-week").values_list("week", flat=True)
    ).first()
    licences = list(LicensedDepartment.objects.filter(project=project))
    if last is None:
        return {"latest_week": None, "departments": [], "weeks": [], "licences": licences}
    since = last - timedelta(weeks=WINDOW_WEEKS - 1)
    rows = list(
        UsageWeek.objects.filter(project=project, week__gte=since - timedelta(weeks=1)).values_list(
            "week", "department", "active_users", "mau", "mau_weeks", "retained_users", "events"
        )
    )
    counts = {d.name.casefold(): d.licensed_users for d in licences}
    latest = {r[1]: r for r in rows if r[0] == last}
    previous = {r[1]: r for r in rows if r[0] == last - timedelta(weeks=1)}
    departments = []
    for name in sorted(latest, key=str.casefold):
        _week, _dept, active, mau, mau_weeks, _retained, _events = latest[name]
        before = previous.get(name)
        retention = None
        if before is not None and before[5] is not None:
            retention = rules.masked_rate(before[5], before[2])
        licensed = counts.get(name.casefold())
        departments.append(
            DepartmentRow(
                department=name,
                week=last,
                active_users=active,
                licensed_users=licensed,
                adoption=None
                if 0 < active < rules.K_MIN or not licensed
                else rules.share(active, licensed),
                stickiness=rules.masked_rate(active, mau) if mau_weeks >= 4 else None,
                retention=retention,
            )
        )
    totals: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])
    for week, _dept, active, mau, _mw, _ret, events in rows:
        if week >= since:
            totals[week][0] += events
            totals[week][1] += active
            totals[week][2] += mau
    weeks = [
        {"week": week, "events": e, "active_users": a, "mau": m}
        for week, (e, a, m) in sorted(totals.items(), reverse=True)
    ]
    return {"latest_week": last, "departments": departments, "weeks": weeks, "licences": licences}


def adoption_by_department(project) -> list[DepartmentRow]:
    return usage_overview(project)["departments"]
