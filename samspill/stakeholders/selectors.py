"""Reads for the stakeholder map, built to a fixed number of queries however many people."""

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.utils.html import format_html_join

from method.alignment import Alignment, GroupStance, Quadrant, quadrant, weighted_alignment
from method.catalog import DecisionWeight
from method.figures import round_half_up
from method.trend import alignment_series, group_series, trend_days
from samspill.core import clock
from samspill.stakeholders.models import Person, StakeholderGroup, StanceChange, stance_css

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
    people: list[dict] = field(default_factory=list)
    groups: list[GroupSummary] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.people)

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
class MapData:
    groups: list[GroupSummary]
    alignment: Alignment
    alignment_trend: list[int | None]
    trend_start: dt.date
    grid: list[list[GridCell]]  # rows from influence 5 down to 1, columns interest 1 … 5
    people_count: int


def _recent_stance_events(project, since: dt.date):
    """(day, person id, previous stance) of the steps after `since`, newest first."""
    rows = StanceChange.objects.filter(person__project=project, changed_on__gt=since).order_by(
        "-changed_on", "-created_at"
    )
    return rows.values_list("changed_on", "person_id", "previous")


def trend_window(project, today: dt.date) -> list[dt.date]:
    """From the project's start (at most TREND_WEEKS back) to today."""
    start = max(project.start_date, today - dt.timedelta(weeks=TREND_WEEKS))
    return trend_days(start, today)


def _rounded_mean(values: list[int]) -> int | None:
    return int(round_half_up(Decimal(sum(values)) / len(values))) if values else None


def map_data(project, *, today: dt.date | None = None) -> MapData:
    today = today or clock.today()
    people = list(
        Person.objects.filter(project=project)
        .order_by("name")
        .values("id", "name", "group_id", "influence", "interest", "stance")
    )
    groups = list(
        StakeholderGroup.objects.filter(project=project)
        .annotate(
            last_engaged=Max("engagements__date"),
            open_objections=Count("objections", filter=Q(objections__status="open"), distinct=True),
        )
        .order_by("position", "name")
    )
    days = trend_window(project, today)
    by_group: dict[int, list[dict]] = defaultdict(list)
    group_of: dict[int, int] = {}
    for person in people:
        by_group[person["group_id"]].append(person)
        group_of[person["id"]] = person["group_id"]
    # Walk back from today's stances through the window's changes only.
    events_by_group: dict[int, list] = defaultdict(list)
    for event in _recent_stance_events(project, days[0]):
        events_by_group[group_of[event[1]]].append(event)
    trends = {
        g.pk: group_series(
            {p["id"]: p["stance"] for p in by_group[g.pk]}, events_by_group[g.pk], days
        )
        for g in groups
    }

    summaries = []
    for group in groups:
        members = by_group[group.pk]
        stance = GroupStance(
            group.preset_key, DecisionWeight(group.decision_weight), [p["stance"] for p in members]
        ).stance
        weeks_quiet = (today - group.last_engaged).days // 7 if group.last_engaged else None
        summaries.append(
            GroupSummary(
                group=group,
                people=len(members),
                stance=stance,
                last_engaged=group.last_engaged,
                weeks_quiet=weeks_quiet,
                quiet=weeks_quiet is None or weeks_quiet >= project.engagement_alert_weeks,
                trend=trends[group.pk],
                mean_influence=_rounded_mean([p["influence"] for p in members]),
                mean_interest=_rounded_mean([p["interest"] for p in members]),
                open_objections=group.open_objections,
            )
        )

    alignment = weighted_alignment(
        GroupStance(
            s.group.name,
            DecisionWeight(s.group.decision_weight),
            [p["stance"] for p in by_group[s.group.pk]],
        )
        for s in summaries
    )
    trend = alignment_series(
        {str(g.pk): (DecisionWeight(g.decision_weight), trends[g.pk]) for g in groups}, len(days)
    )
    grid = [
        [GridCell(influence, interest, quadrant(influence, interest)) for interest in range(1, 6)]
        for influence in range(5, 0, -1)
    ]
    group_names = {g.pk: g.name for g in groups}
    for person in people:
        person["group_name"] = group_names[person["group_id"]]
        grid[5 - person["influence"]][person["interest"] - 1].people.append(person)
    for summary in summaries:
        if summary.mean_influence:
            grid[5 - summary.mean_influence][summary.mean_interest - 1].groups.append(summary)
    return MapData(summaries, alignment, trend, days[0], grid, len(people))


def group_from_query(project, value: str | None):
    """The project's group named by a ?group= link, or None for anything else."""
    try:
        group_uuid = uuid.UUID(value or "")
    except ValueError:
        return None
    return project.stakeholder_groups.filter(uuid=group_uuid).first()


def alignment_now(project) -> Alignment:
    """Today's weighted alignment, from one small query (for the overview page)."""
    stances: dict[int, list[int]] = defaultdict(list)
    for group_id, stance in Person.objects.filter(project=project).values_list(
        "group_id", "stance"
    ):
        stances[group_id].append(stance)
    return weighted_alignment(
        GroupStance(g.name, DecisionWeight(g.decision_weight), stances[g.pk])
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
