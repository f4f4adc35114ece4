"""The PostgreSQL health check that asks the socket (samspill/core/postgresql/base.py):
a live idle connection is kept without a query, an ended session is replaced."""

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection, connections

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
    pytest.mark.django_db,
]


@pytest.fixture
def own_connection():
    """A connection of the test's own, outside the test's transaction, as a request has."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def _backend_pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _check(wrapper) -> None:
    """What Django does before a request's first query."""
    wrapper.health_check_done = False
    wrapper.close_if_health_check_failed()


def test_the_backend_in_use_is_ours():
    assert connection.settings_dict["ENGINE"] == "samspill.core.postgresql"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_live_idle_connection_is_kept_and_no_query_is_sent(own_connection, monkeypatch):
    pid = _backend_pid(own_connection)
    raw = own_connection.connection

    def no_query(*args, **kwargs):
        raise AssertionError("the health check sent a query")

    monkeypatch.setattr(raw, "cursor", no_query)
    monkeypatch.setattr(raw, "execute", no_query)
    _check(own_connection)
    monkeypatch.undo()
    assert own_connection.connection is raw
    assert _backend_pid(own_connection) == pid


def test_a_session_postgresql_ended_is_replaced_before_the_next_query(own_connection):
    pid = _backend_pid(own_connection)
    with psycopg.connect(**own_connection.get_connection_params(), autocommit=True) as admin:
        # Waits (up to a minute) until the backend has exited, so its socket is closed.
        ended = admin.execute("SELECT pg_terminate_backend(%s, 60000)", [pid]).fetchone()[0]
    assert ended
    _check(own_connection)
    assert own_connection.connection is None
    assert _backend_pid(own_connection) != pid


def test_without_the_check_the_ended_session_fails_the_query(own_connection):
    """The case the check exists for: the same termination, no check, a failed query."""
    pid = _backend_pid(own_connection)
    with psycopg.connect(**own_connection.get_connection_params(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 60000)", [pid])
    with pytest.raises((OperationalError, InterfaceError)):
        _backend_pid(own_connection)
