import datetime as dt

import pytest
from django.urls import reverse

from conftest import PASSWORD
from samspill.accounts import services
from samspill.accounts.models import Invitation
from samspill.accounts.tests.conftest import token_of

NEW_PASSWORD = "a long enough passphrase"


def _invite(project, owner, email="new.colleague@example.org", role="viewer"):
    return services.invitation_create(actor=owner, project=project, email=email, role=role)


def _accept_url(issued) -> str:
    return reverse("accounts:invitation_accept", args=[token_of(issued.link)])


def _signup(client, url, username="nora", password=NEW_PASSWORD):
    return client.post(url, {"username": username, "password1": password, "password2": password})


# --- The owner's side


def test_add_a_member_defaults_to_viewer(client, project, owner):
    client.force_login(owner)
    page = client.get(reverse("projects:members", args=[project.slug]))
    assert page.context["add_form"]["role"].value() == "viewer"
    assert page.context["invite_form"]["role"].value() == "viewer"
    assert '<option value="viewer" selected>' in page.content.decode()


def test_owner_without_smtp_is_shown_the_link_with_a_note(client, project, owner, settings):
    settings.MAILERS = {}
    client.force_login(owner)
    response = client.post(
        reverse("accounts:invitation_create", args=[project.slug]),
        {"email": "new.colleague@example.org", "role": "editor"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    issued = response.context["issued"]
    assert issued.link in body
    assert "This server has no e-mail set up" in body
    assert Invitation.objects.get().role == "editor"


def test_owner_with_smtp_gets_a_confirmation(client, project, owner, settings):
    settings.EMAIL_REACHES_PEOPLE = True
    client.force_login(owner)
    response = client.post(
        reverse("accounts:invitation_create", args=[project.slug]),
        {"email": "new.colleague@example.org", "role": "viewer"},
    )
    assert response.status_code == 302
    listed = client.get(response["Location"]).content.decode()
    assert "Invitation sent to new.colleague@example.org." in listed
    assert "new.colleague@example.org" in listed


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not an address", "role": "viewer"},
        {"email": "x@example.org", "role": "superuser"},
        {"email": "", "role": ""},
        {"email": "a@b.c" + "x" * 300, "role": "viewer"},
    ],
)
def test_bad_invitation_input_is_a_form_error(client, project, owner, data):
    client.force_login(owner)
    response = client.post(reverse("accounts:invitation_create", args=[project.slug]), data)
    assert response.status_code == 400
    assert response.context["invite_form"].errors
    assert not Invitation.objects.exists()


def test_inviting_a_known_or_an_unknown_address_answers_alike(client, project, owner, make_user):
    """Account enumeration: the owner learns nothing about whether the address has an
    account on this installation (only members of this very project are told apart)."""
    make_user(username="someone", email="known@example.org")
    client.force_login(owner)
    url = reverse("accounts:invitation_create", args=[project.slug])
    known = client.post(url, {"email": "known@example.org", "role": "viewer"})
    unknown = client.post(url, {"email": "unknown@example.org", "role": "viewer"})
    assert known.status_code == unknown.status_code == 200
    assert known.templates[0].name == unknown.templates[0].name
    client.logout()  # the invitee's view
    known_issued, unknown_issued = known.context["issued"], unknown.context["issued"]
    known_page = client.get(_accept_url(known_issued)).content.decode()
    unknown_page = client.get(_accept_url(unknown_issued)).content.decode()

    def card(page: str, issued) -> str:
        card = page.split('class="card auth-card">')[1].split("<form")[0]
        return card.replace(issued.invitation.email, "X").replace(token_of(issued.link), "T")

    assert card(known_page, known_issued) == card(unknown_page, unknown_issued)
    # Both offer "log in" and "create an account"; neither says which applies.
    assert "Log in to accept" in known_page and "Log in to accept" in unknown_page
    assert "Or create your account" in known_page and "Or create your account" in unknown_page


def test_members_page_lists_invitations_for_owners_only(client, project, owner, members):
    _invite(project, owner)
    client.force_login(owner)
    assert (
        "new.colleague@example.org"
        in client.get(reverse("projects:members", args=[project.slug])).content.decode()
    )
    client.force_login(members["editor"])
    body = client.get(reverse("projects:members", args=[project.slug])).content.decode()
    assert "new.colleague@example.org" not in body


