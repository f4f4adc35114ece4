"""Tokens: made in the UI and on the command line, hashed, expiring, revocable, audited,
and ended with their user's account."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from samspill.accounts.api_tokens import token_create, token_for_secret, token_revoke
from samspill.accounts.models import ApiToken
from samspill.accounts.site import user_deactivate
from samspill.audit.models import AuditEntry
from samspill.core.tokens import token_hash


def test_only_the_hash_is_stored_and_the_secret_opens_it(project, owner):
    issued = token_create(actor=owner, name="BI", projects=[project], scope="read")
    stored = ApiToken.objects.get()
    assert stored.token_hash == token_hash(issued.secret)
    assert issued.secret not in {stored.token_hash, stored.prefix, stored.name}
    assert token_for_secret(issued.secret) == stored
    assert token_for_secret(issued.secret + "x") is None


def test_making_and_revoking_a_token_is_audited_without_the_secret(project, owner):
    issued = token_create(actor=owner, name="BI", projects=[project], scope="read")
    token_revoke(actor=owner, token=issued.token)
    entries = AuditEntry.objects.filter(object_type="accounts.apitoken").order_by("sequence")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[0].changes["projects"] == [None, [project.name]]
    assert "revoked_at" in entries[1].changes
    assert all(issued.secret not in str(e.changes) for e in entries)


def test_expired_and_revoked_tokens_get_401(api, project, owner, pinned_clock):
    live = token_create(actor=owner, name="a", projects=[project], scope="read", days=1)
    revoked = token_create(actor=owner, name="b", projects=[project], scope="read")
    token_revoke(actor=owner, token=revoked.token)
    path = f"/projects/{project.slug}"
    assert api("get", path, live.secret).status_code == 200
    assert api("get", path, revoked.secret).status_code == 401
    pinned_clock.shift(dt.timedelta(days=2))
    response = api("get", path, live.secret)
    assert response.status_code == 401
    assert b"ScreenBot" not in response.content


def test_deactivating_the_user_ends_their_tokens(api, project, members):
    secret = token_create(
        actor=members["editor"], name="feed", projects=[project], scope="write"
    ).secret
    user_deactivate(actor=members["owner"], user=members["editor"])
    assert api("get", f"/projects/{project.slug}", secret).status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_leaving_the_project_ends_access_at_once(api, project, members):
    from samspill.projects.services import membership_remove

    secret = token_create(
        actor=members["viewer"], name="t", projects=[project], scope="read"
    ).secret
    membership = project.memberships.get(user=members["viewer"])
    membership_remove(actor=members["owner"], membership=membership)
    assert api("get", f"/projects/{project.slug}/people", secret).status_code == 404


def test_last_used_is_recorded(api, project, owner):
    issued = token_create(actor=owner, name="t", projects=[project], scope="read")
    assert issued.token.last_used_at is None
    api("get", f"/projects/{project.slug}", issued.secret)
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None


def test_the_tokens_page_shows_the_secret_once(client, project, owner):
    client.force_login(owner)
    response = client.post(
        reverse("tokens:list"),
        {"name": "Power BI", "scope": "read", "days": "90", "projects": [project.slug]},
    )
    assert response.status_code == 200
    secret = response.context["issued"].secret
    assert secret.encode() in response.content
    token = ApiToken.objects.get()
    assert token_for_secret(secret) == token
    again = client.get(reverse("tokens:list"))
    assert secret.encode() not in again.content
    assert b"Power BI" in again.content


def test_the_tokens_page_refuses_a_project_of_someone_else(client, project, members):
    client.force_login(members["outsider"])
    response = client.post(
        reverse("tokens:list"),
        {"name": "x", "scope": "write", "days": "30", "projects": [project.slug]},
    )
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_an_owner_makes_and_revokes_a_service_token(client, project, members):
    client.force_login(members["owner"])
    url = reverse("tokens:service", args=[project.slug])
    response = client.post(url, {"name": "HR feed", "scope": "write", "days": "365"})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.kind == "service" and list(token.projects.all()) == [project]
    revoke = reverse("tokens:service_revoke", args=[project.slug, token.uuid])
    assert client.post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_create_command_prints_the_secret_once(project, owner):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "token",
        "create",
        "nightly sync",
        "--user",
        owner.username,
        "--project",
        project.slug,
        "--write",
        stdout=out,
        stderr=err,
    )
    secret = out.getvalue().strip()
    token = token_for_secret(secret)
    assert token is not None and token.scope == "write"
    assert "only time" in err.getvalue()


@pytest.mark.parametrize("days", [0, 400])
def test_token_lifetime_is_bounded(project, owner, days):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        token_create(actor=owner, name="t", projects=[project], scope="read", days=days)
