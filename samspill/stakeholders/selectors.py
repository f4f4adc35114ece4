"""Reads for the stakeholder map: a fixed number of queries, and rows that follow the
groups, the grid's 25 cells and the days with changes, never the number of people."""

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, OuterRef, Subquery, Sum, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.html import format_html_join

from method.alignment import Alignment, GroupMean, Quadrant, quadrant, weighted_alignment
from method.catalog import DecisionWeight
from method.figures import round_half_up
from method.trend import alignment_series, trend_days
from samspill.stakeholders.models import (
    Engagement,
    Person,
    StakeholderGroup,
    StanceChange,
    stance_css,
)

TREND_WEEKS = 12
DOTS_PER_CELL = 12


@dataclass
class GroupSummary:
    group: StakeholderGroup
    people: int
    stance: Decimal | None
    last_engaged: dt.date | None
    weeks_quiet: int | None  # None when never engaged
    quiet: bool
    trend: list[Decimal | None] = field(default_factory=list)
    mean_influence: int | None = None
    mean_interest: int | None = None
    open_objections: int = 0


@dataclass
class GridCell:
    influence: int
    interest: int
    quadrant: Quadrant
    count: int = 0
    people: list[dict] = field(default_factory=list)  # the first DOTS_PER_CELL by name
    groups: list[GroupSummary] = field(default_factory=list)

    @property
    def dots(self) -> list[dict]:
        return self.people[:DOTS_PER_CELL]

    @property
    def more(self) -> int:
        return max(0, self.count - DOTS_PER_CELL)

    def dots_html(self) -> str:
        # Built here rather than in a template loop: a crowded map has hundreds of dots.
        return format_html_join(
            "", '<span class="dot {}"></span>', ((stance_css(p["stance"]),) for p in self.dots)
        )

    def names(self) -> str:
        return "\n".join(f"{p['name']} ({p['group_name']})" for p in self.dots)


@dataclass
class GroupFigures:
    """What the dashboard shows of the map: one row per group, never one per person."""

    groups: list[GroupSummary]
    alignment: Alignment
    alignment_trend: list[int | None]
    trend_start: dt.date
    people_count: int


@dataclass
class MapData(GroupFigures):
    grid: list[list[GridCell]] = field(default_factory=list)  # influence 5 … 1, interest 1 … 5


def trend_window(project, today: dt.date) -> list[dt.date]:
    """From the project's start (at most TREND_WEEKS back) to today."""
    start = max(project.start_date, today - dt.timedelta(weeks=TREND_WEEKS))
    return trend_days(start, today)


def _rounded_mean(total: int, count: int) -> int | None:
    return int(round_half_up(Decimal(total) / count)) if count else None


def _mean_stance(total: int, count: int) -> Decimal | None:
    # The same half-up rounding as method.alignment.GroupStance and method.trend.
    return round_half_up(Decimal(total) / count, 2) if count else None


# Each step of the window, undone newest first, turns a person's stance from what it was
# after the step (the next step's `previous`, or today's stance for their newest step) back
# into its own `previous`; a `previous` of NULL is the person's creation, so they leave the
# group's count. The sums of those differences per (group, day) are all a trend needs:
# the rows read follow the days with changes, not the people.
_STANCE_DELTAS_SQL = """
SELECT p.group_id, s.changed_on,
  SUM(COALESCE(s.previous, 0)
      - CASE WHEN s.next_id IS NULL THEN p.stance ELSE COALESCE(s.next_previous, 0) END),
  SUM(CASE WHEN s.previous IS NULL THEN 0 ELSE 1 END
      - CASE WHEN s.next_id IS NULL OR s.next_previous IS NOT NULL THEN 1 ELSE 0 END)
FROM (
  SELECT c.person_id, c.changed_on, c.previous,
    LEAD(c.id) OVER w AS next_id,
    LEAD(c.previous) OVER w AS next_previous
  FROM {changes} c INNER JOIN {people} q ON q.id = c.person_id
  WHERE q.project_id = %s AND c.changed_on > %s
  WINDOW w AS (PARTITION BY c.person_id ORDER BY c.changed_on, c.created_at, c.id)
) s INNER JOIN {people} p ON p.id = s.person_id
GROUP BY p.group_id, s.changed_on
"""


def _stance_deltas(project, since: dt.date) -> dict[int, list[tuple[dt.date, int, int]]]:
    """{group id: [(day, stance total change, people count change)]} for the days after
    `since`, each undoing that day's steps."""
    sql = _STANCE_DELTAS_SQL.format(
        changes=StanceChange._meta.db_table, people=Person._meta.db_table
    )
    deltas: dict[int, list] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, [project.pk, since])
        for group_id, day, total, count in cursor.fetchall():
            if isinstance(day, str):  # SQLite hands back a raw subquery column as text
                day = dt.date.fromisoformat(day)
            deltas[group_id].append((day, int(total), int(count)))
    return deltas


def _series(
    total: int, count: int, deltas: list[tuple[dt.date, int, int]], days: list[dt.date]
) -> list[Decimal | None]:
    """A group's mean stance on each of `days`: today's sums, less the steps after each day."""
    series = []
    for day in days:
        later = [(t, c) for changed_on, t, c in deltas if changed_on > day]
        series.append(
            _mean_stance(total + sum(t for t, _ in later), count + sum(c for _, c in later))
        )
    return series


