"""The imported history stays checkable: any later change to it is noticed."""

import pytest

from samspill.overview.demo import demo_load
from samspill.transfer.exporting import project_export_json
from samspill.transfer.history import history_check
from samspill.transfer.importing import project_import
from samspill.transfer.models import ImportedAuditEntry
from samspill.transfer.tests.helpers import demo_owner

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    project, _created = demo_load()
    data = project_export_json(project, actor=demo_owner())
    return project_import(actor=demo_owner(), data=data, filename="demo.json").project


def test_an_imported_history_checks_out(imported):
    check = history_check(imported)
    assert check.ok
    assert check.checked == imported.imported_audit_entries.count() > 50


def test_an_altered_entry_is_noticed(imported):
    ImportedAuditEntry.objects.filter(project=imported, position=5).update(actor_label="mallory")
    check = history_check(imported)
    assert not check.ok
    assert "altered" in check.problem


def test_a_removed_entry_is_noticed(imported):
    imported.imported_audit_entries.filter(position=7).delete()
    assert not history_check(imported).ok


def test_a_project_that_was_not_imported_has_nothing_to_check(project):
    assert history_check(project).ok
    assert history_check(project).checked == 0
