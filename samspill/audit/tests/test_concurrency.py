"""The chain stays intact when many writers append at once (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, connections

from samspill.audit.chain import verify_stored_chain
from samspill.audit.models import AuditEntry
from samspill.projects.services import project_update

WRITERS = 8
EDITS_PER_WRITER = 10

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers are tested on PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_chain_intact(project, owner):
    from samspill.audit.models import AuditAction
    from samspill.audit.services import audit_record

    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        try:
            start.wait()
            for edit in range(EDITS_PER_WRITER):
                audit_record(
                    actor=owner,
                    project=project,
                    action=AuditAction.UPDATE,
                    obj=project,
                    changes={"note": [None, f"writer {number} edit {edit}"]},
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    before = AuditEntry.objects.count()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AuditEntry.objects.count() == before + WRITERS * EDITS_PER_WRITER
    report = verify_stored_chain()
    assert report.ok, report.problem


@pytest.mark.django_db(transaction=True)
def test_concurrent_stale_edits_let_exactly_one_win(project, owner):
    results: list[str] = []
    start = threading.Barrier(4)

    def editor(number: int) -> None:
        from samspill.core.versioning import StaleEditError

        try:
            start.wait()
            project_update(actor=owner, project=project, expected_version=1, name=f"Edit {number}")
            results.append("saved")
        except StaleEditError:
            results.append("stale")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["saved", "stale", "stale", "stale"]
    assert verify_stored_chain().ok
