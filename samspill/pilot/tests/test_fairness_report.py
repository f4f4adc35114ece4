"""The pilot report shows the disparity it exists to find (issue 15, part 2): the worked
example of 2,003 cases on the page and in the PDF, in English and Norwegian."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from method.tests.test_pilot_fairness import worked_example
from samspill.guarantees.models import ApplicabilityCheck
from samspill.pilot.presenting import legal_grounding
from samspill.pilot.services import pilot_import

HEADER = "case_id;decided_on;department;ai_decision;human_decision;minutes;arm;gender"


def worked_example_csv() -> bytes:
    rows = [HEADER]
    for n, case in enumerate(worked_example()):
        rows.append(
            f"C-{n};{case.decided_on.isoformat()};{case.department};{case.ai_decision or ''};"
            f"{case.human_decision};;{case.arm};{case.attribute('gender')}"
        )
    return "\n".join(rows).encode()


@pytest.fixture
def record(project, owner):
    return pilot_import(
        actor=owner,
        project=project,
        data=worked_example_csv(),
        filename="pilot.csv",
        attributes=["gender"],
    )


def _in_norway(project):
    ApplicabilityCheck.objects.create(
        project=project, country="NO", employees=300, purpose="recruitment"
    )


def test_the_worked_example_is_stored_with_its_flag_and_without_small_sample(record):
    assert record.cases == 2003
    assert record.summary["flags"] == ["four_fifths"]
    rows = {row["group"]: row for row in record.summary["fairness"]["gender"]}
    assert rows["F"]["ratio_human"] == 0.7 and rows["X"]["masked"]
    assert rows["X"]["cases"] is None and rows["X"]["selection_rate_human"] is None


@pytest.mark.parametrize(
    "language, held_back, law",
    [
        ("en", "Held back: every group with fewer than 5 cases", "likestillings- og"),
        ("nb", "Holdt tilbake: alle grupper med færre enn 5 saker", "likestillings- og"),
    ],
)
def test_the_page_shows_f_flagged_x_held_back_and_the_law(
    client, project, owner, record, language, held_back, law
):
    _in_norway(project)
    client.force_login(owner)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("pilot:report", args=[project.slug])).content.decode()
    assert page.count("data-four-fifths") == 1  # F's human ratio, 0.70
    assert "0.70" in page or "0,70" in page
    assert 'data-group="X" data-masked' in page
    assert held_back in page and "data-legal" in page and law in page
    assert "arbeidsmiljøloven" in page.lower() and "4a" in page
    assert 'data-flag="small_sample"' not in page


def test_the_pdf_names_the_law_and_what_is_held_back(client, project, owner, record):
    _in_norway(project)
    client.force_login(owner)
    response = client.get(reverse("pilot:document", args=[project.slug]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "A group is selected less often" in text
    assert "Equality and Anti-Discrimination Act" in text and "Art. 4a" in text
    assert "arbeidsmiljøloven" in text and "US employment practice" in text
    assert "X fewer than 5 cases: held back" in text and "F ≈ 1,000" in text
    assert "rounded to a multiple of 5" in text


def test_the_law_follows_the_projects_country():
    assert any("AGG" in line for line in legal_grounding("DE"))
    assert not any("AGG" in line for line in legal_grounding("NO"))
    assert any("2000/78/EC" in line for line in legal_grounding(None))
    assert all("US" in legal_grounding(c)[0] for c in ("NO", "DE", "EU", None))


def test_no_legal_block_without_a_four_fifths_flag(client, project, owner):
    rows = [HEADER] + [
        f"C-{n};2026-09-07;R;advance;advance;;pilot;{'F' if n % 2 else 'M'}" for n in range(40)
    ]
    pilot_import(
        actor=owner,
        project=project,
        data="\n".join(rows).encode(),
        filename="p.csv",
        attributes=["gender"],
    )
    client.force_login(owner)
    page = client.get(reverse("pilot:report", args=[project.slug])).content.decode()
    assert "data-legal" not in page and "data-held-back" not in page


def test_cli_report_lists_the_groups_ratios_and_what_is_held_back(project, record, capsys):
    call_command("pilot", "report", "--project", project.slug)
    out = capsys.readouterr().out
    assert "fairness: gender (counts rounded to 5)" in out
    assert "  X: fewer than k cases, held back" in out
    assert "person 35 %, ratio 0.70 (95 % 0.63–0.78)" in out


def test_the_page_explains_shadow_agreement_when_the_control_arm_has_ai_suggestions(
    client, project, owner
):
    rows = [HEADER]
    for n in range(100):  # pilot: 95 agree; control (AI unseen): 70 agree
        rows.append(f"P-{n};2026-09-07;R;advance;{'advance' if n < 95 else 'reject'};;pilot;F")
        rows.append(f"C-{n};2026-09-07;R;advance;{'advance' if n < 70 else 'reject'};;control;F")
    record = pilot_import(
        actor=owner, project=project, data="\n".join(rows).encode(), filename="p.csv"
    )
    assert "automation_bias" in record.summary["flags"]
    client.force_login(owner)
    page = client.get(reverse("pilot:report", args=[project.slug])).content.decode()
    assert "data-shadow" in page and 'data-flag="automation_bias"' in page
    assert "70 %" in page and "+25 %" in page
