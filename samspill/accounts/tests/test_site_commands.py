"""`samspill createadmin` and `samspill user …`."""

import io
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from samspill.accounts import site
from samspill.accounts.models import SiteAccount
from samspill.audit.models import AuditEntry

STRONG = "a long and fresh passphrase"


def run(*args, stdin: str = "") -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command(*args, stdout=out, stderr=err)
    finally:
        sys.stdin = old
    return out.getvalue(), err.getvalue()


def test_createadmin_with_the_password_from_stdin(db):
    out, _err = run(
        "createadmin",
        "--username",
        "ada",
        "--email",
        "ada@example.org",
        "--password-stdin",
        stdin=STRONG + "\n",
    )
    assert "Site admin ada created." in out
    ada = get_user_model().objects.get(username="ada")
    assert ada.check_password(STRONG) and ada.email == "ada@example.org"
    assert site.is_site_admin(ada) and not ada.is_superuser and not ada.is_staff
    entry = AuditEntry.objects.get(project=None, object_repr="ada")
    assert entry.actor_label == "system" and STRONG not in str(entry.changes)


def test_createadmin_with_the_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("SAMSPILL_ADMIN_PASSWORD", STRONG)
    run("createadmin", "--username", "ada", "--email", "ada@example.org")
    assert get_user_model().objects.get(username="ada").check_password(STRONG)


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["--username", "ada", "--email", "a@example.org"], "", "No password"),
        (["--username", "ada", "--email", "a@example.org", "--password-stdin"], "\n", "empty"),
        (["--username", "ada", "--email", "a@example.org", "--password-stdin"], "ada\n", "short"),
        (
            ["--username", "ada", "--email", "not an address", "--password-stdin"],
            STRONG,
            "valid email",
        ),
        (["--username", "a b/c", "--email", "a@example.org", "--password-stdin"], STRONG, "user"),
        (["--email", "a@example.org", "--password-stdin"], STRONG, "no terminal"),
        (["--username", "ada", "--password-stdin"], STRONG, "no terminal"),
    ],
)
def test_createadmin_refuses_bad_input_and_creates_nothing(db, args, stdin, message):
    with pytest.raises(CommandError, match=f"(?i){message}"):
        run("createadmin", *args, stdin=stdin)
    assert not get_user_model().objects.exists()


def test_createadmin_refuses_an_existing_username(make_user):
    make_user(username="ada")
    with pytest.raises(CommandError, match="make-admin ada"):
        run(
            "createadmin",
            "--username",
            "ada",
            "--email",
            "a@example.org",
            "--password-stdin",
            stdin=STRONG,
        )
    assert not SiteAccount.objects.exists()


def test_user_list_shows_accounts_projects_and_flags(members, make_user):
    make_user(username="root", is_superuser=True)
    site.user_deactivate(actor=None, user=members["observer"])
    out, _err = run("user", "list")
    lines = {line.split("\t")[0]: line.split("\t") for line in out.splitlines()}
    assert lines["owner"][4] == "cv-screening-pilot (owner)"
    assert lines["observer"][3] == "deactivated"
    assert lines["root"][3] == "site admin"
    assert lines["outsider"][2] == "never" and lines["outsider"][4] == "-"
    out, _err = run("user", "list", "--search", "OLGA")
    assert [line.split("\t")[0] for line in out.splitlines()] == ["owner"]


def test_user_deactivate_activate_make_and_revoke_admin(members):
    viewer = members["viewer"]
    assert "deactivated" in run("user", "deactivate", "viewer")[0]
    viewer.refresh_from_db()
    assert not viewer.is_active
    with pytest.raises(CommandError, match="already deactivated"):
        run("user", "deactivate", "viewer")
    run("user", "activate", "viewer")
    viewer.refresh_from_db()
    assert viewer.is_active
    run("user", "make-admin", "viewer")
    run("user", "make-admin", "editor")
    assert site.is_site_admin(get_user_model().objects.get(username="viewer"))
    run("user", "revoke-admin", "viewer")
    assert not site.is_site_admin(get_user_model().objects.get(username="viewer"))
    with pytest.raises(CommandError, match="last site admin"):
        run("user", "revoke-admin", "editor")
    with pytest.raises(CommandError, match="last site admin"):
        run("user", "deactivate", "editor")
    changes = [
        e.changes
        for e in AuditEntry.objects.filter(project=None, object_repr="viewer").order_by("sequence")
    ]
    assert changes == [
        {"username": [None, "viewer"], "active": [True, False]},
        {"active": [False, True]},
        {"site_admin": [False, True]},
        {"site_admin": [True, False]},
    ]


def test_user_reset_link_prints_a_working_link(client, members, settings):
    settings.SITE_URL = "https://samspill.example"
    out, err = run("user", "reset-link", "viewer")
    link = out.strip()
    assert link.startswith("https://samspill.example/accounts/password/reset/")
    assert "works once" in err
    page = client.get(link.removeprefix("https://samspill.example"), follow=True)
    assert page.context["validlink"]
    site.user_deactivate(actor=None, user=members["viewer"])
    with pytest.raises(CommandError, match="deactivated"):
        run("user", "reset-link", "viewer")


@pytest.mark.parametrize(
    "action", ["deactivate", "activate", "make-admin", "revoke-admin", "reset-link"]
)
def test_an_unknown_username_is_a_clear_error(db, action):
    with pytest.raises(CommandError, match="No user named 'ghost'"):
        run("user", action, "ghost")


def test_a_missing_action_or_username_is_refused(db):
    with pytest.raises(CommandError):
        run("user")
    with pytest.raises(CommandError):
        run("user", "deactivate")
