"""See "informed after the decision" on the demo, follow its link, log the consultation, see it go."""

import datetime as dt

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_informed_after_the_decision_journey(page, demo, screenshot):
    log_in(page)
    page.goto(f"/p/{demo.slug}/")
    union_finding = page.locator(".finding").filter(
        has_text="Group “Union representatives / works council”: first engaged"
    )
    expect(union_finding).to_have_count(1)
    expect(union_finding).to_contain_text("Informed after the decision")
    screenshot("30-warnings")

    union_finding.get_by_role("link", name="Fix it").click()
    expect(page.get_by_role("heading", name="Log an engagement")).to_be_visible()
    expect(page.get_by_label("Union representatives / works council")).to_be_checked()

    decision_day = demo.decisions.get().date
    page.get_by_label("Date").fill((decision_day - dt.timedelta(days=2)).isoformat())
    page.get_by_label("Type").select_option(label="Meeting")
    page.get_by_label("Topic").fill("Early consultation on CV screening")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Engagement logged.")).to_be_visible()

    page.goto(f"/p/{demo.slug}/")
    expect(
        page.locator(".finding").filter(
            has_text="Group “Union representatives / works council”: first engaged"
        )
    ).to_have_count(0)
    expect(
        page.locator(".finding").filter(has_text="Group “Affected employees”: affected by")
    ).to_have_count(1)
