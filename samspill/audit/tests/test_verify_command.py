import pytest
from django.core.management import CommandError, call_command

from samspill.audit.models import AuditChainHead, AuditEntry


def verify():
    call_command("audit", "verify")


def test_intact_chain_verifies(project, capsys):
    verify()
    assert "Audit chain intact" in capsys.readouterr().out


def test_an_altered_entry_is_named(project):
    entry = AuditEntry.objects.order_by("sequence")[3]
    AuditEntry.objects.filter(pk=entry.pk).update(actor_label="mallory")
    with pytest.raises(CommandError, match=f"broken at entry {entry.sequence}: .*altered"):
        verify()


def test_altered_changes_are_found(project):
    entry = AuditEntry.objects.order_by("sequence")[0]
    AuditEntry.objects.filter(pk=entry.pk).update(changes={"name": [None, "forged"]})
    with pytest.raises(CommandError, match=f"broken at entry {entry.sequence}"):
        verify()


def test_a_removed_entry_is_found(project):
    AuditEntry.objects.filter(sequence=2).delete()
    with pytest.raises(CommandError, match="broken at entry 3: expected entry 2"):
        verify()


def test_removing_the_newest_entry_is_found(project):
    last = AuditEntry.objects.order_by("-sequence").first()
    last.delete()
    with pytest.raises(CommandError, match="head records entry"):
        verify()


def test_an_inserted_entry_is_found(project):
    AuditEntry.objects.filter(sequence__gte=3).update(sequence=models_shift())
    with pytest.raises(CommandError, match="broken at entry"):
        verify()


def models_shift():
    from django.db.models import F

    return F("sequence") + 1000


def test_an_altered_head_is_found(project):
    AuditChainHead.objects.update(last_hash="f" * 64)
    with pytest.raises(CommandError, match="head"):
        verify()
