import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from samspill.accounts import services, tokens
from samspill.accounts.models import Invitation, InvitationState
from samspill.accounts.tests.conftest import token_of
from samspill.audit.models import AuditEntry
from samspill.core import clock


def _invite(project, owner, email="new.colleague@example.org", **kwargs):
    return services.invitation_create(actor=owner, project=project, email=email, **kwargs)


def test_an_invitation_stores_only_the_hash_of_its_link(project, owner):
    issued = _invite(project, owner)
    token = token_of(issued.link)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == tokens.token_hash(token)
    assert token not in invitation.token_hash
    assert issued.link == f"https://samspill.example/invitations/{token}/"


def test_a_new_invitation_is_for_a_viewer_and_expires_after_the_setting(project, owner, settings):
    settings.INVITATION_DAYS = 3
    invitation = _invite(project, owner).invitation
    assert invitation.role == "viewer"
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=3)
    assert invitation.state(clock.now()) == InvitationState.PENDING


def test_the_invitation_is_mailed_in_the_projects_language(project, owner):
    project.language = "nb"
    project.save()
    issued = _invite(project, owner)
    assert issued.emailed
    [message] = mail.outbox
    assert message.to == ["new.colleague@example.org"]
    assert issued.link in message.body
    assert "inviterer deg" in message.body


def test_without_email_nothing_is_sent_and_the_link_is_returned(project, owner, settings):
    settings.MAILERS = {}
    issued = _invite(project, owner)
    assert not issued.emailed and not mail.outbox
    assert services.invitation_for_token(token_of(issued.link)) == issued.invitation


def test_a_failing_mail_server_still_gives_the_link(project, owner, monkeypatch):
    def broken(self, *args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    issued = _invite(project, owner)
    assert not issued.emailed
    assert Invitation.objects.filter(pk=issued.invitation.pk).exists()


def test_creating_and_revoking_are_audited(project, owner):
    invitation = _invite(project, owner).invitation
    services.invitation_revoke(actor=owner, invitation=invitation)
    entries = AuditEntry.objects.filter(object_type="accounts.invitation").order_by("sequence")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[0].changes["email"] == [None, "new.colleague@example.org"]
    assert entries[0].changes["role"] == [None, "viewer"]
    assert "revoked_at" in entries[1].changes
    assert all(e.project == project for e in entries)


def test_a_second_waiting_invitation_for_the_same_address_is_refused(project, owner):
    _invite(project, owner)
    with pytest.raises(ValidationError):
        _invite(project, owner, email="New.Colleague@example.org")


def test_a_members_address_cannot_be_invited_again(project, owner, members):
    with pytest.raises(ValidationError):
        _invite(project, owner, email="viewer@example.org")


def test_resending_replaces_the_link_and_renews_the_expiry(project, owner, pinned_clock):
    first = _invite(project, owner)
    pinned_clock.shift(dt.timedelta(days=8))
    assert first.invitation.state(clock.now()) == InvitationState.EXPIRED
    second = services.invitation_resend(actor=owner, invitation=first.invitation)
    assert second.link != first.link
    assert services.invitation_for_token(token_of(first.link)) is None
    renewed = services.invitation_for_token(token_of(second.link))
    assert renewed.state(clock.now()) == InvitationState.PENDING


def test_a_used_or_revoked_invitation_cannot_be_resent(project, owner, make_user):
    invitation = _invite(project, owner).invitation
    services.invitation_revoke(actor=owner, invitation=invitation)
    with pytest.raises(ValidationError):
        services.invitation_resend(actor=owner, invitation=invitation)
    with pytest.raises(ValidationError):
        services.invitation_revoke(actor=owner, invitation=invitation)


def test_accepting_makes_a_member_with_the_invited_role(project, owner, make_user):
    invitation = _invite(project, owner, role="editor").invitation
    user = make_user(username="newcolleague", email="new.colleague@example.org")
    membership = services.invitation_accept(invitation=invitation, user=user)
    assert membership.role == "editor" and membership.project == project
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert AuditEntry.objects.filter(object_type="projects.membership", actor=user).exists()


def test_an_invitation_is_used_once(project, owner, make_user):
    """Token reuse: the second acceptance, by anyone, is refused."""
    invitation = _invite(project, owner).invitation
    first = make_user(username="first", email="new.colleague@example.org")
    second = make_user(username="second", email="new.colleague@example.org")
    services.invitation_accept(invitation=invitation, user=first)
    with pytest.raises(services.InvitationUnusable) as raised:
        services.invitation_accept(invitation=invitation, user=second)
    assert raised.value.state == InvitationState.ACCEPTED
    assert not project.memberships.filter(user=second).exists()


def test_an_expired_invitation_cannot_be_accepted(project, owner, make_user, pinned_clock):
    invitation = _invite(project, owner).invitation
    pinned_clock.shift(dt.timedelta(days=7, seconds=1))
    user = make_user(username="late", email="new.colleague@example.org")
    with pytest.raises(services.InvitationUnusable) as raised:
        services.invitation_accept(invitation=invitation, user=user)
    assert raised.value.state == InvitationState.EXPIRED
    assert not project.memberships.filter(user=user).exists()


def test_a_new_account_and_its_membership_are_made_together(project, owner):
    invitation = _invite(project, owner).invitation
    user, membership = services.account_create_for_invitation(
        invitation=invitation, username="nora", password="a long enough passphrase"
    )
    assert user.email == "new.colleague@example.org"
    assert user.check_password("a long enough passphrase")
    assert membership.role == "viewer"
    assert AuditEntry.objects.filter(object_type="auth.user", project=None).exists()


def test_a_weak_password_creates_nothing(project, owner, django_user_model):
    invitation = _invite(project, owner).invitation
    with pytest.raises(ValidationError):
        services.account_create_for_invitation(
            invitation=invitation, username="nora", password="123"
        )
    assert not django_user_model.objects.filter(username="nora").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize("token", ["", "x" * 500, "made-up", "a/b", "\x00"])
def test_made_up_tokens_find_nothing(project, owner, token):
    _invite(project, owner)
    assert services.invitation_for_token(token) is None
