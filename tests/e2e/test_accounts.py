"""An owner invites a colleague, who makes an account and lands in the project as a viewer;
someone who forgot their password resets it through the mail outbox."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_invite_accept_and_land_as_viewer(page, demo, screenshot, settings):
    settings.SITE_URL = ""  # links relative to the live server
    log_in(page, "demo")
    page.goto(f"/p/{demo.slug}/members/")
    page.get_by_label("E-mail address").fill("kari.nordmann@example.org")
    expect(page.locator("#invite_role")).to_have_value("viewer")
    page.get_by_role("button", name="Send invitation").click()
    link = page.get_by_label("Invitation link").input_value()
    screenshot("70-invitation-link")
    page.context.clear_cookies()  # the colleague's own browser

    page.goto(link)
    page.get_by_label("Username").fill("kari")
    page.get_by_label("Password", exact=True).fill("lang nok passfrase 42")
    page.get_by_label("Password confirmation").fill("lang nok passfrase 42")
    screenshot("71-invitation-accept")
    page.get_by_role("button", name="Create account and join").click()
    expect(page.get_by_text("Your account is ready. Welcome to the project.")).to_be_visible()
    expect(page.locator(".page-head .badge").first).to_have_text("Viewer")

    page.goto(link)
    expect(
        page.get_by_role("heading", name="This invitation has already been used")
    ).to_be_visible()
    page.console_errors.clear()  # the 410 answer is logged by the browser


def test_password_reset_through_the_outbox(page, demo, settings):
    settings.SITE_URL = ""
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("demo@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    [message] = mail.outbox
    path = re.search(r"(/accounts/password/reset/\S+)", message.body).group(1)
    page.goto(path)
    page.get_by_label("New password", exact=True).fill("a brand new passphrase")
    page.get_by_label("New password confirmation").fill("a brand new passphrase")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", name="Password saved")).to_be_visible()
    page.get_by_role("link", name="Log in").last.click()
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill("a brand new passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/projects/$"))
