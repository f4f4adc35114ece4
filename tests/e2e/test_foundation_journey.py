"""Log in, open the demo project, switch the language, read the audit trail."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_owner_journey_through_the_demo(page, demo, screenshot, settings):
    settings.AUDIT_PAGE_SIZE = 10
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    screenshot("01-login")
    log_in(page)

    expect(page.get_by_role("heading", name="Your projects")).to_be_visible()
    screenshot("02-projects")
    page.get_by_role("link", name=re.compile("CV screening at Nordlys Service")).click()
    expect(page.get_by_role("heading", name="CV screening at Nordlys Service")).to_be_visible()
    expect(page.get_by_role("cell", name="Union representatives / works council")).to_be_visible()
    screenshot("03-project-en")

    # The select submits itself (app.js); the fallback button is hidden.
    page.get_by_label("Language").select_option("nb")
    expect(page.get_by_role("heading", name="Hvor gruppene står")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    screenshot("04-project-nb")

    page.get_by_role("link", name="Revisjonslogg").click()
    expect(page.get_by_role("heading", name="CV screening at Nordlys Service")).to_be_visible()
    rows = page.locator("#audit-rows tr")
    expect(rows.first).to_contain_text("demo")
    first_count = rows.count()
    screenshot("05-audit-nb")

    # Older entries arrive through htmx, in place.
    page.get_by_role("link", name="Vis eldre oppføringer").click()
    expect(rows).not_to_have_count(first_count)
    assert rows.count() > first_count
    expect(page).to_have_url(re.compile(r"/audit/$"))


def test_viewer_sees_no_audit_tab_and_is_refused_at_the_url(page, demo):
    log_in(page, "leader")
    page.goto(f"/p/{demo.slug}/")
    expect(page.get_by_role("link", name="Audit trail")).to_have_count(0)
    response = page.goto(f"/p/{demo.slug}/audit/")
    assert response.status == 403
    page.console_errors.clear()  # Chromium logs the expected 403
    expect(page.get_by_role("heading", name="Your role does not allow this")).to_be_visible()


def test_stale_edit_in_two_tabs(page, browser, live_server, demo, screenshot):
    log_in(page)
    page.goto(f"/p/{demo.slug}/settings/")
    other = page.context.new_page()
    other.goto(f"{live_server.url}/p/{demo.slug}/settings/")
    other.get_by_label("Project name").fill("Renamed in the other tab")
    other.get_by_role("button", name="Save").click()
    expect(other.get_by_role("heading", name="Renamed in the other tab")).to_be_visible()

    page.get_by_label("Project name").fill("My late rename")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Someone else saved this while you were editing")).to_be_visible()
    expect(page.get_by_text("Renamed in the other tab").first).to_be_visible()
    screenshot("06-stale-edit")
    page.get_by_role("button", name="Save my version").click()
    expect(page.get_by_role("heading", name="My late rename")).to_be_visible()
