"""Change an assumption, watch the results follow, save, and fetch the business case."""

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_roi_updates_as_you_type_and_saves(page, demo, screenshot):
    log_in(page)
    page.goto(f"/p/{demo.slug}/roi/")
    benefit = page.locator(".roi-stats .stat").first
    # Demo: 6 h/week × 6 recruiters × 45 weeks × 650 NOK.
    expect(benefit).to_have_text("1,053,000 NOK")
    screenshot("20-roi")

    page.get_by_label("Loaded hourly cost").fill("700")
    expect(benefit).to_have_text("1,134,000 NOK")  # updated by htmx before any save

    page.get_by_label("Hours saved per user per week").fill("50")
    expect(page.get_by_text("Fix the highlighted fields to see the results.")).to_be_visible()
    expect(page.get_by_text("More hours saved than are worked (37.5).").first).to_be_visible()
    page.get_by_label("Hours saved per user per week").fill("6")
    expect(benefit).to_have_text("1,134,000 NOK")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Business case saved.")).to_be_visible()
    demo.business_case.refresh_from_db()
    assert demo.business_case.hourly_cost == 700

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == "demo-business-case.pdf"
