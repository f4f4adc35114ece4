"""The pilot report's figures are rounded half up, never cut (samspill/core/figures.py)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from samspill.pilot.services import pilot_import

HEADER = "case_id;decided_on;department;ai_decision;human_decision;minutes;arm"


def nine_cases_eight_agreed() -> bytes:
    """Agreement 8 / 9 = 88.9 %: cut, it read "88 %"."""
    rows = [HEADER]
    for n in range(9):
        human = "reject" if n == 0 else "advance"
        rows.append(f"P-{n};2026-09-{n + 1:02d};Recruitment;advance;{human};6.5;pilot")
        rows.append(f"C-{n};2026-09-{n + 1:02d};Recruitment;;advance;12.5;control")
    return "\n".join(rows).encode()


@pytest.fixture
def record(project, owner):
    return pilot_import(
        actor=owner, project=project, data=nine_cases_eight_agreed(), filename="pilot.csv"
    )


@pytest.mark.parametrize("language", ["en", "nb"])
def test_report_page_rounds_the_agreement(client, project, owner, record, language):
    assert record.summary["agreement_rate"] == pytest.approx(8 / 9, abs=1e-4)
    client.force_login(owner)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("pilot:report", args=[project.slug])).content.decode()
    assert '<div class="stat" id="agreement-rate">89 %</div>' in page
    assert '<div class="stat">11 %</div>' in page  # overrides: 1 / 9 = 11.1 %


def test_report_pdf_rounds_the_agreement(client, project, owner, record):
    client.force_login(owner)
    response = client.get(reverse("pilot:document", args=[project.slug]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "89 %" in " ".join(text.split()) and "88 %" not in text


def test_cli_report_rounds_the_agreement(project, record, capsys):
    call_command("pilot", "report", "--project", project.slug)
    out = capsys.readouterr().out
    assert "agreement        89 %" in out and "minutes saved    6.0 per case" in out
