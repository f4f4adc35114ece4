import datetime as dt
import io

import docx
import pypdf
import pytest
from django.urls import reverse

from samspill.dpia import services
from samspill.dpia.documents import action_plan_csv, dpia_docx, dpia_pdf
from samspill.dpia.selectors import dpia_data
from samspill.projects.services import project_create


@pytest.fixture
def filled(project, owner, dpia):
    """A DPIA with one rated risk, one measure, the DPO's opinion and a decision."""
    risk = dpia.risks.get(key="discrimination")
    services.risk_update(
        actor=owner,
        risk=risk,
        expected_version=1,
        severity_before=3,
        likelihood_before=3,
        severity_after=3,
        likelihood_after=1,
        measures="Selection rates compared per group every month.",
    )
    services.action_create(
        actor=owner,
        dpia=dpia,
        title="Monthly bias audit of shortlists",
        risk=risk,
        owner="Head of recruitment",
        due_date=dt.date(2026, 12, 15),
    )
    services.opinion_update(
        actor=owner,
        opinion=dpia.opinions.get(kind="dpo"),
        expected_version=1,
        author="Dana DPO",
        given_on=dt.date(2026, 11, 20),
        stance="reservations",
        text="Acceptable once the bias audit runs.",
    )
    services.decision_update(
        actor=owner,
        decision=dpia.decision,
        expected_version=1,
        outcome="go_with_conditions",
        conditions="The bias audit runs before real data is used.",
        decided_by="Olga Owner, HR director",
        decided_on=dt.date(2026, 11, 27),
        reasoning="Residual risks are acceptable with the audit in place.",
    )
    return dpia_data(project)


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


EXPECTED = [
    "Screening",
    "Context",
    "Fundamental principles",
    "Risks",
    "Action plan",
    "Opinion of the data protection officer",
    "Opinion of the employee representatives",
    "Decision",
    "Unfair or discriminatory outcomes",
    "Monthly bias audit of shortlists",
    "go with conditions",
    "Olga Owner, HR director",
    "Residual risks are acceptable with the audit in place.",
]


def test_pdf_holds_every_part_a_risk_an_action_and_the_decision(project, filled):
    content = dpia_pdf(project, filled)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for expected in EXPECTED:
        assert expected in text, expected


def test_docx_holds_every_part_a_risk_an_action_and_the_decision(project, filled):
    text = docx_text(dpia_docx(project, filled))
    for expected in EXPECTED:
        assert expected in text, expected
    assert "Head of recruitment" in text


def test_a_norwegian_project_gets_norwegian_documents(owner):
    project = project_create(
        actor=owner, name="Pilot", ai_tool="Bot", start_date=dt.date(2026, 10, 1), language="nb"
    )
    services.dpia_start(actor=owner, project=project)
    data = dpia_data(project)
    pdf = pdf_text(dpia_pdf(project, data))
    word = docx_text(dpia_docx(project, data))
    for text in (pdf, word):
        assert "Urettferdige eller diskriminerende utfall" in text
        assert "Sårbare registrerte" in text  # the criteria, from the Norwegian catalog


def test_user_text_is_set_as_text_not_run_as_typst(project, owner, dpia):
    services.context_update(
        actor=owner,
        context=dpia.context,
        expected_version=1,
        processing='#read("/etc/passwd") = heading *bold* $x$',
    )
    text = pdf_text(dpia_pdf(project, dpia_data(project)))
    assert '#read("/etc/passwd")' in text
    assert "root:" not in text


def test_action_plan_csv_has_a_header_and_neutralises_formulas(project, owner, dpia):
    services.action_create(
        actor=owner,
        dpia=dpia,
        title='=HYPERLINK("http://evil.example","Click")',
        owner="+47 99 99 99 99",
        risk=dpia.risks.first(),
    )
    lines = action_plan_csv(project, dpia_data(project)).decode("utf-8-sig").splitlines()
    assert lines[0] == "No.;Measure;Details;Risk;Owner;Due;Status"
    assert "'=HYPERLINK" in lines[1]
    assert "'+47 99" in lines[1]
    assert ";=HYPERLINK" not in lines[1] and not lines[1].split(";")[1].startswith('"=')
    assert "1. Unauthorised access to personal data" in lines[1]


def test_downloads(client, project, owner, filled):
    client.force_login(owner)
    pdf = client.get(reverse("dpia:document", args=[project.slug, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "Monthly bias audit" in pdf_text(pdf.content)
    word = client.get(reverse("dpia:document", args=[project.slug, "docx"]))
    assert "Monthly bias audit" in docx_text(word.content)
    csv = client.get(reverse("dpia:actions_csv", args=[project.slug]))
    assert csv["Content-Type"].startswith("text/csv")
    assert "attachment" in csv["Content-Disposition"]
    assert client.get(reverse("dpia:document", args=[project.slug, "odt"])).status_code == 404


def test_no_documents_before_the_dpia_is_started(client, project, owner):
    client.force_login(owner)
    assert client.get(reverse("dpia:document", args=[project.slug, "pdf"])).status_code == 404
    assert client.get(reverse("dpia:actions_csv", args=[project.slug])).status_code == 404
