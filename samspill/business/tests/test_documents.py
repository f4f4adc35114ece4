import io

import docx
import pypdf
import pytest
from django.urls import reverse

from samspill.business.documents import business_case_data, business_case_pdf
from samspill.business.services import business_case_save
from samspill.projects.services import project_create


@pytest.fixture
def case(project, owner):
    return business_case_save(
        actor=owner,
        project=project,
        expected_version=None,
        hours_saved_per_week=10,
        hourly_cost=500,
        licence_setup_cost=50000,
        annual_running_cost=60000,
        problem="Recruiters read 400 CVs a month.",
        risks="Bias against older candidates - monitor selection rates",
    )


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_pdf_holds_the_key_figures(project, case):
    content = business_case_pdf(project, case)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for expected in (
        "CV screening pilot",
        "225,000 NOK",
        "month 7",
        "Recruiters read 400 CVs a month.",
        "Bias against older candidates",
        "monitor selection rates",
        "Weeks 5–8",
    ):
        assert expected in text, expected


def test_a_norwegian_project_gets_a_norwegian_document(owner):
    project = project_create(
        actor=owner, name="Pilot", ai_tool="Bot", start_date="2026-10-01", language="nb"
    )
    inputs = business_case_save(
        actor=owner, project=project, expected_version=None, hours_saved_per_week=10
    )
    text = pdf_text(business_case_pdf(project, inputs))
    assert "Forretningscase" in text or "FORRETNINGSCASE" in text
    assert "225 000 NOK" in text.replace("\u00a0", " ")
    assert "Pilot i én avdeling" in text


def test_user_text_is_set_as_text_not_run_as_typst(project, owner):
    inputs = business_case_save(
        actor=owner,
        project=project,
        expected_version=None,
        hours_saved_per_week=10,
        problem='#read("/etc/passwd") = heading *bold* $x$',
    )
    text = pdf_text(business_case_pdf(project, inputs))
    assert '#read("/etc/passwd")' in text
    assert "root:" not in text


def test_download_pdf_and_docx(client, project, owner, case):
    client.force_login(owner)
    pdf = client.get(reverse("business:document", args=[project.slug, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "225,000 NOK" in pdf_text(pdf.content)
    word = client.get(reverse("business:document", args=[project.slug, "docx"]))
    document = docx.Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Recruiters read 400 CVs a month." in text
    assert "225,000 NOK" in cells
    assert len(document.inline_shapes) == 1  # the cash-flow chart


def test_unknown_document_format_is_not_found(client, project, owner):
    client.force_login(owner)
    assert client.get(f"/p/{project.slug}/roi/business-case.exe").status_code == 404


def test_data_is_worded_in_the_project_language(project, case):
    data = business_case_data(project, case)
    assert data["meta"]["lang"] == "en"
    assert data["labels"]["risks"] == "Risks and how we limit them"
