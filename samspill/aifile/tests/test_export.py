import datetime as dt
import io
import zipfile

from django.urls import reverse

from samspill.aifile import services
from samspill.aifile.documents import file_data
from samspill.guarantees.services import draft_save, draft_version_create


def _filled(project, owner):
    draft = draft_save(
        actor=owner,
        project=project,
        kind="employee_information",
        expected_version=None,
        title="Letter",
        body="Text",
        clauses=[],
    )
    letter = draft_version_create(actor=owner, draft=draft, docx=b"PK letter")
    services.worker_information_record(
        actor=owner,
        project=project,
        group=project.stakeholder_groups.get(preset_key="union"),
        informed_on=dt.date(2026, 10, 1),
        how="letter",
        letter=letter,
    )
    services.literacy_record_create(
        actor=owner,
        project=project,
        role="Recruiter",
        received="Course",
        received_on=dt.date(2026, 9, 10),
    )
    services.overseer_create(actor=owner, project=project, name="Per", authority="Reviews")


def test_the_file_data_carries_every_section_and_its_warnings(project, owner):
    _filled(project, owner)
    sections = {s["title"]: s for s in file_data(project)["sections"]}
    information = sections["Worker information (Art. 26(7), aml § 9-2(2))"]
    assert information["rows"][0][:2] == ["Union representatives / works council", "1 Oct 2026"]
    assert information["warnings"] == ["Not yet informed: Affected employees"]
    assert sections["Human oversight (Art. 26(2))"]["warnings"] == [
        "Per oversees the system but has no AI-literacy record."
    ]
    assert sections["Logs (Art. 26(6))"]["warnings"]
    assert "Explanation desk" in sections


def test_the_pdf_and_the_evidence_zip_download(client, project, owner, members):
    _filled(project, owner)
    client.force_login(members["observer"])
    pdf = client.get(reverse("aifile:document", args=[project.slug]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    response = client.get(reverse("aifile:evidence", args=[project.slug]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"ai-act-file.pdf", "worker-information.csv", "ai-literacy.csv"} <= names
    assert archive.read("letters/employee_information-v1.docx") == b"PK letter"
    assert "Recruiter" in archive.read("ai-literacy.csv").decode("utf-8-sig")
