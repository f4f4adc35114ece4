"""The plan as a timeline: weeks as columns, phases as bars, milestones as marks."""

import datetime as dt
from dataclasses import dataclass

from samspill.core import clock
from samspill.rollout.models import Milestone, Phase


@dataclass
class TimelineCell:
    in_phase: bool
    is_today: bool
    milestones: list[Milestone]


@dataclass
class TimelineRow:
    phase: Phase
    cells: list[TimelineCell]


@dataclass
class Timeline:
    start: dt.date
    weeks: list[dt.date]  # the Monday-ish first day of each week column
    rows: list[TimelineRow]
    today_column: int | None


def _week_index(start: dt.date, day: dt.date) -> int:
    return (day - start).days // 7


def timeline(project, *, today: dt.date | None = None) -> Timeline:
    today = today or clock.today()
    phases = list(Phase.objects.filter(project=project).order_by("start_date", "position"))
    milestones = list(Milestone.objects.filter(project=project).prefetch_related("communicated_to"))
    start = min([project.start_date, *(p.start_date for p in phases)])
    last = max([start, *(p.end_date for p in phases), *(m.due_date for m in milestones)])
    count = _week_index(start, last) + 1
    weeks = [start + dt.timedelta(weeks=i) for i in range(count)]
    by_phase: dict[int | None, list[Milestone]] = {}
    for milestone in milestones:
        by_phase.setdefault(milestone.phase_id, []).append(milestone)
    today_index = _week_index(start, today)
    rows = []
    for phase in phases:
        first, end = _week_index(start, phase.start_date), _week_index(start, phase.end_date)
        marks: dict[int, list[Milestone]] = {}
        for milestone in by_phase.get(phase.pk, []):
            marks.setdefault(_week_index(start, milestone.due_date), []).append(milestone)
        cells = [
            TimelineCell(first <= i <= end, i == today_index, marks.get(i, []))
            for i in range(count)
        ]
        rows.append(TimelineRow(phase, cells))
    return Timeline(start, weeks, rows, today_index + 1 if 0 <= today_index < count else None)


def upcoming_milestones(project, *, today: dt.date | None = None, limit: int = 5):
    today = today or clock.today()
    return list(
        Milestone.objects.filter(
            project=project, done=False, due_date__gte=today - dt.timedelta(days=7)
        )
        .select_related("phase")
        .order_by("due_date")[:limit]
    )


def pilot_start(project) -> dt.date | None:
    return (
        Phase.objects.filter(project=project, key="pilot")
        .values_list("start_date", flat=True)
        .first()
    )
