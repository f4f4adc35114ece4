"""The trusted reverse-proxy header (SAMSPILL_REMOTE_USER_HEADER): off by default, and
then read from the configured header only."""

import dataclasses

import pytest
from django.urls import reverse

from conftest import UserFactory
from samspill.accounts import site

HEADER = "X-Auth-User"


@pytest.fixture
def proxy_on(settings, db):
    settings.AUTH = dataclasses.replace(settings.AUTH, remote_user_header=HEADER)
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "samspill.accounts.backends.RemoteUserBackend",
    ]
    middleware = list(settings.MIDDLEWARE)
    at = middleware.index("samspill.accounts.middleware.AuthenticationMiddleware") + 1
    middleware.insert(at, "samspill.accounts.sso.ProxyHeaderMiddleware")
    settings.MIDDLEWARE = middleware


def user_of(client, **headers):
    return client.get(reverse("projects:list"), headers=headers).wsgi_request.user


def test_the_header_is_ignored_when_the_setting_is_off(client, db):
    UserFactory(username="alice")
    assert not user_of(client, **{HEADER: "alice"}).is_authenticated


def test_the_proxy_names_a_known_user(client, proxy_on):
    alice = UserFactory(username="alice")
    assert user_of(client, **{HEADER: "alice"}) == alice


def test_only_the_configured_header_counts(client, proxy_on):
    UserFactory(username="alice")
    assert not user_of(
        client, **{"Remote-User": "alice", "X-Remote-User": "alice"}
    ).is_authenticated


def test_an_unknown_name_gets_no_account_by_default(client, proxy_on):
    assert not user_of(client, **{HEADER: "mallory"}).is_authenticated


def test_unknown_names_get_accounts_when_allowed(client, proxy_on, settings):
    settings.AUTH = dataclasses.replace(settings.AUTH, remote_user_create=True)
    user = user_of(client, **{HEADER: "newcomer"})
    assert user.username == "newcomer"
    assert not user.has_usable_password()


def test_a_deactivated_user_named_by_the_proxy_is_refused(client, proxy_on):
    keeper = UserFactory(username="keeper", is_superuser=True)
    alice = UserFactory(username="alice")
    assert user_of(client, **{HEADER: "alice"}) == alice
    site.user_deactivate(actor=keeper, user=alice)
    assert not user_of(client, **{HEADER: "alice"}).is_authenticated


def test_the_session_ends_when_the_header_goes(client, proxy_on):
    UserFactory(username="alice")
    assert user_of(client, **{HEADER: "alice"}).is_authenticated
    assert not user_of(client).is_authenticated
