""" "My work" on the demo: reached from the header, readable on a desktop and on a phone."""

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_my_work_from_the_header(page, demo, screenshot):
    log_in(page, "demo")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My work").click()
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()
    expect(page.locator("table.my-work tbody tr").first).to_be_visible()
    expect(page.locator("table.my-work").get_by_role("link", name=demo.name).first).to_be_visible()
    screenshot("80-my-work")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("81-my-work-phone")
    # Each row leads to where the work is done.
    page.locator("table.my-work tbody tr").first.locator("td").nth(1).get_by_role(
        "link"
    ).last.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
