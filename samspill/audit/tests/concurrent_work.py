"""Editors writing while readers load the cached pages, as in a busy project.

Used by test_readcache.py: in the test process on PostgreSQL, and on SQLite in a child
process over a database file with the server's settings (WAL, IMMEDIATE transactions,
persistent connections), which the suite's in-memory test database cannot stand for.
Run as `python -m samspill.audit.tests.concurrent_work` it prints its findings as JSON.
"""

import json
import re
import sys
import threading

EDITORS, READERS, WRITES_PER_EDITOR = 10, 8, 6


def shown_people(client, project) -> int:
    """The fewest people any of the cached pages shows: the dashboard's "people on the
    map" and the people list's count, each read through the real view."""
    from django.urls import reverse

    dashboard = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    people = client.get(reverse("stakeholders:people", args=[project.slug])).content.decode()
    on_map = re.search(r'<div class="stat">(\d+)</div><div class="stat-label">people', dashboard)
    listed = re.search(r"(\d+) (?:person|people)</p>", people)
    return min(int(on_map[1]), int(listed[1]))


def editors_and_readers(project, owner) -> dict:
    from django.db import connections
    from django.test import Client

    from samspill.audit.chain import verify_stored_chain
    from samspill.stakeholders.services import person_create

    def signed_in() -> Client:
        client = Client()
        client.force_login(owner)
        return client

    group = project.stakeholder_groups.order_by("pk").first()
    start_people = shown_people(signed_in(), project)
    committed = start_people
    lock = threading.Lock()
    done = threading.Event()
    stale: list[tuple[int, int]] = []
    errors: list[str] = []
    reads = [0]
    gate = threading.Barrier(EDITORS + READERS)

    def editor(number: int) -> None:
        nonlocal committed
        try:
            gate.wait()
            for write in range(WRITES_PER_EDITOR):
                person_create(actor=owner, project=project, group=group, name=f"E{number}-{write}")
                with lock:  # the write has committed: no reader may show less from now on
                    committed += 1
        except Exception as exc:
            errors.append(f"editor: {exc!r}")
        finally:
            connections.close_all()

    def reader() -> None:
        try:
            client = signed_in()
            gate.wait()
            while True:
                finished = done.is_set()
                with lock:
                    floor = committed
                shown = shown_people(client, project)
                reads[0] += 1
                if shown < floor:
                    stale.append((floor, shown))
                if finished:
                    break
        except Exception as exc:
            errors.append(f"reader: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(EDITORS)]
    threads += [threading.Thread(target=reader) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads[:EDITORS]:
        thread.join()
    done.set()
    for thread in threads[EDITORS:]:
        thread.join()
    report = verify_stored_chain()
    return {
        "errors": errors,
        "stale": stale,
        "reads": reads[0],
        "people": shown_people(signed_in(), project),
        "expected_people": start_people + EDITORS * WRITES_PER_EDITOR,
        "chain_ok": report.ok,
        "chain_problem": report.problem,
    }


def _connections_per_request(requests: int = 20) -> int:
    """How many database connections `requests` requests through the WSGI handler open."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connections
    from django.db.backends.signals import connection_created
    from django.test import Client

    opened = []
    connection_created.connect(lambda **kwargs: opened.append(1), weak=False)
    # The test client disconnects these two; a real server runs them around every request.
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    connections.close_all()
    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(requests):
        assert client.get("/healthz").status_code == 200
    return len(opened)


def main() -> int:
    import django

    django.setup()
    import datetime as dt

    from django.contrib.auth import get_user_model

    from samspill.projects.services import project_create

    owner = get_user_model().objects.create_user("editor-in-chief")
    project = project_create(
        actor=owner, name="Concurrent", ai_tool="Tool", start_date=dt.date(2026, 9, 1)
    )
    findings = editors_and_readers(project, owner)
    findings["connections_for_20_requests"] = _connections_per_request()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        findings["journal_mode"] = cursor.fetchone()[0]
    findings["conn_max_age"] = connection.settings_dict["CONN_MAX_AGE"]
    print(json.dumps(findings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
