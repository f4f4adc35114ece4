"""Single sign-on with OpenID Connect, end to end against a real provider process
(oidc-provider-mock, tests/oidc_provider.py): discovery, authorization with PKCE, the code
exchanged for tokens over HTTP, the ID token's signature checked against its JWKS.

The real clock: the provider stamps its tokens with the real time."""

import dataclasses

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from conftest import PASSWORD, UserFactory
from samspill.accounts import services, site
from samspill.accounts.auth_config import OIDC_PROVIDER_ID, Oidc, origin
from samspill.accounts.tests.conftest import token_of
from tests.oidc_provider import OidcProvider, callback_path, query

pytestmark = pytest.mark.real_clock

LOGIN_URL = reverse("openid_connect_login", kwargs={"provider_id": OIDC_PROVIDER_ID})


@pytest.fixture(scope="module")
def provider():
    server = OidcProvider().start()
    yield server
    server.stop()


def oidc_settings(settings, issuer: str, **changes) -> Oidc:
    config = Oidc(
        issuer=issuer,
        client_id="samspill-test",
        client_secret="not-a-real-secret",
        name="Acme ID",
        scopes=["openid", "profile", "email"],
        create_accounts=False,
        allowed_domains=[],
        groups_claim="groups",
        admin_groups=[],
        trust_email=False,
    )
    config = dataclasses.replace(config, **changes)
    settings.AUTH = dataclasses.replace(settings.AUTH, oidc=config)
    csp = dict(settings.SECURE_CSP)
    csp["form-action"] = [*csp["form-action"], origin(issuer)]
    settings.SECURE_CSP = csp
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "SCOPE": config.scopes,
            "APPS": [
                {
                    "provider_id": OIDC_PROVIDER_ID,
                    "name": config.name,
                    "client_id": config.client_id,
                    "secret": config.client_secret,
                    "settings": {"server_url": config.issuer},
                }
            ],
        }
    }
    return config


@pytest.fixture
def oidc_on(settings, provider, db):
    def configure(**changes) -> Oidc:
        return oidc_settings(settings, provider.issuer, **changes)

    configure()
    return configure


def start(client, next_url: str = "/") -> str:
    response = client.post(LOGIN_URL, {"process": "login", "next": next_url})
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def sso_login(client, provider, sub: str, next_url: str = "/"):
    """The whole round trip; returns Samspill's answer to the callback."""
    back = provider.authorize(start(client, next_url), sub)
    return client.get(callback_path(back))


def signed_in(client):
    return client.get(reverse("projects:list")).wsgi_request.user


def test_login_page_offers_single_sign_on_first(client, oidc_on, provider):
    response = client.get(reverse("login"))
    assert f"form-action 'self' {provider.issuer}" in response["Content-Security-Policy"]
    body = response.content.decode()
    assert "Sign in with Acme ID" in body
    assert body.index("Sign in with Acme ID") < body.index('name="password"')
    assert f'action="{LOGIN_URL}"' in body


def test_login_page_has_no_sso_button_when_it_is_off(client, db):
    assert "Sign in with" not in client.get(reverse("login")).content.decode()


def test_the_login_goes_to_the_provider_with_state_and_pkce(client, oidc_on, provider):
    location = start(client)
    assert location.startswith(f"{provider.issuer}/oauth2/authorize?")
    params = query(location)
    assert params["client_id"] == "samspill-test"
    assert params["redirect_uri"] == "http://testserver/accounts/oidc/sso/login/callback/"
    assert params["state"] and params["code_challenge_method"] == "S256"
    assert "openid" in params["scope"].split()


def test_an_existing_account_signs_in_by_its_verified_address(client, oidc_on, provider, db):
    alice = UserFactory(username="alice", email="alice@acme.example")
    provider.user("alice-sub", email="alice@acme.example", email_verified=True)
    response = sso_login(client, provider, "alice-sub", next_url="/p/")
    assert response.status_code == 302
    assert response["Location"] == "/p/"
    assert signed_in(client) == alice
    # The next time the provider's subject alone is enough.
    client.logout()
    sso_login(client, provider, "alice-sub")
    assert signed_in(client) == alice


def test_an_unknown_person_gets_an_account_in_an_allowed_domain(client, oidc_on, provider, db):
    oidc_on(create_accounts=True, allowed_domains=["acme.example"])
    provider.user(
        "bob-sub",
        email="bob.builder@acme.example",
        email_verified=True,
        preferred_username="bob",
        name="Bob Builder",
    )
    response = sso_login(client, provider, "bob-sub")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="bob.builder@acme.example")
    assert (user.username, user.first_name, user.last_name) == ("bob", "Bob", "Builder")
    assert not user.has_usable_password()
    assert signed_in(client) == user


def test_an_address_outside_the_allowed_domains_gets_no_account(client, oidc_on, provider, db):
    oidc_on(create_accounts=True, allowed_domains=["acme.example"])
    provider.user("eve-sub", email="eve@elsewhere.example", email_verified=True)
    response = sso_login(client, provider, "eve-sub")
    assert response.status_code == 403
    assert "No account here yet" in response.content.decode()
    assert not get_user_model().objects.filter(email="eve@elsewhere.example").exists()
    assert not signed_in(client).is_authenticated


def test_without_just_in_time_accounts_nobody_new_gets_in(client, oidc_on, provider, db):
    provider.user("carl-sub", email="carl@acme.example", email_verified=True)
    assert sso_login(client, provider, "carl-sub").status_code == 403
    assert not get_user_model().objects.filter(email="carl@acme.example").exists()


