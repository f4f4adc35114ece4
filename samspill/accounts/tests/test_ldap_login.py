"""LDAP / Active Directory sign-in (django-auth-ldap) against a real OpenLDAP `slapd`
that tests/ldap_server.py starts on a loopback port."""

import dataclasses

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from conftest import PASSWORD, UserFactory
from samspill.accounts import site
from samspill.accounts.auth_config import Ldap
from tests.ldap_server import ADMIN_DN, ADMIN_PASSWORD, GROUPS, PEOPLE, LdapServer

ADA_PASSWORD = "ada-directory-pass"


@pytest.fixture(scope="module")
def directory():
    server = LdapServer().start()
    ada = server.add_person(
        "ada", ADA_PASSWORD, given="Ada", surname="Lovelace", mail="ada@acme.example"
    )
    server.add_person("bo", "bo-directory-pass", given="Bo", surname="Ek", mail="bo@acme.example")
    server.add_group("samspill-admins", [ada])
    yield server
    server.stop()


@pytest.fixture
def ldap_on(settings, directory, db):
    import ldap
    from django_auth_ldap.config import LDAPSearch, MemberDNGroupType

    admin_group = f"cn=samspill-admins,{GROUPS}"
    settings.AUTH = dataclasses.replace(
        settings.AUTH,
        ldap=Ldap(
            uri=directory.uri,
            bind_dn=ADMIN_DN,
            bind_password=ADMIN_PASSWORD,
            user_search_base=PEOPLE,
            user_filter="(uid=%(user)s)",
            start_tls=False,
            admin_group=admin_group,
        ),
    )
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "samspill.accounts.backends.LDAPBackend",
    ]
    settings.AUTH_LDAP_SERVER_URI = directory.uri
    settings.AUTH_LDAP_BIND_DN = ADMIN_DN
    settings.AUTH_LDAP_BIND_PASSWORD = ADMIN_PASSWORD
    settings.AUTH_LDAP_USER_SEARCH = LDAPSearch(PEOPLE, ldap.SCOPE_SUBTREE, "(uid=%(user)s)")
    settings.AUTH_LDAP_USER_ATTR_MAP = {
        "first_name": "givenName",
        "last_name": "sn",
        "email": "mail",
    }
    settings.AUTH_LDAP_ALWAYS_UPDATE_USER = True
    settings.AUTH_LDAP_GROUP_SEARCH = LDAPSearch(admin_group, ldap.SCOPE_BASE, "(objectClass=*)")
    settings.AUTH_LDAP_GROUP_TYPE = MemberDNGroupType("member")
    return directory


def log_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(client):
    return client.get(reverse("projects:list")).wsgi_request.user


def test_a_directory_user_signs_in_and_gets_an_account(client, ldap_on):
    response = log_in(client, "ada", ADA_PASSWORD)
    assert response.status_code == 302
    ada = get_user_model().objects.get(username="ada")
    assert (ada.first_name, ada.last_name, ada.email) == ("Ada", "Lovelace", "ada@acme.example")
    assert not ada.has_usable_password()  # the password stays in the directory
    assert signed_in(client) == ada


def test_a_wrong_directory_password_is_refused(client, ldap_on):
    response = log_in(client, "ada", "not-her-password")
    assert response.status_code == 200
    assert not signed_in(client).is_authenticated
    assert not get_user_model().objects.filter(username="ada").exists()


def test_the_admin_group_makes_site_admins(client, ldap_on):
    log_in(client, "ada", ADA_PASSWORD)
    client.logout()
    log_in(client, "bo", "bo-directory-pass")
    users = get_user_model().objects.select_related("site_account")
    assert site.is_site_admin(users.get(username="ada"))
    assert not site.is_site_admin(users.get(username="bo"))


def test_a_deactivated_directory_user_is_refused(client, ldap_on):
    log_in(client, "bo", "bo-directory-pass")
    client.logout()
    keeper = UserFactory(username="keeper", is_superuser=True)
    site.user_deactivate(actor=keeper, user=get_user_model().objects.get(username="bo"))
    log_in(client, "bo", "bo-directory-pass")
    assert not signed_in(client).is_authenticated


def test_local_accounts_still_sign_in_beside_ldap(client, ldap_on, owner):
    assert log_in(client, "owner", PASSWORD).status_code == 302
    assert signed_in(client) == owner


def test_a_directory_that_is_down_leaves_local_login_working(client, settings, ldap_on, owner):
    from tests.servers import free_port

    settings.AUTH_LDAP_SERVER_URI = f"ldap://127.0.0.1:{free_port()}"
    assert log_in(client, "ada", ADA_PASSWORD).status_code == 200
    assert log_in(client, "owner", PASSWORD).status_code == 302
    assert signed_in(client) == owner


def test_too_many_wrong_directory_passwords_lock_the_login(client, ldap_on):
    """django-axes counts LDAP failures like any other."""
    for _attempt in range(5):
        log_in(client, "ada", "wrong")
    locked = log_in(client, "ada", ADA_PASSWORD)
    assert locked.status_code == 429
    assert not signed_in(client).is_authenticated


def test_without_slapd_the_ldap_tests_skip_unless_ci_requires_it(monkeypatch):
    from tests import ldap_server

    monkeypatch.setattr(ldap_server, "slapd_binary", lambda: None)
    monkeypatch.delenv("SAMSPILL_REQUIRE_SLAPD", raising=False)
    with pytest.raises(pytest.skip.Exception, match="slapd is not installed"):
        ldap_server.require_slapd()
    monkeypatch.setenv("SAMSPILL_REQUIRE_SLAPD", "1")
    with pytest.raises(pytest.fail.Exception, match="SAMSPILL_REQUIRE_SLAPD=1 requires it"):
        ldap_server.require_slapd()
