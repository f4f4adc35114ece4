"""Cached read models can never be stale: the version moves with every audited write."""

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from samspill.audit.models import AuditAction
from samspill.audit.readcache import current_version, project_version
from samspill.audit.services import audit_record
from samspill.audit.tests.concurrent_work import editors_and_readers, shown_people
from samspill.stakeholders.services import person_change_stance, person_create

APPS = Path(settings.BASE_DIR) / "samspill"
# The calls that append to the trail, and so move the project's version.
AUDITED = {"audit_record", "save_created", "save_versioned", "save_deleted", "save_relations"}
WRITE_METHODS = {
    "save",
    "create",
    "delete",
    "update",
    "bulk_create",
    "bulk_update",
    "set",
    "add",
    "remove",
    "clear",
    "get_or_create",
    "update_or_create",
}
# Public service functions that write without an audit entry, and why no cached read
# model can show what they change. A new one fails the test until it is listed here.
UNAUDITED_WRITERS = {
    ("audit", "audit_record"): "the seam itself: it inserts the entry the version is read from",
    ("audit", "audit_channel"): "sets a context variable (the channel's name), not a row",
    ("aifile", "file_settings_for"): "creates the default settings row on first read",
    ("desk", "desk_settings_for"): "creates the default settings row on first read",
    ("guarantees", "transparency_page"): "creates the empty transparency page on first read",
    ("notify", "preferences_save"): "a person's own notification settings, not project data",
    ("notify", "webhook_send_test"): "sends a test call; stores only its delivery record",
    ("surveys", "public_survey"): "the answer path's per-worker copy of a survey",
    ("surveys", "response_submit"): "answers are never audited (anonymity); survey figures "
    "and read models that show them (the dashboard's KPIs, the KPI page) are keyed by the "
    "released count (surveys.selectors.release_marker) besides the project version",
}