def test_a_callback_with_another_state_is_refused(client, oidc_on, provider, db):
    UserFactory(username="alice", email="alice@acme.example")
    provider.user("alice-sub", email="alice@acme.example", email_verified=True)
    back = provider.authorize(start(client), "alice-sub")
    params = query(back)
    forged = f"/accounts/oidc/sso/login/callback/?code={params['code']}&state=forged-state"
    response = client.get(forged)
    assert response.status_code == 401
    assert "Single sign-on did not work" in response.content.decode()
    assert not signed_in(client).is_authenticated


def test_a_code_from_another_browser_session_is_refused(client, oidc_on, provider, db):
    """Login CSRF: a code and state made for the attacker's browser, replayed in the
    victim's, find no matching state in the victim's session."""
    from django.test import Client

    UserFactory(username="alice", email="alice@acme.example")
    provider.user("alice-sub", email="alice@acme.example", email_verified=True)
    back = provider.authorize(start(Client()), "alice-sub")
    response = client.get(callback_path(back))
    assert response.status_code == 401
    assert not signed_in(client).is_authenticated


def test_a_deactivated_account_cannot_sign_in_with_sso(client, oidc_on, provider, db):
    admin = UserFactory(username="root", email="root@acme.example")
    site.site_admin_grant(actor=None, user=admin)
    alice = UserFactory(username="alice", email="alice@acme.example")
    provider.user("alice-sub", email="alice@acme.example", email_verified=True)
    sso_login(client, provider, "alice-sub")
    client.logout()
    site.user_deactivate(actor=admin, user=alice)
    response = sso_login(client, provider, "alice-sub")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    page = client.get(response["Location"])
    assert "This account is deactivated" in page.content.decode()
    assert not signed_in(client).is_authenticated


def test_the_groups_claim_makes_site_admins(client, oidc_on, provider, db):
    oidc_on(admin_groups=["samspill-admins"])
    UserFactory(username="keeper", email="keeper@acme.example", is_superuser=True)
    alice = UserFactory(username="alice", email="alice@acme.example")
    provider.user(
        "alice-sub", email="alice@acme.example", email_verified=True, groups=["samspill-admins"]
    )
    sso_login(client, provider, "alice-sub")
    alice.refresh_from_db()
    assert site.is_site_admin(alice)
    client.logout()
    provider.user("alice-sub", email="alice@acme.example", email_verified=True, groups=["staff"])
    sso_login(client, provider, "alice-sub")
    alice = get_user_model().objects.select_related("site_account").get(pk=alice.pk)
    assert not site.is_site_admin(alice)


def test_an_invited_person_accepts_with_sso_and_lands_in_the_project(
    client, oidc_on, provider, project, owner
):
    issued = services.invitation_create(
        actor=owner, project=project, email="Nora@Partner.example", role="editor"
    )
    token = token_of(issued.link)
    page = client.get(reverse("accounts:invitation_accept", args=[token]))
    assert "Sign in with Acme ID" in page.content.decode()
    provider.user("nora-sub", email="nora@partner.example", preferred_username="nora")
    response = client.post(reverse("accounts:invitation_sso", args=[token]))
    assert response.status_code == 302
    back = provider.authorize(response["Location"], "nora-sub")
    done = client.get(callback_path(back))
    assert done["Location"] == reverse("accounts:invitation_sso_done", args=[token])
    landed = client.get(done["Location"])
    assert landed.status_code == 302
    assert landed["Location"] == project.get_absolute_url()
    nora = get_user_model().objects.get(email="nora@partner.example")
    assert project.memberships.get(user=nora).role == "editor"
    assert services.invitation_for_token(token).accepted_at is not None


def test_the_done_page_alone_joins_nobody(client, oidc_on, provider, project, owner):
    """Without the POST that started single sign-on for this invitation, the address
    matching is not enough: a link cannot join a signed-in person to a project."""
    issued = services.invitation_create(
        actor=owner, project=project, email="alice@acme.example", role="viewer"
    )
    token = token_of(issued.link)
    alice = UserFactory(username="alice", email="alice@acme.example")
    client.force_login(alice)
    response = client.get(reverse("accounts:invitation_sso_done", args=[token]))
    assert response["Location"] == reverse("accounts:invitation_accept", args=[token])
    assert not project.memberships.filter(user=alice).exists()


def test_a_provider_that_is_down_gets_a_clear_page(client, settings, db):
    from tests.servers import free_port

    oidc_settings(settings, f"http://127.0.0.1:{free_port()}")
    response = client.post(LOGIN_URL, {"process": "login", "next": "/"})
    assert response.status_code == 503
    body = response.content.decode()
    assert "Samspill cannot reach Acme ID right now" in body
    assert "Site admins can still log in with their password" in body


def test_local_passwords_for_site_admins_only(client, oidc_on, settings, db):
    settings.AUTH = dataclasses.replace(settings.AUTH, local_login_admins_only=True)
    UserFactory(username="plain")
    admin = UserFactory(username="admin")
    site.site_admin_grant(actor=None, user=admin)
    refused = client.post(reverse("login"), {"username": "plain", "password": PASSWORD})
    assert refused.status_code == 200
    assert "Passwords kept here are for site admins only. Sign in with Acme ID." in (
        refused.content.decode()
    )
    assert not signed_in(client).is_authenticated
    allowed = client.post(reverse("login"), {"username": "admin", "password": PASSWORD})
    assert allowed.status_code == 302
    assert signed_in(client) == admin


def test_an_unknown_provider_id_is_404(client, oidc_on):
    response = client.post("/accounts/oidc/other/login/", {"process": "login"})
    assert response.status_code == 404
