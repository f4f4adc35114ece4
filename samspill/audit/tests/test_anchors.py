"""Signed checkpoints catch what the chain alone cannot: a rewrite by someone who holds the
database but not the key. Each forgery below passes `audit verify` without anchors."""

import dataclasses
import datetime as dt
import json
import os
import stat

import pytest
from django.core.management import CommandError, call_command

from method.audit_chain import GENESIS_HASH, compute_hash
from samspill.audit import anchors
from samspill.audit.chain import _stored_entries
from samspill.audit.models import AuditChainHead, AuditCheckpoint, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_file(tmp_path, monkeypatch):
    path = tmp_path / "audit-key.pem"
    call_command("audit", "keygen", "--out", str(path))
    monkeypatch.setenv(anchors.KEY_ENV, str(path))
    monkeypatch.delenv(anchors.PUBLIC_KEY_ENV, raising=False)
    return path


@pytest.fixture
def anchored(project, key_file, tmp_path):
    """The project's chain, anchored once into a checkpoint file kept outside the database."""
    out = tmp_path / "checkpoints.json"
    call_command("audit", "anchor", "--out", str(out))
    return out


def verify(*args):
    call_command("audit", "verify", *args)


def rewrite_from(sequence: int, **edit) -> None:
    """Alter one entry and recompute every hash after it and the head: all a database
    administrator without the key can do."""
    prev = GENESIS_HASH
    project_last: dict[str, str] = {}
    for entry in list(_stored_entries()):
        if entry.sequence == sequence:
            entry = dataclasses.replace(entry, **edit)
        if entry.sequence >= sequence:
            link = entry.project_prev_hash and project_last.get(entry.project, GENESIS_HASH)
            entry = dataclasses.replace(entry, prev_hash=prev, project_prev_hash=link)
            entry = dataclasses.replace(entry, entry_hash=compute_hash(entry))
            AuditEntry.objects.filter(sequence=entry.sequence).update(
                actor_label=entry.actor,
                object_repr=entry.object_repr,
                prev_hash=entry.prev_hash,
                project_prev_hash=entry.project_prev_hash,
                entry_hash=entry.entry_hash,
            )
        prev = entry.entry_hash
        project_last[entry.project] = entry.entry_hash
    AuditChainHead.objects.update(last_hash=prev)


def test_keygen_writes_a_private_key_only_its_owner_can_read(key_file, capsys):
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert b"PRIVATE KEY" in key_file.read_bytes()
    with pytest.raises(CommandError, match="exists already"):
        call_command("audit", "keygen", "--out", str(key_file))


def test_verify_prints_the_head(project, capsys):
    verify()
    head = AuditChainHead.objects.get()
    assert f"Head: entry {head.sequence}, hash {head.last_hash}" in capsys.readouterr().out


def test_anchor_needs_the_key(project, monkeypatch):
    monkeypatch.delenv(anchors.KEY_ENV, raising=False)
    with pytest.raises(CommandError, match=anchors.KEY_ENV):
        call_command("audit", "anchor")


def test_a_key_file_that_is_no_key_is_refused(project, tmp_path, monkeypatch):
    bad = tmp_path / "bad.pem"
    bad.write_text("not a key")
    monkeypatch.setenv(anchors.KEY_ENV, str(bad))
    with pytest.raises(CommandError, match="not an unencrypted PEM private key"):
        call_command("audit", "anchor")


def test_anchor_signs_the_head_into_the_database_and_the_file(anchored, capsys):
    row = AuditCheckpoint.objects.get()
    head = AuditChainHead.objects.get()
    assert (row.sequence, row.entry_hash) == (head.sequence, head.last_hash)
    document = json.loads(anchored.read_text())
    assert document["format"] == "samspill-audit-checkpoints"
    assert document["public_key"] == row.public_key
    assert document["checkpoints"][0]["signature"] == row.signature
    verify("--anchors", str(anchored))
    out = capsys.readouterr().out
    assert "All 1 checkpoints from" in out and f"entry {row.sequence}" in out


def test_a_broken_chain_is_not_anchored(project, key_file):
    AuditEntry.objects.filter(sequence=2).update(actor_label="mallory")
    with pytest.raises(CommandError, match="Not anchored"):
        call_command("audit", "anchor")
    assert not AuditCheckpoint.objects.exists()


def test_a_full_rewrite_with_recomputed_hashes_is_detected(anchored, owner):
    rewrite_from(2, actor="mallory")
    verify()  # the chain alone cannot tell: every hash and link is consistent
    with pytest.raises(CommandError, match="the chain was rewritten"):
        verify("--anchors", str(anchored))
    with pytest.raises(CommandError, match="the chain was rewritten"):
        verify("--anchors")  # the database's copy, checked with the key from the environment


