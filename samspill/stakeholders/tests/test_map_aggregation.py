"""The map's figures aggregated in SQL equal those of the Python code they replaced.

The oracle below is the former `selectors.map_data`, kept verbatim in its reasoning: it
loaded every person and every step of the window and walked back in Python. Random
projects include steps whose `previous` does not match the step before (a back-dated
change), creations inside the window and people without steps, so the two must agree on
the walk's exact meaning, not only on tidy histories.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from method.alignment import GroupStance, weighted_alignment
from method.catalog import DecisionWeight
from method.figures import round_half_up
from method.trend import alignment_series, group_series
from samspill.core import clock
from samspill.stakeholders import selectors
from samspill.stakeholders.models import Person, StakeholderGroup, StanceChange

WEIGHTS = [w.value for w in DecisionWeight]


def _rounded_mean(values: list[int]) -> int | None:
    return int(round_half_up(Decimal(sum(values)) / len(values))) if values else None


def oracle(project, today: dt.date) -> dict:
    """The Python aggregation as it was before issue #22."""
    people = list(
        Person.objects.filter(project=project)
        .order_by("name")
        .values("id", "name", "group_id", "influence", "interest", "stance")
    )
    groups = list(StakeholderGroup.objects.filter(project=project).order_by("position", "name"))
    days = selectors.trend_window(project, today)
    by_group, group_of = defaultdict(list), {}
    for person in people:
        by_group[person["group_id"]].append(person)
        group_of[person["id"]] = person["group_id"]
    events_by_group = defaultdict(list)
    events = (
        StanceChange.objects.filter(person__project=project, changed_on__gt=days[0])
        .order_by("-changed_on", "-created_at", "-id")
        .values_list("changed_on", "person_id", "previous")
    )
    for event in events:
        events_by_group[group_of[event[1]]].append(event)
    trends = {
        g.pk: group_series(
            {p["id"]: p["stance"] for p in by_group[g.pk]}, events_by_group[g.pk], days
        )
        for g in groups
    }
    stances = [
        GroupStance(
            g.name, DecisionWeight(g.decision_weight), [p["stance"] for p in by_group[g.pk]]
        )
        for g in groups
    ]
    cells = defaultdict(list)
    for person in people:
        cells[person["influence"], person["interest"]].append(person["name"])
    return {
        "groups": [
            (
                g.name,
                len(by_group[g.pk]),
                s.stance,
                _rounded_mean([p["influence"] for p in by_group[g.pk]]),
                _rounded_mean([p["interest"] for p in by_group[g.pk]]),
                trends[g.pk],
            )
            for g, s in zip(groups, stances, strict=True)
        ],
        "alignment": weighted_alignment(stances),
        "trend": alignment_series(
            {str(g.pk): (DecisionWeight(g.decision_weight), trends[g.pk]) for g in groups},
            len(days),
        ),
        "cells": {
            key: (len(names), names[: selectors.DOTS_PER_CELL]) for key, names in cells.items()
        },
        "people": len(people),
    }


def aggregated(project, today: dt.date) -> dict:
    figures = selectors.build_group_figures(project, today)
    grid = selectors.build_grid(project, figures.groups)
    return {
        "groups": [
            (s.group.name, s.people, s.stance, s.mean_influence, s.mean_interest, s.trend)
            for s in figures.groups
        ],
        "alignment": figures.alignment,
        "trend": figures.alignment_trend,
        "cells": {
            (cell.influence, cell.interest): (cell.count, [p["name"] for p in cell.dots])
            for row in grid
            for cell in row
            if cell.count
        },
        "people": figures.people_count,
    }


scale = st.integers(1, 5)
stance = st.integers(-2, 2)
person = st.tuples(
    st.integers(0, 3),  # group index
    scale,
    scale,
    stance,
    # steps: (days before today, previous stance or None for a creation, stance)
    st.lists(st.tuples(st.integers(0, 120), st.one_of(st.none(), stance), stance), max_size=4),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    weights=st.lists(st.sampled_from(WEIGHTS), min_size=1, max_size=4),
    people=st.lists(person, max_size=40),
    dots=st.integers(1, 3),
)
def test_sql_aggregation_matches_the_python_oracle(project, weights, people, dots, monkeypatch):
    # A small cell limit lets a few dozen people overflow cells, as thousands do at scale.
    monkeypatch.setattr(selectors, "DOTS_PER_CELL", dots)
    today = clock.today()
    with transaction.atomic():
        project.stakeholder_groups.all().delete()
        groups = [
            StakeholderGroup.objects.create(
                project=project, name=f"Group {i}", decision_weight=w, position=i % 2
            )
            for i, w in enumerate(weights)
        ]
        stamp = clock.now()
        for index, (group, influence, interest, now, steps) in enumerate(people):
            row = Person.objects.create(
                project=project,
                group=groups[group % len(groups)],
                # Name order differs from creation order, so the cells must sort by name.
                name=f"P{index % 7:02d}-{index:03d}",
                influence=influence,
                interest=interest,
                stance=now,
            )
            for back, previous, value in steps:
                stamp += dt.timedelta(seconds=1)
                change = StanceChange.objects.create(
                    person=row,
                    changed_on=today - dt.timedelta(days=back),
                    previous=previous,
                    stance=value,
                    author_label="test",
                )
                StanceChange.objects.filter(pk=change.pk).update(created_at=stamp)
        assert aggregated(project, today) == oracle(project, today)
        transaction.set_rollback(True)
