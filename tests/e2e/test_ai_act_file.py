"""Issue #18 in the browser: worker information opens the rollout gate and a personal link
confirms receipt; a request for an explanation goes from the transparency page to the desk
and is answered."""

import datetime as dt
import re

from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from samspill.core import clock
from samspill.desk.models import ExplanationRequest
from tests.e2e.conftest import log_in

EMPLOYEES = "Affected employees"
UNION = "Union representatives / works council"
GATE_BLOCKER = "Every affected group has been informed (AI Act Art. 26(7))"
PHONE = {"width": 390, "height": 844}


def _record_information(page, slug, *, group, how, mode, letter):
    page.goto(f"/p/{slug}/ai-file/")
    page.locator("#information").get_by_role("link", name="Record worker information").click()
    page.get_by_label("Group").select_option(label=group)
    page.get_by_label("Informed on").fill(clock.today().isoformat())
    page.get_by_label("How").select_option(label=how)
    page.get_by_label("Or describe the letter").fill(letter)
    page.get_by_label("Acknowledgements").select_option(label=mode)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Worker information recorded.")).to_be_visible()


def _gate_blocker(page, slug):
    page.goto(f"/p/{slug}/trust/")
    expect(page.get_by_role("heading", name="Gates before each phase")).to_be_visible()
    return page.locator(".gate-missing li", has_text=GATE_BLOCKER)


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_worker_information_opens_the_gate_and_a_personal_link_confirms(page, demo, screenshot):
    slug = demo.slug
    log_in(page)
    expect(_gate_blocker(page, slug)).to_have_count(1)
    page.goto(f"/p/{slug}/ai-file/")
    warning = page.locator("#information .message-warning")
    expect(warning).to_contain_text(EMPLOYEES)
    expect(warning).to_contain_text(UNION)

    _record_information(
        page, slug, group=UNION, how="Meeting", mode="For the group as a whole", letter="Minutes"
    )
    expect(warning).to_contain_text(EMPLOYEES)
    expect(warning).not_to_contain_text(UNION)
    expect(_gate_blocker(page, slug)).to_have_count(1)  # one group is still uninformed

    _record_information(
        page,
        slug,
        group=EMPLOYEES,
        how="Letter or e-mail",
        mode="Person by person",
        letter="Information letter about CV screening",
    )
    expect(page.get_by_text("Every affected group has been informed.")).to_be_visible()
    expect(warning).to_have_count(0)
    expect(_gate_blocker(page, slug)).to_have_count(0)

    page.goto(f"/p/{slug}/ai-file/")
    employees_row = page.locator("#information tbody tr", has_text=EMPLOYEES)
    employees_row.get_by_role("button", name="Make personal links").click()
    expect(page.get_by_role("heading", name=f"Personal links for {EMPLOYEES}")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(2)  # Jonas Aas and Sofie Haugen
    link = page.locator("tbody tr", has_text="Jonas Aas").locator("code").inner_text()
    assert re.search(r"/ack/[^/]+/$", link), link
    screenshot("aifile-links-en")

    page.context.clear_cookies()  # Jonas, in his own browser
    page.goto(link)
    expect(
        page.get_by_role("heading", name="Confirm that you received the information")
    ).to_be_visible()
    page.get_by_role("button", name="I confirm I received it").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    page.goto(link)
    expect(page.get_by_role("heading", name="Already confirmed")).to_be_visible()
    expect(page.get_by_role("button", name="I confirm I received it")).to_have_count(0)
    token = link.rstrip("/").rsplit("/", 1)[1]
    altered = ("B" if token[0] == "A" else "A") + token[1:]
    assert page.goto(f"/ack/{altered}/").status == 404  # an altered link is not found
    page.console_errors.clear()  # the browser logs the 404 answer

    log_in(page)
    expect(page).to_have_url(re.compile(r"/projects/$"))
    page.goto(f"/p/{slug}/ai-file/")
    information = page.locator("#information")
    expect(information.get_by_role("heading", name="Confirmations of receipt")).to_be_visible()
    expect(information.locator("ul li")).to_have_count(1)
    expect(information.locator("ul li")).to_contain_text(f"{EMPLOYEES} · Jonas Aas")
    expect(page.locator("#information tbody tr", has_text=EMPLOYEES)).to_contain_text(
        "1 of 2 people"
    )
    screenshot("aifile-file-en")

    page.set_viewport_size(PHONE)
    expect(page.get_by_role("heading", name="Confirmations of receipt")).to_be_visible()
    screenshot("aifile-file-phone")
    assert _page_width(page) <= PHONE["width"]  # wide tables scroll inside their card

    page.set_viewport_size({"width": 1366, "height": 860})
    page.get_by_label("Language").select_option("nb")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    screenshot("aifile-file-nb")


def _close(page, slug, reference, *, answered_on):
    page.goto(f"/p/{slug}/desk/")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=reference)).to_be_visible()
    page.get_by_label("Status").select_option(label="Answered and closed")
    page.get_by_label("Answered on").fill(answered_on.isoformat())
    page.get_by_label("Answer", exact=True).fill(
        "The tool ranked the CV; a recruiter read it and decided."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("A closed request needs its outcome.")).to_be_visible()
    page.get_by_label("Outcome").select_option(label="Explained")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Request saved.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Answered and closed · Explained")