def _service_functions() -> dict[tuple[str, str], tuple[set[str], bool]]:
    """{(app, function): (names it calls, whether it calls an ORM write method)}."""
    found = {}
    for path in sorted(APPS.glob("*/services.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            calls, writes = set(), False
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call):
                    func = sub.func
                    if isinstance(func, ast.Name):
                        calls.add(func.id)
                    elif isinstance(func, ast.Attribute):
                        calls.add(func.attr)
                        writes |= func.attr in WRITE_METHODS
            found[path.parent.name, node.name] = (calls, writes)
    return found


def test_every_service_that_writes_goes_through_the_audit_seam():
    functions = _service_functions()
    by_name: dict[str, list] = {}
    for key in functions:
        by_name.setdefault(key[1], []).append(key)

    def audited(key, seen=frozenset()) -> bool:
        calls, _writes = functions[key]
        if calls & AUDITED:
            return True
        return any(
            audited(other, seen | {key})
            for name in calls
            for other in by_name.get(name, [])
            if other not in seen and other != key
        )

    def writes(key, seen=frozenset()) -> bool:
        calls, direct = functions[key]
        return direct or any(
            writes(other, seen | {key})
            for name in calls
            for other in by_name.get(name, [])
            if other not in seen and other != key
        )

    public = [key for key in functions if not key[1].startswith("_")]
    assert len(public) > 100  # the walk found the services
    unaudited = {key for key in public if writes(key) and not audited(key)}
    assert unaudited == set(UNAUDITED_WRITERS), (
        "A service writes without an audit entry, so cached read models would not see it. "
        "Record it with audit_record (or save_created/save_versioned/…), or list it in "
        f"UNAUDITED_WRITERS with the reason: {sorted(unaudited ^ set(UNAUDITED_WRITERS))}"
    )


def test_the_version_read_with_the_membership_serves_reads_and_never_a_write(project, owner, rf):
    from samspill.projects.permissions import project_for_user
    from samspill.projects.services import project_update

    access = project_for_user(owner, project.slug, "view")
    assert access.version == project_version(project)
    project_update(actor=owner, project=project, expected_version=project.version, name="New")
    # A read uses the version it read with the membership: the page built next under that
    # key can only be newer than it. A request that may have written reads it again, so
    # the page it shows after its own write is not an older copy.
    assert current_version(rf.get("/"), access) == access.version
    assert current_version(rf.head("/"), access) == access.version
    for method in ("post", "put", "patch", "delete"):
        fresh = current_version(getattr(rf, method)("/"), access)
        assert fresh == project_version(project) != access.version


def test_an_audited_write_moves_the_version_and_a_rolled_back_one_does_not(project, owner):
    before = project_version(project)
    with transaction.atomic():
        audit_record(
            actor=owner,
            project=project,
            action=AuditAction.UPDATE,
            obj=project,
            changes={"a": [1, 2]},
        )
        inside = project_version(project)
        transaction.set_rollback(True)
    assert inside != before
    assert project_version(project) == before


def test_the_cached_pages_follow_every_write(client, project, owner, django_assert_max_num_queries):
    from django.urls import reverse

    client.force_login(owner)
    group = project.stakeholder_groups.first()

    def alignment() -> str:
        page = client.get(reverse("stakeholders:map", args=[project.slug])).content.decode()
        found = re.search(r'class="alignment-figure[^"]*">([^<]+)<', page)
        return found[1] if found else ""

    assert shown_people(client, project) == 0
    # The session with its user, membership+project with the version, the released answers
    # with the control breaches, the desk (live); then session and membership for the people.
    with django_assert_max_num_queries(6):  # the pages come from the cache
        assert shown_people(client, project) == 0
    person = person_create(actor=owner, project=project, group=group, name="Ada", stance=0)
    assert shown_people(client, project) == 1
    before = alignment()
    person_change_stance(actor=owner, person=person, expected_version=person.version, stance=2)
    assert alignment() != before and alignment().startswith("+")


def test_the_cached_dashboard_and_kpi_page_follow_kpi_values_and_survey_releases(
    client, project, owner
):
    """The dashboard's KPIs, counts, TRUST and milestones and the KPI page are cached per
    version; survey releases are not audited, so the number of released answers keys them."""
    from datetime import timedelta

    from django.urls import reverse

    from samspill.kpis import services as kpi_services
    from samspill.kpis.tests.helpers import this_week
    from samspill.surveys import services as survey_services
    from samspill.surveys.tests.conftest import answer, make_survey

    def below() -> set[str]:
        """The KPI names in the dashboard page's "KPIs below target" section."""
        page = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
        section = (
            page.split('id="kpis-below"', 1)[1].split("</section>", 1)[0]
            if ('id="kpis-below"' in page)
            else ""
        )
        return set(re.findall(r"<li><strong>([^<]+)</strong>", section))

    def kpi_page_below() -> int:
        """The count the KPI page states ("n KPIs are below their targets"), 0 if none."""
        page = client.get(reverse("kpis:dashboard", args=[project.slug])).content.decode()
        found = re.search(r'id="below-summary">(\d+) KPI', page)
        return int(found[1]) if found else 0

    client.force_login(owner)
    tickets = kpi_services.kpi_create(
        actor=owner, project=project, name="Tickets", kind="support_tickets", target=10
    )
    kpi_services.kpi_create(actor=owner, project=project, name="NPS", kind="nps", target=20)
    survey = make_survey(project, owner)
    survey_services.survey_open(actor=owner, survey=survey)
    assert below() == set() and kpi_page_below() == 0

    # A hand-kept value (audited) above the target of a lower-is-better KPI: below target.
    last_week = this_week() - timedelta(weeks=1)
    kpi_services.kpi_value_set(actor=owner, kpi=tickets, period=last_week, value=14)
    assert below() == {"Tickets"} and kpi_page_below() == 1
    kpi_services.kpi_value_set(actor=owner, kpi=tickets, period=last_week, value=8)
    assert below() == set() and kpi_page_below() == 0

    # Four detractors wait (k = 5): nothing released, nothing shown, and cached.
    for _ in range(4):
        answer(survey, "HR", nps=0)
    version = project_version(project)
    assert below() == set() and kpi_page_below() == 0
    # The fifth releases the batch: an NPS of -100. No audit entry, the same version,
    # yet neither page may show the figure cached before the release.
    answer(survey, "HR", nps=0)
    assert project_version(project) == version
    assert below() == {"NPS"} and kpi_page_below() == 1

    # The counts on the same cached page follow an audited write too.
    def people_on_the_map() -> int:
        page = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
        return int(
            re.search(r'<div class="stat">(\d+)</div><div class="stat-label">people', page)[1]
        )

    people = people_on_the_map()
    person_create(
        actor=owner, project=project, group=project.stakeholder_groups.first(), name="Ada"
    )
    assert people_on_the_map() == people + 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs in a child process")
@pytest.mark.django_db(transaction=True)
def test_readers_never_see_a_figure_older_than_the_last_write_postgresql(project, owner):
    findings = editors_and_readers(project, owner)
    assert findings["errors"] == []
    assert findings["stale"] == []
    assert findings["reads"] > 0
    assert findings["people"] == findings["expected_people"]
    assert findings["chain_ok"], findings["chain_problem"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the PostgreSQL test runs in process")
def test_sqlite_server_settings_hold_under_concurrent_writers_and_readers(db, tmp_path):
    """The server's SQLite settings, on a database file: ten editors and eight readers, the
    chain verified after, no stale figure, and one connection for many requests."""
    _copy_schema(tmp_path / "samspill.sqlite3")
    env = {
        **os.environ,
        "SAMSPILL_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "samspill.settings",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "samspill.audit.tests.concurrent_work"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    findings = json.loads(result.stdout.strip().splitlines()[-1])
    assert findings["errors"] == []
    assert findings["stale"] == []
    assert findings["people"] == findings["expected_people"]
    assert findings["chain_ok"], findings["chain_problem"]
    assert findings["reads"] > 0
    assert findings["journal_mode"] == "wal"
    assert findings["conn_max_age"] > 0
    assert findings["connections_for_20_requests"] == 1


def _copy_schema(path: Path) -> None:
    """The migrated test database's tables and indexes in a new file, so the child process
    starts from the same schema without running the migrations again."""
    import sqlite3

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
            "ORDER BY type = 'index'"
        )
        statements = [row[0] for row in cursor.fetchall()]
    target = sqlite3.connect(path)
    try:
        for statement in statements:
            target.execute(statement)
        target.commit()
    finally:
        target.close()


def test_html_holding_a_csrf_token_or_nonce_is_never_stored(project, owner, rf, monkeypatch):
    from samspill.audit import readcache
    from samspill.projects.permissions import project_for_user

    access = project_for_user(owner, project.slug, "view")
    rendered = iter(
        [
            '<input name="csrfmiddlewaretoken" value="a">',
            '<input name="csrfmiddlewaretoken" value="b">',
            '<script nonce="n1"></script>',
            '<script nonce="n2"></script>',
            "<p>same for everyone</p>",
            "<p>never rendered</p>",
        ]
    )
    monkeypatch.setattr(readcache, "render_to_string", lambda *args: next(rendered))
    builds = []

    def shown(name: str) -> str:
        sections = readcache.cached_partials(
            rf.get("/"), access, f"{name}.html", ["part"], lambda: builds.append(name) or {}
        )
        return sections["part"]

    assert shown("csrf") != shown("csrf")  # each reader their own token
    assert shown("nonce") != shown("nonce")
    assert shown("plain") == shown("plain") == "<p>same for everyone</p>"
    assert builds == ["csrf", "csrf", "nonce", "nonce", "plain"]
