"""In the browser: single sign-on with OpenID Connect against a real provider process
(tests/oidc_provider.py), and setting up and using two-factor login (TOTP)."""

import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from conftest import PASSWORD, UserFactory
from samspill.accounts.tests.test_sso_oidc import oidc_settings
from tests.oidc_provider import OidcProvider


@pytest.fixture
def provider():
    server = OidcProvider().start()
    yield server
    server.stop()


@pytest.fixture
def sso_page(browser, live_server, provider):
    """A browser page that may reach Samspill and the provider, and nothing else (the
    provider's own page asks a CDN for its style sheet: refused here)."""
    context = browser.new_context(viewport={"width": 1366, "height": 860}, base_url=live_server.url)
    refused = []

    def only_ours(route):
        url = route.request.url
        if url.startswith((live_server.url, provider.issuer, "data:")):
            return route.continue_()
        refused.append(url)
        return route.abort()

    context.route("**/*", only_ours)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert all(url.startswith("https://cdn.") for url in refused), refused
    samspill_errors = [e for e in errors if "cdn." not in e and "ERR_FAILED" not in e]
    assert samspill_errors == [], samspill_errors


def test_sign_in_with_single_sign_on(sso_page, provider, demo, settings, screenshot_sso):
    oidc_settings(
        settings,
        provider.issuer,
        name="Acme ID",
        create_accounts=True,
        allowed_domains=["acme.example"],
    )
    provider.user(
        "ingrid-sub",
        email="ingrid@acme.example",
        email_verified=True,
        preferred_username="ingrid",
        name="Ingrid Hansen",
    )
    page = sso_page
    page.goto("/accounts/login/")
    screenshot_sso(page, "sso-login")
    page.get_by_role("button", name="Sign in with Acme ID").click()
    expect(page).to_have_url(re.compile(re.escape(provider.issuer) + "/oauth2/authorize"))
    page.get_by_label("Subject").fill("ingrid-sub")
    page.get_by_role("button", name="Authorize", exact=True).click()
    expect(page).to_have_url(re.compile(r"/projects/$"))
    expect(page.locator(".user-menu summary")).to_have_text("Ingrid Hansen")


def test_set_up_totp_and_log_in_with_a_code(page, demo, settings, screenshot):
    UserFactory(username="tove", first_name="Tove")
    page.goto("/")
    page.get_by_label("Username").fill("tove")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/accounts/2fa/")
    screenshot("2fa-index")
    page.goto("/accounts/2fa/totp/activate/")
    # allauth asks for the password again before a second factor is added.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    secret = page.locator("#authenticator_secret").input_value()
    screenshot("2fa-totp-activate")
    counter = int(page.evaluate("Date.now()") / 1000) // 30
    page.get_by_label("Authenticator code").fill(format_hotp_value(hotp_value(secret, counter)))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    screenshot("2fa-recovery-codes")

    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Log out").click()
    page.get_by_label("Username").fill("tove")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    screenshot("2fa-totp-code")
    # The next period's code: the one used to set up is never accepted twice.
    page.get_by_label("Code").fill(format_hotp_value(hotp_value(secret, counter + 1)))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/projects/$"))
    expect(page.locator(".user-menu summary")).to_have_text("Tove")


@pytest.fixture
def screenshot_sso():
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
