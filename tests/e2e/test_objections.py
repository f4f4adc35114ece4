"""A union representative raises an objection; the team answers it; the map's count drops."""

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def open_count(page, slug: str) -> int:
    page.goto(f"/p/{slug}/map/")
    return int(page.locator('[data-open-objections="union"]').inner_text())


def test_objection_journey(page, demo, screenshot):
    log_in(page, "demo")
    before = open_count(page, demo.slug)
    page.context.clear_cookies()  # log out

    log_in(page, "union")
    page.goto(f"/p/{demo.slug}/objections/")
    page.get_by_role("link", name="Log an objection").click()
    page.get_by_label("What was said").fill(
        "Folk er redde for å miste jobben sin når roboten tar over sorteringen"
    )
    # The suggestions follow the typing.
    expect(page.locator("#live-suggestions .suggestion").first).to_have_attribute(
        "data-category", "job_security"
    )
    page.get_by_label("Raised by").select_option(
        label="Per Solberg (Union representatives / works council)"
    )
    page.get_by_label("Meeting or occasion").fill("Union meeting")
    screenshot("40-objection-log")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Objection logged.")).to_be_visible()
    expect(page.locator("#objection-status")).to_have_text("Open")
    expect(page.locator(".suggestion").first).to_have_attribute("data-category", "job_security")
    expect(page.locator(".suggestion").first).to_contain_text("Job security")
    screenshot("41-objection-matched")
    page.context.clear_cookies()

    log_in(page, "demo")
    assert open_count(page, demo.slug) == before + 1
    page.locator('[data-open-objections="union"]').click()
    page.get_by_role("link", name="Folk er redde for å miste jobben").click()
    # The library's response is offered as the answer; the project lead adapts and saves it.
    expect(page.get_by_role("textbox", name="Answer")).not_to_be_empty()
    page.get_by_role("textbox", name="Answer").fill(
        "Nobody loses their job; a written statement is on its way."
    )
    page.get_by_label("Status").select_option(label="Answered")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Objection updated.")).to_be_visible()
    expect(page.locator("#objection-status")).to_have_text("Answered")
    screenshot("42-objection-answered")
    assert open_count(page, demo.slug) == before
