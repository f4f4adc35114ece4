"""A week of rubber-stamped cases breaches a control; the union sees it and comments; the owner
responds; the evaluation report lists the breach and the response."""

import datetime as dt
import io
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from samspill.controls.tests.helpers import week_csv
from tests.e2e.conftest import log_in


def _this_monday() -> dt.date:
    today = dt.date.today()  # browser tests run on the real clock (tests/e2e/conftest.py)
    return today - dt.timedelta(days=today.weekday())


def test_a_breach_from_import_to_the_evaluation_report(
    page, browser, live_server, demo, screenshot, tmp_path
):
    cases = tmp_path / "week.csv"
    cases.write_bytes(week_csv(_this_monday(), cases=40, minutes=0.3))

    log_in(page)
    page.goto(f"/p/{demo.slug}/controls/")
    page.get_by_role("link", name="Import this week's cases").click()
    page.get_by_label("This week's cases (CSV or XLSX)").set_input_files(str(cases))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("40 cases imported and the controls evaluated.")).to_be_visible()
    row = page.locator("tr", has_text="A person reviews every suggested rejection")
    expect(row.locator(".badge-bad")).to_have_text("breached")
    screenshot("80-controls")
    page.goto(f"/p/{demo.slug}/")
    expect(page.locator("#control-breaches")).to_contain_text("breached this week")

    union = browser.new_context(base_url=live_server.url)
    observer = union.new_page()
    log_in(observer, "union")
    observer.goto(f"/p/{demo.slug}/controls/")
    observer.locator("tr", has_text="A person reviews every suggested rejection").get_by_role(
        "link", name="Evidence"
    ).click()
    expect(observer.get_by_role("heading", name="Evidence")).to_be_visible()
    expect(observer.get_by_role("button", name="Record the response")).to_have_count(0)
    observer.get_by_role("textbox", name="Comment").fill(
        "Nobody spends a minute on a rejection. Why?"
    )
    observer.get_by_role("button", name="Comment").click()
    expect(observer.get_by_text("Nobody spends a minute on a rejection. Why?")).to_be_visible()
    breach_url = observer.url
    union.close()

    page.goto(breach_url)
    expect(page.get_by_text("Nobody spends a minute on a rejection. Why?")).to_be_visible()
    page.get_by_role("textbox", name="Cause").fill(
        "The queue target pushed people to accept suggestions."
    )
    page.get_by_role("textbox", name="Measure").fill(
        "Target removed; every rejection gets a second reader."
    )
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("Your response is recorded.")).to_be_visible()
    screenshot("81-controls-breach")

    page.goto(f"/p/{demo.slug}/controls/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Evaluation report (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "A person reviews every suggested rejection" in text
    assert "Target removed; every rejection gets a second reader." in text
    assert "Nobody spends a minute on a rejection. Why?" in text
