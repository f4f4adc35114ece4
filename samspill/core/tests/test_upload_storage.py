"""Uploads on disk and in an S3 bucket (moto in server mode on loopback).

A write stores the whole file or nothing; a file in the bucket is served only through the
permission check, streamed or by a short-lived pre-signed redirect; `samspill storage
migrate` copies the disk folder into the bucket and checks every file's SHA-256.
"""

import errno
import hashlib
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from samspill.core.storage import BucketUploadStorage, DiskUploadStorage, FileNotStored
from samspill.trust.models import ChecklistItem
from samspill.trust.tests.test_trust import edit_url, form_data
from tests.servers import bucket_storage_options, s3_server


class BrokenAfterFirstChunk(ContentFile):
    """Content whose second chunk meets a full disk, as a real write would."""

    def chunks(self, chunk_size=None):
        yield b"first half "
        raise OSError(errno.ENOSPC, "No space left on device")


def files_under(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_failed_disk_write_leaves_no_file_and_says_why(tmp_path):
    storage = DiskUploadStorage(location=tmp_path)
    storage.save("evidence/ok.pdf", ContentFile(b"whole"))

    with pytest.raises(FileNotStored) as caught:
        storage.save("evidence/half.pdf", BrokenAfterFirstChunk(b"", name="half.pdf"))

    assert "could not store the file" in caught.value.messages[0]
    assert files_under(tmp_path) == ["evidence/ok.pdf"]
    assert (tmp_path / "evidence/ok.pdf").read_bytes() == b"whole"


def test_a_disk_name_in_use_gets_a_new_name_and_no_partial_is_left(tmp_path):
    storage = DiskUploadStorage(location=tmp_path)
    first = storage.save("a.txt", ContentFile(b"one"))
    second = storage.save("a.txt", ContentFile(b"two"))

    assert first == "a.txt" and second != "a.txt"
    assert files_under(tmp_path) == sorted([first, second])


@pytest.fixture
def s3():
    with s3_server() as server:
        yield server


@pytest.fixture
def bucket(s3, monkeypatch):
    storage = BucketUploadStorage(**bucket_storage_options(s3))
    monkeypatch.setattr(ChecklistItem._meta.get_field("evidence_file"), "storage", storage)
    return storage


def bucket_keys(s3) -> list[str]:
    listed = s3["client"].list_objects_v2(Bucket=s3["bucket"])
    return sorted(item["Key"] for item in listed.get("Contents", []))


@pytest.mark.django_db
def test_evidence_goes_to_the_bucket_and_is_served_only_to_members(
    client, project, owner, members, s3, bucket, settings
):
    item = project.checklist_items.get(key="data_documented")
    client.force_login(owner)
    upload = SimpleUploadedFile("inventory.pdf", b"%PDF-1.4 in the bucket")
    response = client.post(edit_url(project, item), {**form_data(item), "evidence_file": upload})
    assert response.status_code == 302
    item.refresh_from_db()
    assert bucket_keys(s3) == [item.evidence_file.name]

    url = reverse("trust:item_evidence", args=[project.slug, item.uuid])
    client.force_login(members["viewer"])
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 in the bucket"
    client.force_login(members["outsider"])
    assert client.get(url).status_code == 404

    settings.S3_REDIRECT = True
    client.force_login(members["viewer"])
    redirect = client.get(url)
    assert redirect.status_code == 302
    signed = redirect["Location"]
    assert (signed.startswith(s3["endpoint"]) and "Signature" in signed) or "X-Amz-" in signed
    with urllib.request.urlopen(signed, timeout=5) as fetched:  # noqa: S310 - loopback moto
        assert fetched.read() == b"%PDF-1.4 in the bucket"
        assert "attachment" in fetched.headers["Content-Disposition"]
    client.force_login(members["outsider"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_unreachable_bucket_is_a_form_error_and_nothing_changes(
    client, project, owner, s3, bucket
):
    item = project.checklist_items.get(key="data_documented")
    bucket.bucket_name = "no-such-bucket"
    client.force_login(owner)
    upload = SimpleUploadedFile("inventory.pdf", b"%PDF-1.4")
    response = client.post(edit_url(project, item), {**form_data(item), "evidence_file": upload})

    assert response.status_code == 200
    assert "could not store the file" in response.content.decode()
    item.refresh_from_db()
    assert not item.evidence_file
    assert item.version == 1 or item.version == form_data(item)["version"]


def test_storage_migrate_copies_the_folder_and_checks_every_hash(tmp_path, s3, settings):
    source = tmp_path / "uploads"
    (source / "evidence/2026/12").mkdir(parents=True)
    (source / "evidence/2026/12/a.pdf").write_bytes(b"%PDF a")
    (source / "evidence/2026/12/b.txt").write_bytes(b"b" * 3_000_000)
    (source / "evidence/2026/12/c.pdf.partial-0011").write_bytes(b"half")
    settings.S3_BUCKET = s3["bucket"]
    settings.STORAGES = {
        **settings.STORAGES,
        "uploads": {
            "BACKEND": "samspill.core.storage.BucketUploadStorage",
            "OPTIONS": bucket_storage_options(s3),
        },
    }

    call_command("storage", "migrate", "--source", str(source))

    assert bucket_keys(s3) == ["evidence/2026/12/a.pdf", "evidence/2026/12/b.txt"]
    body = s3["client"].get_object(Bucket=s3["bucket"], Key="evidence/2026/12/b.txt")["Body"]
    assert hashlib.sha256(body.read()).hexdigest() == hashlib.sha256(b"b" * 3_000_000).hexdigest()

    # Again: nothing to copy; a changed disk file replaces the stale object.
    (source / "evidence/2026/12/a.pdf").write_bytes(b"%PDF a, revised")
    call_command("storage", "migrate", "--source", str(source))
    body = s3["client"].get_object(Bucket=s3["bucket"], Key="evidence/2026/12/a.pdf")["Body"]
    assert body.read() == b"%PDF a, revised"


def test_storage_migrate_refuses_without_a_bucket(settings, tmp_path):
    settings.S3_BUCKET = ""
    with pytest.raises(CommandError, match="SAMSPILL_S3_BUCKET"):
        call_command("storage", "migrate", "--source", str(tmp_path))