def test_deleting_the_last_entry_and_resetting_the_head_is_detected(anchored):
    last = AuditEntry.objects.order_by("-sequence").first()
    last.delete()
    previous = AuditEntry.objects.order_by("-sequence").first()
    AuditChainHead.objects.update(sequence=previous.sequence, last_hash=previous.entry_hash)
    verify()  # the chain alone cannot tell
    with pytest.raises(CommandError, match=f"entry {last.sequence} does not hold: .*removed"):
        verify("--anchors", str(anchored))


def test_entries_after_the_last_anchor_are_not_covered(anchored, owner):
    """The window between anchors, stated as a test: a later entry removed unseen."""
    from samspill.projects.services import project_create

    project_create(
        actor=owner, name="Later", ai_tool="X", start_date=dt.date(2026, 9, 1), departments=""
    )
    last = AuditEntry.objects.order_by("-sequence").first()
    last.delete()
    previous = AuditEntry.objects.order_by("-sequence").first()
    AuditChainHead.objects.update(sequence=previous.sequence, last_hash=previous.entry_hash)
    verify("--anchors", str(anchored))


def test_a_checkpoint_forged_in_the_file_is_detected(anchored, owner):
    rewrite_from(2, actor="mallory")
    document = json.loads(anchored.read_text())
    head = AuditChainHead.objects.get()
    document["checkpoints"][0]["entry_hash"] = head.last_hash  # no key to sign it with
    anchored.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="signature is not valid"):
        verify("--anchors", str(anchored))


def test_a_checkpoint_forged_in_the_database_with_another_key_is_detected(
    anchored, tmp_path, monkeypatch
):
    rewrite_from(2, actor="mallory")
    AuditCheckpoint.objects.all().delete()
    other = tmp_path / "mallory.pem"
    call_command("audit", "keygen", "--out", str(other))
    public = anchors.public_key_text(
        anchors.key_load(str(anchors.os.environ[anchors.KEY_ENV])).public_key()
    )
    anchors.anchor_create(anchors.key_load(str(other)))  # re-anchored by the forger
    monkeypatch.delenv(anchors.KEY_ENV)
    with pytest.raises(CommandError, match="signature is not valid"):
        verify("--anchors", "--public-key", public)
    with pytest.raises(CommandError, match="the chain was rewritten"):
        verify("--anchors", str(anchored), "--public-key", public)  # the observer's copy


def test_the_database_copy_needs_a_key_from_outside_it(anchored, monkeypatch):
    monkeypatch.delenv(anchors.KEY_ENV)
    with pytest.raises(CommandError, match="public key from outside"):
        verify("--anchors")


def test_a_copy_is_checked_with_its_own_key_when_no_other_is_given(anchored, monkeypatch, capsys):
    monkeypatch.delenv(anchors.KEY_ENV)
    verify("--anchors", str(anchored))
    assert "make sure it is the one you trust" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"format": "other", "checkpoints": []}',
        '{"format": "samspill-audit-checkpoints", "checkpoints": [{"sequence": "1"}]}',
    ],
)
def test_a_malformed_checkpoint_file_is_refused(project, tmp_path, content):
    path = tmp_path / "c.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=r"not JSON|not a Samspill checkpoint list|malformed"):
        verify("--anchors", str(path))


def test_the_checkpoints_command_prints_the_list(anchored, capsys):
    capsys.readouterr()
    call_command("audit", "checkpoints")
    document = json.loads(capsys.readouterr().out)
    assert len(document["checkpoints"]) == 1


def test_owners_and_observers_download_a_list_that_verifies(anchored, client, members, tmp_path):
    from django.urls import reverse

    from samspill.projects.models import Project

    slug = Project.objects.get().slug
    for role in ("owner", "observer"):
        client.force_login(members[role])
        response = client.get(reverse("audit:checkpoints", args=[slug]))
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        copy = tmp_path / f"{role}-copy.json"
        copy.write_bytes(response.content)
        assert json.loads(copy.read_text())["public_key"]
        verify("--anchors", str(copy))
    client.force_login(members["viewer"])
    assert client.get(reverse("audit:checkpoints", args=[slug])).status_code == 403


def test_the_trail_page_names_the_latest_checkpoint(anchored, client, owner, project):
    from django.urls import reverse

    client.force_login(owner)
    page = client.get(reverse("audit:trail", args=[project.slug])).content.decode()
    row = AuditCheckpoint.objects.get()
    assert f"up to entry {row.sequence}" in page
    assert reverse("audit:checkpoints", args=[project.slug]) in page


def test_the_trail_page_says_when_nothing_is_anchored(client, owner, project):
    from django.urls import reverse

    client.force_login(owner)
    page = client.get(reverse("audit:trail", args=[project.slug])).content.decode()
    assert "No checkpoint has been signed yet" in page
