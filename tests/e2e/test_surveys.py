"""Create and open a pulse survey, answer it five times by single-use links, watch the
results appear only at the fifth answer, and find a used link refused."""

import csv
import io
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, log_in

COMMENTS = [
    "Who can see the data it collects about us?",
    "I worry the tool will be used to cut jobs.",
    "",
    "Who can see the data it collects about us?",
    "More training, please.",
]


def _answer(respondent, path: str, nps: int, agree: int, comment: str) -> None:
    respondent.goto(path)
    expect(respondent.get_by_role("heading", name="Autumn pulse")).to_be_visible()
    respondent.locator(f'label[for="id_nps_{nps}"]').click()
    for fieldset in respondent.locator("fieldset.question").all()[1:]:
        fieldset.locator("label").nth(agree - 1).click()
    respondent.get_by_label("Is there anything else").fill(comment)
    respondent.get_by_role("button", name="Send my answers").click()
    expect(respondent.get_by_role("heading", name="Thank you")).to_be_visible()


def test_survey_journey(page, demo, browser, live_server, screenshot):
    log_in(page)
    page.goto(f"/p/{demo.slug}/surveys/")
    page.get_by_role("link", name="New survey").click()
    page.get_by_label("Title").fill("Autumn pulse")
    departments = page.get_by_label("Audiences: departments")
    departments.fill("Recruitment\nPayroll")
    screenshot("70-survey-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Survey created")).to_be_visible()
    page.get_by_role("button", name="Open the survey").click()
    expect(page.locator("#survey-status")).to_have_text("open")

    links = page.get_by_role("region", name="Links for a mail merge")
    links.get_by_label("Audience").select_option(label="Recruitment")
    links.get_by_label("Number of links").fill("6")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download links (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["audience", "link"] and len(rows) == 7
    paths = ["/s/" + link.split("/s/", 1)[1] for _audience, link in rows[1:]]
    screenshot("71-survey-detail")

    results_url = page.url + "results/"
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, is_mobile=True
    )
    respondent = context.new_page()
    try:
        respondent.goto(paths[0])
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        respondent.screenshot(path=str(SCREENSHOTS / "72-survey-phone.png"), full_page=True)
        # Nothing entered: the page says what is missing and saves nothing.
        respondent.get_by_role("button", name="Send my answers").click()
        expect(respondent.get_by_text("Choose a number from 0 to 10.")).to_be_visible()
        for number, path in enumerate(paths[:5], start=1):
            _answer(respondent, path, 9 if number % 2 else 10, 4, COMMENTS[number - 1])
            page.goto(results_url)
            if number < 5:
                expect(page.locator("[data-nps]")).to_have_count(0)
                expect(page.locator("#overall")).to_contain_text("Fewer than 5 answers")
            else:
                expect(page.locator("#overall [data-nps]")).to_have_text("+100")
                expect(page.locator('[data-cell="Recruitment"] [data-nps]')).to_be_visible()
                expect(page.locator("#themes")).to_contain_text("cut jobs")
        screenshot("73-survey-results")
        # A sixth answer waits for four more: no figure or comment moves, and the page
        # says so, in English and in Norwegian.
        _answer(respondent, paths[5], 0, 1, "A sixth voice")
        page.goto(results_url)
        expect(page.locator("#overall [data-nps]")).to_have_text("+100")
        expect(page.locator("#waiting")).to_contain_text("1 answer is waiting")
        expect(page.locator("#themes")).not_to_contain_text("A sixth voice")
        page.context.add_cookies(
            [{"name": "samspill_language", "value": "nb", "url": live_server.url}]
        )
        page.goto(results_url)
        expect(page.get_by_text("Slik blir resultatene frigitt")).to_be_visible()
        expect(page.locator("#waiting")).to_contain_text("1 svar venter")
        screenshot("73b-survey-results-nb")
        page.context.add_cookies(
            [{"name": "samspill_language", "value": "en", "url": live_server.url}]
        )
        page.goto(f"/p/{demo.slug}/surveys/")
        expect(page.locator("#trend-table")).to_contain_text("+100")
        screenshot("75-survey-list")

        # A used link shows the form like any other (so nobody can watch it turn used);
        # sending an answer with it is refused.
        respondent.goto(paths[0])
        respondent.locator('label[for="id_nps_3"]').click()
        for fieldset in respondent.locator("fieldset.question").all()[1:]:
            fieldset.locator("label").nth(0).click()
        respondent.get_by_role("button", name="Send my answers").click()
        expect(
            respondent.get_by_role("heading", name="This link has already been used")
        ).to_be_visible()
        respondent.screenshot(path=str(SCREENSHOTS / "74-survey-used.png"), full_page=True)
    finally:
        context.close()