def test_owner_revokes_and_the_link_stops_working(client, project, owner):
    issued = _invite(project, owner)
    client.force_login(owner)
    response = client.post(
        reverse("accounts:invitation_revoke", args=[project.slug, issued.invitation.uuid])
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(_accept_url(issued))
    assert page.status_code == 410
    assert "This invitation was withdrawn" in page.content.decode()


def test_owner_resends_and_only_the_new_link_works(client, project, owner):
    issued = _invite(project, owner)
    client.force_login(owner)
    response = client.post(
        reverse("accounts:invitation_resend", args=[project.slug, issued.invitation.uuid])
    )
    assert response.status_code == 200
    new = response.context["issued"]
    client.logout()
    assert client.get(_accept_url(issued)).status_code == 404
    assert client.get(_accept_url(new)).status_code == 200


def test_another_projects_invitation_cannot_be_revoked(client, project, owner, make_user):
    from samspill.projects.services import project_create

    other_owner = make_user(username="other")
    other = project_create(actor=other_owner, name="Other", ai_tool="X", start_date="2026-10-01")
    foreign = _invite(other, other_owner).invitation
    client.force_login(owner)
    response = client.post(reverse("accounts:invitation_revoke", args=[project.slug, foreign.uuid]))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


# --- The invitee's side


def test_invitee_without_account_signs_up_and_lands_in_the_project(client, project, owner):
    issued = _invite(project, owner)
    url = _accept_url(issued)
    page = client.get(url)
    assert page.status_code == 200
    assert "CV screening pilot" in page.content.decode()
    response = _signup(client, url)
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    landing = client.get(response["Location"])
    assert landing.status_code == 200
    assert landing.context["user"].username == "nora"
    assert project.memberships.get(user__username="nora").role == "viewer"


def test_the_link_cannot_be_used_twice(client, project, owner):
    """Token reuse through the page: the second visitor sees a clear page, not a form."""
    url = _accept_url(_invite(project, owner))
    _signup(client, url)
    client.logout()
    page = client.get(url)
    assert page.status_code == 410
    assert "already been used" in page.content.decode()
    response = _signup(client, url, username="mallory")
    assert response.status_code == 410
    assert not project.memberships.filter(user__username="mallory").exists()


def test_an_expired_link_gets_a_clear_page(client, project, owner, pinned_clock):
    url = _accept_url(_invite(project, owner))
    pinned_clock.shift(dt.timedelta(days=8))
    page = client.get(url)
    assert page.status_code == 410
    assert "This invitation has expired" in page.content.decode()
    assert _signup(client, url).status_code == 410


@pytest.mark.parametrize("token", ["made-up", "x" * 300, "%00", "..", "a b"])
def test_a_made_up_link_gets_a_clear_page(client, db, token):
    page = client.get(f"/invitations/{token}/")
    assert page.status_code == 404
    assert "This invitation link is not valid" in page.content.decode()


def test_a_bad_signup_keeps_the_invitation_usable(client, project, owner):
    url = _accept_url(_invite(project, owner))
    response = _signup(client, url, password="123")
    assert response.status_code == 400
    assert response.context["form"].errors
    taken = _signup(client, url, username="owner")
    assert taken.status_code == 400
    assert _signup(client, url).status_code == 302


def test_signed_in_as_someone_else_cannot_accept(client, project, owner, members):
    """The invitation went to new.colleague@…; the viewer, signed in on the same computer,
    is told to log out and cannot accept it for their own account."""
    url = _accept_url(_invite(project, owner, role="editor"))
    client.force_login(members["outsider"])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "You are logged in as outsider" in body
    assert reverse("logout") in body
    response = client.post(url, {"accept": "1"})
    assert response.status_code == 409
    assert not project.memberships.filter(user=members["outsider"]).exists()
    assert Invitation.objects.get().accepted_at is None


def test_signed_in_with_the_invited_address_accepts_with_one_click(
    client, project, owner, make_user
):
    user = make_user(username="nora", email="New.Colleague@example.org")
    url = _accept_url(_invite(project, owner, role="observer"))
    client.force_login(user)
    assert "Join as nora" in client.get(url).content.decode()
    response = client.post(url, {"accept": "1"})
    assert response.status_code == 302
    assert project.memberships.get(user=user).role == "observer"


def test_an_existing_account_logs_in_then_accepts(client, project, owner, make_user):
    make_user(username="nora", email="new.colleague@example.org")
    url = _accept_url(_invite(project, owner))
    login_url = client.get(url).context["login_url"]
    response = client.post(login_url, {"username": "nora", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == url
    assert client.post(url, {"accept": "1"}).status_code == 302


def test_an_existing_member_accepting_keeps_their_role(client, project, owner, make_user):
    from samspill.projects.services import membership_add

    user = make_user(username="nora", email="new.colleague@example.org")
    url = _accept_url(_invite(project, owner, role="viewer"))
    membership_add(actor=owner, project=project, user=user, role="editor")
    client.force_login(user)
    assert client.post(url, {"accept": "1"}).status_code == 302
    assert project.memberships.get(user=user).role == "editor"


def test_the_signup_is_rate_limited(client, project, owner):
    url = _accept_url(_invite(project, owner))
    for _ in range(20):
        _signup(client, url, password="123")
    response = _signup(client, url)
    assert response.status_code == 429
    assert "try again later" in response.content.decode()
    assert not project.memberships.filter(user__username="nora").exists()


def test_an_archived_projects_invitation_cannot_be_accepted(client, project, owner):
    from samspill.projects.services import project_archive

    url = _accept_url(_invite(project, owner))
    project_archive(actor=owner, project=project)
    page = client.get(url)
    assert page.status_code == 410
    assert "An archived project takes no new members" in page.content.decode()
    assert _signup(client, url).status_code == 410
    assert not project.memberships.filter(user__username="nora").exists()


def test_the_invitation_page_speaks_norwegian(client, project, owner):
    url = _accept_url(_invite(project, owner))
    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    assert "Eller opprett kontoen din" in client.get(url).content.decode()
