"""A replaced, cleared or deleted evidence file leaves nothing behind under the uploads."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from samspill.audit.models import AuditEntry
from samspill.core.versioning import StaleEditError
from samspill.projects.services import project_delete
from samspill.trust.models import ChecklistItem
from samspill.trust.services import item_update
from samspill.trust.tests.test_trust import edit_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage(tmp_path, monkeypatch, settings):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "uploads"
    storage = FileSystemStorage(location=tmp_path / "uploads")
    monkeypatch.setattr(ChecklistItem._meta.get_field("evidence_file"), "storage", storage)
    return storage


def stored(storage) -> list[str]:
    root = storage.location
    return sorted(str(path.relative_to(root)) for path in Path(root).rglob("*") if path.is_file())


def attach(owner, item, name, content=b"%PDF-1.4 evidence"):
    item.refresh_from_db()
    return item_update(
        actor=owner,
        item=item,
        expected_version=item.version,
        evidence_file=ContentFile(content, name=name),
    )


def test_a_replaced_file_is_deleted_and_the_trail_names_both(
    project, owner, storage, django_capture_on_commit_callbacks
):
    item = project.checklist_items.get(key="data_documented")
    with django_capture_on_commit_callbacks(execute=True):
        first = attach(owner, item, "inventory-v1.pdf").evidence_file.name
    with django_capture_on_commit_callbacks(execute=True):
        second = attach(owner, item, "inventory-v2.pdf").evidence_file.name
    assert stored(storage) == [second]
    entry = AuditEntry.objects.filter(object_id=str(item.uuid)).order_by("-sequence").first()
    assert entry.changes["evidence_file"] == [first, second]


def test_a_replacement_through_the_page_leaves_one_file(
    client, project, owner, storage, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = project.checklist_items.get(key="data_documented")
    client.force_login(owner)
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        item.refresh_from_db()
        upload = SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode())
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                edit_url(project, item), {**form_data(item), "evidence_file": upload}
            )
        assert response.status_code == 302
    item.refresh_from_db()
    assert stored(storage) == [item.evidence_file.name]
    assert item.evidence_file.name.endswith("c.pdf")


def test_a_cleared_file_is_deleted(
    client, project, owner, storage, django_capture_on_commit_callbacks
):
    item = project.checklist_items.get(key="data_documented")
    with django_capture_on_commit_callbacks(execute=True):
        attach(owner, item, "inventory.pdf")
    item.refresh_from_db()
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(project, item), {**form_data(item), "evidence_file-clear": "on"}
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.evidence_file
    assert stored(storage) == []


def test_a_deleted_project_takes_its_files(
    project, owner, storage, django_capture_on_commit_callbacks
):
    item = project.checklist_items.get(key="data_documented")
    with django_capture_on_commit_callbacks(execute=True):
        attach(owner, item, "inventory.pdf")
    assert len(stored(storage)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        project_delete(actor=owner, project=project)
    assert stored(storage) == []


def test_a_file_another_row_still_names_is_kept(
    project, owner, storage, django_capture_on_commit_callbacks
):
    items = list(project.checklist_items.all()[:2])
    with django_capture_on_commit_callbacks(execute=True):
        name = attach(owner, items[0], "shared.pdf").evidence_file.name
    ChecklistItem.objects.filter(pk=items[1].pk).update(evidence_file=name)
    with django_capture_on_commit_callbacks(execute=True):
        attach(owner, items[0], "own.pdf")
    assert name in stored(storage)


def test_a_failed_edit_deletes_nothing(project, owner, storage, django_capture_on_commit_callbacks):
    item = project.checklist_items.get(key="data_documented")
    with django_capture_on_commit_callbacks(execute=True):
        name = attach(owner, item, "inventory.pdf").evidence_file.name
    item.refresh_from_db()
    with pytest.raises(StaleEditError), django_capture_on_commit_callbacks(execute=True):
        item_update(actor=owner, item=item, expected_version=item.version - 1, status="done")
    assert stored(storage) == [name]
