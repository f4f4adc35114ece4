"""Site administration: the Users page, deactivation and its sessions, password resets
and the transfer of a deactivated account's projects."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from method.roles import Role
from samspill.accounts import site
from samspill.accounts.models import SiteAccount
from samspill.audit.models import AuditEntry
from samspill.projects.models import Membership
from samspill.projects.services import membership_add, project_create


@pytest.fixture
def admin(make_user):
    user = make_user(username="siteadmin", first_name="Sina", last_name="Admin")
    SiteAccount.objects.create(user=user, is_site_admin=True)
    return user


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def _new_project(owner, name="Payroll bot"):
    return project_create(
        actor=owner,
        name=name,
        ai_tool="PayBot",
        start_date=dt.date(2026, 9, 1),
        departments="HR",
    )


def _post(client, name, user, data=None):
    return client.post(reverse(name, args=[user.pk]), data or {})


# --- Who is a site admin.


def test_a_site_admin_is_not_a_superuser_and_a_superuser_counts_as_one(admin, make_user):
    assert site.is_site_admin(admin) and not admin.is_superuser
    assert site.is_site_admin(make_user(username="root", is_superuser=True))
    assert not site.is_site_admin(make_user(username="plain"))


def test_a_deactivated_site_admin_is_no_site_admin(admin, make_user):
    make_user(username="second", is_superuser=True)
    site.user_deactivate(actor=None, user=admin)
    admin.refresh_from_db()
    assert not site.is_site_admin(admin)


def test_the_header_links_to_users_for_site_admins_only(client, admin, members):
    url = reverse("accounts:site_users")
    client.force_login(members["owner"])
    assert url not in client.get(reverse("projects:list")).content.decode()
    client.force_login(admin)
    assert url in client.get(reverse("projects:list")).content.decode()


# --- The list.


def test_the_list_shows_last_login_projects_and_roles(admin_client, project, members):
    body = admin_client.get(reverse("accounts:site_users")).content.decode()
    assert "Olga Owner" in body and "CV screening pilot" in body
    assert "Owner" in body and "Viewer" in body
    assert "Never" in body  # the members fixture's accounts never logged in


@pytest.mark.parametrize("query", ["olga", "OWNER@example", "Owner", "olg"])
def test_search_finds_by_username_name_and_address(admin_client, members, query):
    response = admin_client.get(reverse("accounts:site_users"), {"q": query})
    usernames = [row["account"].username for row in response.context["rows"]]
    assert usernames == ["owner"]


@pytest.mark.parametrize("query", ["", "%", "' OR 1=1 --", "x" * 5000, "\x00", "<script>"])
def test_odd_searches_answer_without_error(admin_client, members, query):
    response = admin_client.get(reverse("accounts:site_users"), {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1]


# --- Who may reach it.


SITE_POSTS = [
    "accounts:site_user_deactivate",
    "accounts:site_user_activate",
    "accounts:site_user_reset",
    "accounts:site_user_transfer",
]


@pytest.mark.parametrize("role", ["owner", "editor", "viewer", "observer", "outsider"])
def test_no_one_but_a_site_admin_reaches_the_pages_or_the_actions(client, members, role):
    victim = members["editor"] if role != "editor" else members["viewer"]
    client.force_login(members[role])
    assert client.get(reverse("accounts:site_users")).status_code == 404
    for name in SITE_POSTS:
        response = _post(client, name, victim, {"new_owner": members[role].username})
        assert response.status_code == 404, name
    victim.refresh_from_db()
    assert victim.is_active
    assert len(mail.outbox) == 0
    assert not AuditEntry.objects.filter(project=None, object_type="auth.user").exists()


def test_anonymous_is_sent_to_log_in_and_changes_nothing(client, members):
    response = client.get(reverse("accounts:site_users"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = _post(client, "accounts:site_user_deactivate", members["viewer"])
    assert response.status_code == 302
    members["viewer"].refresh_from_db()
    assert members["viewer"].is_active


def test_a_revoked_site_admin_loses_the_page_at_once(client, admin, make_user):
    make_user(username="other", is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("accounts:site_users")).status_code == 200
    site.site_admin_revoke(actor=None, user=admin)
    assert client.get(reverse("accounts:site_users")).status_code == 404


# --- Deactivation ends sessions.


ENGINES = [
    "samspill.accounts.sessions.db",
    "samspill.accounts.sessions.cached_db",
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.cached_db",
    "django.contrib.sessions.backends.signed_cookies",
]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_deactivated_users_session_is_refused_at_the_next_request(
    client, admin, members, settings, engine
):
    settings.SESSION_ENGINE = engine
    viewer = members["viewer"]
    client.force_login(viewer)
    assert client.get(reverse("projects:list")).status_code == 200
    site.user_deactivate(actor=admin, user=viewer)
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session  # signed out, not only refused


@pytest.mark.parametrize("engine", ENGINES)
def test_a_session_from_before_deactivation_stays_ended_after_reactivation(
    client, admin, members, settings, engine
):
    settings.SESSION_ENGINE = engine
    viewer = members["viewer"]
    client.force_login(viewer)
    old_cookie = client.cookies["sessionid"].value
    site.user_deactivate(actor=admin, user=viewer)
    site.user_activate(actor=admin, user=viewer)
    client.cookies["sessionid"] = old_cookie
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302
    # Signing in again works.
    client.force_login(viewer)
    assert client.get(reverse("projects:list")).status_code == 200


def test_other_accounts_sessions_are_untouched(client, admin, members):
    client.force_login(members["owner"])
    site.user_deactivate(actor=admin, user=members["viewer"])
    assert client.get(reverse("projects:list")).status_code == 200


def test_a_deactivated_account_cannot_log_in(client, admin, members):
    from conftest import PASSWORD

    site.user_deactivate(actor=admin, user=members["viewer"])
    response = client.post(reverse("login"), {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session


def test_deactivate_and_reactivate_from_the_page_are_audited(admin_client, admin, members):
    viewer = members["viewer"]
    assert _post(admin_client, "accounts:site_user_deactivate", viewer).status_code == 302
    viewer.refresh_from_db()
    assert not viewer.is_active
    assert _post(admin_client, "accounts:site_user_activate", viewer).status_code == 302
    viewer.refresh_from_db()
    assert viewer.is_active
    entries = AuditEntry.objects.filter(project=None, object_repr="viewer").order_by("sequence")
    assert [e.changes for e in entries] == [
        # The trail had not named the account yet: its first entry records the username.
        {"username": [None, "viewer"], "active": [True, False]},
        {"active": [False, True]},
    ]
    assert {e.actor_label for e in entries} == {"siteadmin"}


def test_a_site_admin_cannot_deactivate_themselves(admin_client, admin, make_user):
    make_user(username="root", is_superuser=True)  # not the last admin: still refused
    response = _post(admin_client, "accounts:site_user_deactivate", admin)
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.is_active
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["You cannot deactivate your own account."]


def test_the_last_site_admin_cannot_be_deactivated_or_revoked(admin, make_user):
    with pytest.raises(ValidationError, match="last site admin"):
        site.user_deactivate(actor=None, user=admin)
    with pytest.raises(ValidationError, match="last site admin"):
        site.site_admin_revoke(actor=None, user=admin)
    admin.refresh_from_db()
    assert admin.is_active and site.is_site_admin(admin)
    second = make_user(username="second")
    site.site_admin_grant(actor=admin, user=second)
    site.site_admin_revoke(actor=second, user=admin)
    assert not site.is_site_admin(admin)


def test_deactivating_twice_or_reactivating_an_active_account_is_a_clear_error(
    admin_client, members
):
    viewer = members["viewer"]
    _post(admin_client, "accounts:site_user_deactivate", viewer)
    response = _post(admin_client, "accounts:site_user_deactivate", viewer)
    assert [str(m) for m in response.wsgi_request._messages][-1] == "viewer is already deactivated."
    _post(admin_client, "accounts:site_user_activate", viewer)
    response = _post(admin_client, "accounts:site_user_activate", viewer)
    assert [str(m) for m in response.wsgi_request._messages][-1] == "viewer is already active."


def test_an_unknown_account_is_404(admin_client):
    for name in SITE_POSTS:
        assert admin_client.post(reverse(name, args=[987654])).status_code == 404


# --- Password reset.


def test_reset_without_mail_shows_the_link_to_copy_and_it_works(admin_client, members, settings):
    settings.MAILERS = {}
    response = _post(admin_client, "accounts:site_user_reset", members["viewer"])
    assert response.status_code == 200
    body = response.content.decode()
    assert "no e-mail set up" in body
    link = re.search(r'value="https://samspill\.example(/[^"]+)"', body).group(1)
    assert len(mail.outbox) == 0
    admin_client.logout()
    assert admin_client.get(link, follow=True).context["validlink"]
    entry = AuditEntry.objects.filter(project=None, object_repr="viewer").get()
    assert entry.changes["password_reset"] == [None, "link shown"]
    assert link.rstrip("/").rsplit("/", 1)[1] not in str(entry.changes)


def test_reset_with_mail_that_reaches_people_sends_it(admin_client, members, settings):
    settings.EMAIL_REACHES_PEOPLE = True
    response = _post(admin_client, "accounts:site_user_reset", members["viewer"])
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["viewer@example.org"]]
    assert "viewer" in mail.outbox[0].body


def test_a_reset_link_stops_working_when_the_account_is_deactivated(client, admin, members):
    link = site.reset_link(members["viewer"]).removeprefix("https://samspill.example")
    site.user_deactivate(actor=admin, user=members["viewer"])
    assert not client.get(link, follow=True).context["validlink"]
    site.user_activate(actor=admin, user=members["viewer"])
    assert client.get(link, follow=True).context["validlink"]


def test_reset_of_a_deactivated_account_is_refused(admin_client, admin, members):
    site.user_deactivate(actor=admin, user=members["viewer"])
    response = _post(admin_client, "accounts:site_user_reset", members["viewer"])
    assert response.status_code == 302
    assert len(mail.outbox) == 0


# --- Ownership transfer.


def test_transfer_gives_every_solely_owned_project_a_new_owner(
    admin_client, admin, project, members, make_user
):
    leaver = members["owner"]
    shared = _new_project(leaver, "Shared")
    membership_add(actor=leaver, project=shared, user=members["editor"], role=Role.OWNER)
    alone = _new_project(leaver, "Alone")
    heir = members["viewer"]  # already a viewer of `project`: becomes its owner
    site.user_deactivate(actor=admin, user=leaver)
    assert [p.name for p in site.solely_owned(leaver)] == ["Alone", "CV screening pilot"]
    page = admin_client.get(reverse("accounts:site_users")).content.decode()
    assert "Transfer ownership" in page

    response = _post(admin_client, "accounts:site_user_transfer", leaver, {"new_owner": "viewer"})
    assert response.status_code == 302

    def role(p, user):
        return Membership.objects.get(project=p, user=user).role

    assert role(project, heir) == Role.OWNER
    assert role(alone, heir) == Role.OWNER
    assert not Membership.objects.filter(project=shared, user=heir).exists()
    assert role(project, leaver) == Role.OWNER  # the leaver's membership stays
    assert list(site.solely_owned(leaver)) == []
    site_entry = (
        AuditEntry.objects.filter(project=None, object_repr="owner").order_by("sequence").last()
    )
    assert site_entry.changes["projects_transferred"][1] == {
        "to": "viewer",
        "projects": [alone.slug, project.slug],
    }
    assert AuditEntry.objects.filter(project=alone, actor=admin).exists()
    assert AuditEntry.objects.filter(project=project, actor=admin).exists()


def test_transfer_needs_a_deactivated_account_and_an_active_new_owner(admin, project, members):
    with pytest.raises(ValidationError, match="Deactivate"):
        site.ownership_transfer(actor=admin, user=members["owner"], new_owner=members["editor"])
    site.user_deactivate(actor=admin, user=members["owner"])
    site.user_deactivate(actor=admin, user=members["editor"])
    with pytest.raises(ValidationError, match="active account"):
        site.ownership_transfer(actor=admin, user=members["owner"], new_owner=members["editor"])
    with pytest.raises(ValidationError, match="active account"):
        site.ownership_transfer(actor=admin, user=members["owner"], new_owner=members["owner"])
    assert Membership.objects.get(project=project, user=members["editor"]).role == Role.EDITOR


@pytest.mark.parametrize("new_owner", ["", "nobody", "owner", "' OR 1=1", "x" * 500])
def test_a_bad_new_owner_is_refused_and_changes_nothing(
    admin_client, admin, project, members, new_owner
):
    site.user_deactivate(actor=admin, user=members["owner"])
    response = _post(
        admin_client, "accounts:site_user_transfer", members["owner"], {"new_owner": new_owner}
    )
    assert response.status_code == 302
    assert [p.pk for p in site.solely_owned(members["owner"])] == [project.pk]


def test_an_active_account_cannot_have_its_projects_transferred(admin_client, project, members):
    response = _post(
        admin_client, "accounts:site_user_transfer", members["owner"], {"new_owner": "viewer"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(project=project, user=members["viewer"]).role == Role.VIEWER


def test_the_users_page_speaks_norwegian(admin_client, members):
    admin_client.cookies["django_language"] = "nb"
    body = admin_client.get(reverse("accounts:site_users"), HTTP_ACCEPT_LANGUAGE="nb").content
    assert "Brukere" in body.decode()


def test_site_entries_leave_audit_reconcile_without_field_differences(
    admin, project, members, settings
):
    """The site-level entries must not make `audit reconcile` report accounts made
    elsewhere (an invitation, createsuperuser) as changed."""
    from samspill.accounts.services import account_create_for_invitation, invitation_create
    from samspill.audit.reconcile import reconcile

    settings.MAILERS = {}
    issued = invitation_create(actor=members["owner"], project=project, email="new@example.org")
    account_create_for_invitation(
        invitation=issued.invitation, username="newbie", password="a long fresh passphrase"
    )
    site.user_deactivate(actor=admin, user=members["owner"])
    site.ownership_transfer(actor=admin, user=members["owner"], new_owner=members["editor"])
    site.user_activate(actor=admin, user=members["owner"])
    site.password_reset_send(actor=admin, user=members["viewer"])
    site.site_admin_grant(actor=admin, user=members["viewer"])
    differences = [
        d for d in reconcile() if d.object_type == "auth.user" and d.kind != "unrecorded"
    ]
    assert differences == []