def test_explanation_request_reaches_the_desk_and_is_answered(page, demo, screenshot):
    slug = demo.slug
    today = clock.today()
    log_in(page)
    page.goto(f"/p/{slug}/desk/")
    answered = page.locator("#statistics dl.facts dd").nth(0)
    median = page.locator("#statistics dl.facts dd").nth(1)
    expect(answered).to_have_text("0")
    expect(median).to_have_text("—")

    page.goto(f"/p/{slug}/guarantees/transparency/")
    page.get_by_label("The link is open").check()
    page.get_by_role("button", name="Save").click()
    public_link = page.locator("code.public-link").inner_text()

    page.context.clear_cookies()  # a worker, not logged in
    page.goto(public_link)
    page.get_by_role("link", name="Ask for an explanation of a decision").click()
    expect(page.get_by_role("heading", name="Ask for an explanation of a decision")).to_be_visible()
    page.get_by_label("Which decision do you want explained?").fill(
        "My application for the recruiter job was rejected on 2 November."
    )
    page.get_by_label("Your name").fill("Nora Vik")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "We need a way to reach you to send the explanation"
    )
    assert not ExplanationRequest.objects.filter(project=demo).exists()
    screenshot("desk-intake-refused-en")

    page.get_by_label("E-mail").fill("nora.vik@example.org")
    page.get_by_role("button", name="Send the request").click()
    received = page.get_by_text(re.compile(r"Your request is received with reference EX-"))
    expect(received).to_be_visible()
    request = ExplanationRequest.objects.get(project=demo)
    assert request.channel == "page"
    assert request.deadline == request.received_on + dt.timedelta(days=30)  # the default
    expect(received).to_contain_text(request.reference)

    # A second request, received by letter a week ago, logged by HR.
    log_in(page)
    expect(page).to_have_url(re.compile(r"/projects/$"))
    page.goto(f"/p/{slug}/desk/")
    page.get_by_role("link", name="Log a request").click()
    page.get_by_label("Which decision do you want explained?").fill("Rejected in October.")
    page.get_by_label("Phone").fill("+47 900 00 000")
    page.get_by_label("Received through").select_option(label="Letter")
    page.get_by_label("Received on").fill((today - dt.timedelta(days=6)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile(r"Request EX-\d{4}-\d+ logged"))).to_be_visible()
    logged = ExplanationRequest.objects.exclude(pk=request.pk).get(project=demo)

    page.goto(f"/p/{slug}/desk/")
    with translation.override("en"):
        deadline = date_format(request.deadline, "DATE_FORMAT")
    row = page.locator("tbody tr", has_text=request.reference)
    expect(row).to_contain_text(deadline)
    expect(row).to_contain_text("Received")
    expect(page.locator("tbody tr", has_text=logged.reference)).to_be_visible()
    screenshot("desk-list-en")

    _close(page, slug, request.reference, answered_on=request.received_on)
    _close(page, slug, logged.reference, answered_on=today)
    page.goto(f"/p/{slug}/desk/")
    expect(answered).to_have_text("2")
    expect(median).to_have_text("3.0")  # 0 and 6 days
    outcomes = page.locator("#statistics table").last
    expect(outcomes.locator("tr", has_text="Explained")).to_contain_text("2")
    screenshot("desk-answered-en")

    page.set_viewport_size(PHONE)
    expect(page.get_by_role("heading", name="Statistics")).to_be_visible()
    screenshot("desk-phone")
    assert _page_width(page) <= PHONE["width"]

    page.get_by_label("Language").select_option("nb")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    screenshot("desk-nb-phone")
