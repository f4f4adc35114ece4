"""Check the rules for a Norwegian CV-screening tool, draft the agreement, open the page logged out."""

import io
from pathlib import Path

from docx import Document
from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_guarantees_journey(page, demo, screenshot):
    log_in(page)
    page.goto(f"/p/{demo.slug}/trust/")
    page.get_by_role("link", name="Security guarantees").click()
    page.get_by_role("link", name="Which rules apply").click()

    page.get_by_label("Country").select_option("NO")
    page.get_by_label("Employees in the company").fill("140")
    page.get_by_label("Recruitment: job ads, screening or ranking applicants").check()
    page.get_by_label("It scores or ranks people").check()
    page.get_by_role("button", name="Check").click()

    expect(page.locator("[data-risk-class]")).to_have_attribute("data-risk-class", "high_risk_4a")
    expect(page.locator("#result")).to_contain_text("Annex III 4(a)")
    expect(page.locator("table.obligations")).to_contain_text("§ 9-2")
    screenshot("60-applicability")
    page.get_by_role("button", name="Add the obligations to TRUST").click()
    expect(page.get_by_text("obligations added to the TRUST Security step")).to_be_visible()

    page.goto(f"/p/{demo.slug}/guarantees/drafts/agreement/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Save and download DOCX").click()
    docx = Path(download.value.path()).read_bytes()
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert demo.ai_tool in text

    page.goto(f"/p/{demo.slug}/guarantees/transparency/")
    page.get_by_label("The link is open").check()
    page.get_by_label("Which data the AI uses").fill(
        "Name, CV and application letter; kept 6 months."
    )
    page.get_by_role("button", name="Save").click()
    link = page.locator("code.public-link").inner_text()

    page.context.clear_cookies()  # log out
    page.goto(link)
    expect(page.get_by_role("heading", name="Which data it uses")).to_be_visible()
    expect(page.get_by_text("kept 6 months")).to_be_visible()
    screenshot("61-transparency-public")
