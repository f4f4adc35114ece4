import pytest
from django.core.files.storage import FileSystemStorage

from samspill.transfer.schema import Kind, project_models


@pytest.fixture(autouse=True)
def file_storage(tmp_path, monkeypatch):
    """Every file field stores under tmp_path, so tests never write to the real var/."""
    storage = FileSystemStorage(location=tmp_path / "uploads")
    for plan in project_models():
        for field in plan.fields:
            if field.kind == Kind.FILE:
                monkeypatch.setattr(field.field, "storage", storage)
    return storage
