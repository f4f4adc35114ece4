"""The business case's figures are rounded half up, never cut, on the page and in the
documents, in both languages (samspill/core/figures.py)."""

import io

import docx
import pypdf
import pytest
from django.urls import reverse

from samspill.business.documents import business_case_docx, business_case_pdf
from samspill.business.services import business_case_save
from samspill.projects.services import project_create
from samspill.stakeholders.models import StakeholderGroup
from samspill.stakeholders.services import person_create

NBSP = "\u00a0"
MINUS = "\u2212"

# 10 hours a week × 45 weeks = 450 hours: 450 / 1,687.5 = 0.2667 FTE (cut, it read 0.26).
# Over 12 months the ramp gives 187,500 NOK against 53,334 NOK of costs: an ROI of
# 2.51556, 252 % (cut, it read 251 %).
FIGURES = {
    "hours_saved_per_week": 10,
    "hourly_cost": 500,
    "licence_setup_cost": 53334,
    "annual_running_cost": 0,
}


def save_case(owner, project):
    return business_case_save(actor=owner, project=project, expected_version=None, **FIGURES)


@pytest.mark.parametrize(("language", "fte"), [("en", "0.27"), ("nb", "0,27")])
def test_roi_page_rounds_the_fte_and_the_roi(client, project, owner, language, fte):
    save_case(owner, project)
    client.force_login(owner)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("business:roi", args=[project.slug])).content.decode()
    assert f'<div class="stat">{fte}</div>' in page
    assert '<div class="stat">252 %</div>' in page
    assert "0.26" not in page and "0,26" not in page and "251 %" not in page


def pdf_text(content: bytes) -> str:
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.replace(NBSP, " ").split())


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def project_in(language: str, owner, stance: int = 1):
    project = project_create(
        actor=owner, name="Pilot", ai_tool="Bot", start_date="2026-10-01", language=language
    )
    group = StakeholderGroup.objects.filter(project=project).first()
    person_create(actor=owner, project=project, group=group, name="Kari", stance=stance)
    return project


@pytest.mark.parametrize(
    ("language", "fte", "stance", "alignment"),
    [("en", "0.27", "(+1.0)", "is +50 %"), ("nb", "0,27", "(+1,0)", "er +50 %")],
)
def test_business_case_documents_round_in_the_project_language(
    owner, language, fte, stance, alignment
):
    project = project_in(language, owner)
    inputs = save_case(owner, project)
    pdf = pdf_text(business_case_pdf(project, inputs))
    word = docx_text(business_case_docx(project, inputs))
    for text in (pdf, word):
        assert fte in text and "252 %" in text and stance in text and alignment in text
        assert "251 %" not in text
    assert f"225{',' if language == 'en' else NBSP}000 NOK" in word


def test_a_stance_below_neutral_has_a_real_minus_sign(owner):
    project = project_in("nb", owner, stance=-1)
    word = docx_text(business_case_docx(project, save_case(owner, project)))
    assert f"({MINUS}1,0)" in word and f"er {MINUS}50 %" in word