def _groups(project):
    open_objections = (
        StakeholderGroup._meta.get_field("objections")
        .related_model.objects.filter(group=OuterRef("pk"), status="open")
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_engaged = (
        Engagement.objects.filter(groups=OuterRef("pk")).order_by("-date").values("date")[:1]
    )
    return list(
        StakeholderGroup.objects.filter(project=project)
        .annotate(
            last_engaged=Subquery(last_engaged),
            open_objections=Coalesce(Subquery(open_objections), 0),
        )
        .order_by("position", "name")
    )


def build_group_figures(project, today: dt.date) -> GroupFigures:
    """Group stances, means, alignment and trends, aggregated in the database."""
    groups = _groups(project)
    sums = {
        row["group_id"]: row
        for row in Person.objects.filter(project=project)
        .order_by()
        .values("group_id")
        .annotate(
            n=Count("pk"),
            stance=Sum("stance"),
            influence=Sum("influence"),
            interest=Sum("interest"),
        )
    }
    days = trend_window(project, today)
    deltas = _stance_deltas(project, days[0])
    empty = {"n": 0, "stance": 0, "influence": 0, "interest": 0}
    summaries, stances, trends = [], [], {}
    for group in groups:
        row = sums.get(group.pk, empty)
        weight = DecisionWeight(group.decision_weight)
        stance = _mean_stance(row["stance"], row["n"])
        trends[group.pk] = _series(row["stance"], row["n"], deltas.get(group.pk, []), days)
        stances.append(GroupMean(group.name, weight, stance))
        weeks_quiet = (today - group.last_engaged).days // 7 if group.last_engaged else None
        summaries.append(
            GroupSummary(
                group=group,
                people=row["n"],
                stance=stance,
                last_engaged=group.last_engaged,
                weeks_quiet=weeks_quiet,
                quiet=weeks_quiet is None or weeks_quiet >= project.engagement_alert_weeks,
                trend=trends[group.pk],
                mean_influence=_rounded_mean(row["influence"], row["n"]),
                mean_interest=_rounded_mean(row["interest"], row["n"]),
                open_objections=group.open_objections,
            )
        )
    trend = alignment_series(
        {str(g.pk): (DecisionWeight(g.decision_weight), trends[g.pk]) for g in groups}, len(days)
    )
    people = sum(row["n"] for row in sums.values())
    return GroupFigures(summaries, weighted_alignment(stances), trend, days[0], people)


def build_grid(project, summaries: list[GroupSummary]) -> list[list[GridCell]]:
    """The 25 cells: a count each and the first DOTS_PER_CELL people by name."""
    grid = [
        [GridCell(influence, interest, quadrant(influence, interest)) for interest in range(1, 6)]
        for influence in range(5, 0, -1)
    ]
    people = Person.objects.filter(project=project).order_by()
    for row in people.values("influence", "interest").annotate(n=Count("pk")):
        grid[5 - row["influence"]][row["interest"] - 1].count = row["n"]
    ranked = people.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("influence"), F("interest")],
            order_by=[F("name").asc(), F("pk").asc()],
        )
    ).filter(rank__lte=DOTS_PER_CELL)
    dots = ranked.values("name", "stance", "influence", "interest", group_name=F("group__name"))
    for person in sorted(dots, key=lambda p: p["name"]):
        grid[5 - person["influence"]][person["interest"] - 1].people.append(person)
    for summary in summaries:
        if summary.mean_influence:
            grid[5 - summary.mean_influence][summary.mean_interest - 1].groups.append(summary)
    return grid


def build_map(project, today: dt.date) -> MapData:
    """The whole map: the group figures and the grid (the map page caches its rendering)."""
    figures = build_group_figures(project, today)
    return MapData(**vars(figures), grid=build_grid(project, figures.groups))


def group_from_query(project, value: str | None):
    """The project's group named by a ?group= link, or None for anything else."""
    try:
        group_uuid = uuid.UUID(value or "")
    except ValueError:
        return None
    return project.stakeholder_groups.filter(uuid=group_uuid).first()


def alignment_now(project) -> Alignment:
    """Today's weighted alignment, from one GROUP BY (for the business case)."""
    sums = {
        group_id: (total, count)
        for group_id, total, count in Person.objects.filter(project=project)
        .order_by()
        .values("group_id")
        .annotate(total=Sum("stance"), n=Count("pk"))
        .values_list("group_id", "total", "n")
    }
    return weighted_alignment(
        GroupMean(g.name, DecisionWeight(g.decision_weight), _mean_stance(*sums.get(g.pk, (0, 0))))
        for g in project.stakeholder_groups.all()
    )


def people_table(project, *, group=None, stance=None, influence=None, interest=None, order="name"):
    people = Person.objects.filter(project=project).select_related("group")
    if group:
        people = people.filter(group__uuid=group)
    if stance is not None:
        people = people.filter(stance=stance)
    if influence is not None:
        people = people.filter(influence=influence)
    if interest is not None:
        people = people.filter(interest=interest)
    return people.order_by(order, "name")


def person_history(person):
    return person.stance_changes.order_by("-changed_on", "-created_at")
