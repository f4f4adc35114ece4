"""The map's queries can use the indexes made for them, on SQLite and on PostgreSQL.

PostgreSQL rightly prefers a sequential scan on a test's tiny tables, so the check turns
sequential scans off for its transaction: it asks whether the index can serve the query.
"""

import datetime as dt

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from samspill.stakeholders import selectors
from samspill.stakeholders.models import Person, StanceChange


def _plan(sql: str, params=()) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


def _sql_of(run) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        run()
    return [q["sql"] for q in queries.captured_queries]


def test_grid_people_page_and_trend_use_their_indexes(project):
    with transaction.atomic():
        grid_sql = _sql_of(lambda: selectors.build_grid(project, []))
        assert any("person_project_cell" in _plan(sql) for sql in grid_sql)
        people_sql = _sql_of(lambda: list(selectors.people_table(project)[:100]))
        assert "person_project_name" in _plan(people_sql[-1])
        trend = selectors._STANCE_DELTAS_SQL.format(
            changes=StanceChange._meta.db_table, people=Person._meta.db_table
        )
        plan = _plan(trend, [project.pk, dt.date(2026, 9, 1)])
        if connection.vendor == "sqlite":
            assert "stance_person_day" in plan
        else:
            # On empty tables PostgreSQL may take the narrower foreign-key index; what
            # matters is that the steps are reached by an index, never by a scan of all.
            assert "Seq Scan on stakeholders_stancechange" not in plan
            assert "stakeholders_stancechange" in plan or "stance_person_day" in plan
