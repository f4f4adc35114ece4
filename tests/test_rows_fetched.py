"""Rows fetched follow the page, not the project (issue #22).

A constant query count hides a query that returns every person. This counts the rows the
database hands back while a page renders, on a project and on the same project three
times larger, every cell and page overflowing in both: the counts must be equal.
"""

import contextlib
import datetime as dt

import pytest
from django.core.cache import cache
from django.db.backends.utils import CursorWrapper
from django.urls import reverse

from samspill.audit.models import AuditAction
from samspill.audit.services import audit_record
from samspill.stakeholders import selectors
from samspill.stakeholders.models import Person, StanceChange
from samspill.stakeholders.views import map as map_views

SMALL, LARGE = 40, 120


@contextlib.contextmanager
def rows_fetched():
    counted = [0]
    originals = {}

    def counting(name):
        original = getattr(CursorWrapper, name, None)
        originals[name] = original

        def fetch(self, *args):
            rows = getattr(self.cursor, name)(*args)
            if name == "fetchone":
                counted[0] += rows is not None
            else:
                counted[0] += len(rows)
            return rows

        return fetch

    for name in ("fetchone", "fetchmany", "fetchall"):
        setattr(CursorWrapper, name, counting(name))
    try:
        yield counted
    finally:
        for name, original in originals.items():
            if original is None:
                delattr(CursorWrapper, name)
            else:
                setattr(CursorWrapper, name, original)


def _grow(project, owner, people: int) -> None:
    """People in two crowded cells, each with a stance step in the trend window, and an
    audit entry per person (the trail's own size)."""
    groups = list(project.stakeholder_groups.all())
    today = dt.date(2026, 10, 14)
    start = Person.objects.filter(project=project).count()
    made = Person.objects.bulk_create(
        Person(
            project=project,
            group=groups[index % len(groups)],
            name=f"Person {index:04d}",
            influence=4 + index % 2,
            interest=5,
            stance=index % 5 - 2,
        )
        for index in range(start, people)
    )
    StanceChange.objects.bulk_create(
        StanceChange(
            person=person,
            # Three days per group, reached by both sizes: the trend's rows follow the
            # (group, day) pairs with changes, which the window bounds, not the people.
            changed_on=today - dt.timedelta(days=1 + (index // len(groups)) % 3),
            previous=None if index % 3 == 0 else 0,
            stance=person.stance,
            author_label="bench",
        )
        for index, person in enumerate(made, start=start)
    )
    for person in made:
        # Bulk rows skip the services; the entry both sizes the trail and moves the version.
        audit_record(
            actor=owner, project=project, action=AuditAction.CREATE, obj=person, changes={}
        )


PAGES = {
    "map": "stakeholders:map",
    "dashboard": "projects:detail",
    "people": "stakeholders:people",
    "audit": "audit:trail",
}


@pytest.mark.parametrize("page", PAGES)
def test_rows_fetched_do_not_grow_with_the_project(
    client, project, owner, settings, monkeypatch, page
):
    settings.AUDIT_PAGE_SIZE = 20
    monkeypatch.setattr(map_views, "PAGE_SIZE", 20)
    monkeypatch.setattr(selectors, "DOTS_PER_CELL", 12)
    client.force_login(owner)
    url = reverse(PAGES[page], args=[project.slug])
    counts = []
    for size in (SMALL, LARGE):
        _grow(project, owner, size)
        for warm in (False, True):
            if not warm:
                cache.clear()
            with rows_fetched() as rows:
                assert client.get(url).status_code == 200
            counts.append(rows[0])
    cold_small, warm_small, cold_large, warm_large = counts
    assert cold_large == cold_small, counts
    assert warm_large == warm_small, counts
    assert warm_small <= cold_small
