import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from method.readiness import FAIRNESS_CLEAR
from samspill.audit.models import AuditEntry
from samspill.overview.trust import trust_overview
from samspill.pilot.models import PilotCase, PilotImport
from samspill.pilot.services import (
    PilotImportError,
    case_import,
    pilot_attributes_delete,
    pilot_import,
)

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "pilot.csv"


def upload(client, project, data: bytes, name="pilot.csv", **fields):
    return client.post(
        reverse("pilot:import", args=[project.slug]),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv"), **fields},
    )


def import_sample(project, owner, attributes=("gender", "age_band")):
    return pilot_import(
        actor=owner,
        project=project,
        data=SAMPLE.read_bytes(),
        filename="pilot.csv",
        attributes=list(attributes),
    )


def test_importing_the_sample_shows_agreement_time_and_one_fairness_flag(client, project, members):
    client.force_login(members["editor"])
    response = upload(
        client, project, SAMPLE.read_bytes(), attributes="gender, age_band", purpose="on"
    )
    assert response.status_code == 302
    record = PilotImport.objects.get(project=project)
    assert record.cases == PilotCase.objects.filter(project=project).count() > 300
    # 400 cases: the 55+ group's interval is still too wide to judge (issue 15).
    assert record.summary["flags"] == ["four_fifths", "small_sample"]
    page = client.get(reverse("pilot:report", args=[project.slug])).content.decode()
    assert 'data-flag="four_fifths"' in page and 'data-flag="rubber_stamp"' not in page
    assert 'id="agreement-rate"' in page and 'id="minutes-saved"' in page
    assert page.count("data-four-fifths") == 1
    item = project.checklist_items.get(key="pilot_measured")
    assert item.status == "done" and "pilot.csv" in item.evidence_note


def test_case_ids_are_pseudonymised_and_not_kept_anywhere(project, owner):
    import_sample(project, owner)
    raw_ids = {line.split(";")[0] for line in SAMPLE.read_text().splitlines()[1:]}
    stored = set(PilotCase.objects.values_list("case_key", flat=True))
    assert not raw_ids & stored
    trail = json.dumps([e.changes for e in AuditEntry.objects.all()])
    assert not any(raw in trail for raw in list(raw_ids)[:50])


def test_a_bad_file_is_refused_with_line_and_column_and_nothing_is_stored(client, project, owner):
    rows = SAMPLE.read_text().splitlines()
    broken = [*rows[:3], rows[3].replace(";pilot;", ";pilotx;"), *rows[4:6]]
    broken[2] = broken[2].replace("2025-09-01", "31.02.2025")
    client.force_login(owner)
    response = upload(client, project, "\n".join(broken).encode())
    page = response.content.decode()
    assert response.status_code == 200 and "Nothing was imported." in page
    assert "“31.02.2025” is not a date" in page and "decided_on" in page
    assert "“pilotx” is not an arm" in page
    assert not PilotCase.objects.exists() and not PilotImport.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [(b"", "The submitted file is empty."), (b"case_id;decided_on\n", "no such column")],
)
def test_empty_and_header_only_files_are_refused(client, project, owner, data, message):
    client.force_login(owner)
    assert message in upload(client, project, data).content.decode()
    assert not PilotImport.objects.exists()


def test_group_attributes_need_the_purpose_confirmed(client, project, owner):
    client.force_login(owner)
    response = upload(client, project, SAMPLE.read_bytes(), attributes="gender")
    assert "Confirm the purpose" in response.content.decode()
    assert not PilotImport.objects.exists()


def test_importing_again_replaces_the_cases(project, owner):
    first = import_sample(project, owner)
    second = import_sample(project, owner)
    assert PilotCase.objects.filter(project=project).count() == first.cases == second.cases
    actions = list(
        AuditEntry.objects.filter(object_type="pilot.pilotimport")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update"]


def test_a_fairness_flag_closes_the_rollout_gate_even_after_the_attributes_go(project, owner):
    def rollout_gate():
        gates = trust_overview(project, language="en").gates
        return next(g for g in gates if g.result.phase == "rollout").result

    assert FAIRNESS_CLEAR not in rollout_gate().missing
    import_sample(project, owner)
    assert FAIRNESS_CLEAR in rollout_gate().missing
    pilot_attributes_delete(actor=owner, project=project)
    assert not PilotCase.objects.exclude(attributes={}).exists()
    record = PilotImport.objects.get(project=project)
    assert record.attributes == [] and record.summary["fairness"] == {}
    assert FAIRNESS_CLEAR in rollout_gate().missing
    entry = AuditEntry.objects.filter(object_type="pilot.pilotimport").latest("sequence")
    assert entry.changes == {"attributes": [["gender", "age_band"], []]}


def test_pdf_report_states_results_flags_and_limits(client, project, owner):
    import_sample(project, owner)
    client.force_login(owner)
    response = client.get(reverse("pilot:document", args=[project.slug]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Pilot evaluation" in text
    assert "A group is selected less often" in text
    assert "rule of thumb" in text and "age_band" in text


def test_filing_the_report_as_trust_evidence(client, project, owner):
    import_sample(project, owner)
    client.force_login(owner)
    response = client.post(reverse("pilot:attach", args=[project.slug]))
    assert response.status_code == 302
    item = project.checklist_items.get(key="pilot_measured")
    assert item.evidence_file.name.endswith(".pdf")
    assert item.evidence_file.read(4) == b"%PDF"


def test_roi_page_shows_the_measured_hours_beside_the_assumed(client, project, owner):
    client.force_login(owner)
    roi = reverse("business:roi", args=[project.slug])
    assert "data-measured" not in client.get(roi).content.decode()
    import_sample(project, owner)
    assert "Measured in the pilot" in client.get(roi).content.decode()


def test_department_names_from_the_file_are_shown_literally(client, project, owner):
    text = SAMPLE.read_text().replace("Customer service", "<script>alert(1)</script>")
    pilot_import(actor=owner, project=project, data=text.encode(), filename="<b>x</b>.csv")
    client.force_login(owner)
    page = client.get(reverse("pilot:report", args=[project.slug])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>x</b>" not in page


def test_service_refuses_a_file_it_cannot_read(project, owner):
    with pytest.raises(PilotImportError) as refused:
        pilot_import(actor=owner, project=project, data=b"\x00\x01binary", filename="x.csv")
    assert refused.value.file_error.code == "binary"


def test_cli_import_and_json_report(project, owner, capsys):
    call_command(
        "pilot", "import", str(SAMPLE), "--project", project.slug, "--attribute", "age_band"
    )
    assert "Flags: four_fifths" in capsys.readouterr().out
    call_command("pilot", "report", "--project", project.slug, "--json")
    report = json.loads(capsys.readouterr().out)
    assert {"cases", "agreement_rate", "kappa", "override_rate", "flags"} <= set(report)
    assert set(report["minutes_saved_per_case"]) == {"estimate", "low", "high"}
    assert report["selection_rate_ratio"]["age_band"]["55+"] < 0.8
    assert report["flags"] == ["four_fifths", "small_sample"]


def test_cli_import_lists_the_problems_and_fails(project, owner, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "case_id;decided_on;department;ai_decision;human_decision;arm\n1;x;A;;maybe;pilot\n"
    )
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("pilot", "import", str(bad), "--project", project.slug)
    err = capsys.readouterr().err
    assert "line 2, decided_on" in err and "human_decision" in err
    with pytest.raises(CommandError, match="no pilot cases"):
        call_command("pilot", "report", "--project", project.slug)


def test_a_case_column_cannot_be_named_as_a_group_attribute(client, project, owner):
    client.force_login(owner)
    response = upload(
        client, project, SAMPLE.read_bytes(), attributes="case_id, gender", purpose="on"
    )
    assert "is one of the case columns" in response.content.decode()
    assert not PilotImport.objects.exists()
    with pytest.raises(ValueError, match="case column"):
        import_sample(project, owner, attributes=("case_id",))


def test_importing_without_the_attributes_does_not_clear_a_fairness_flag(project, owner):
    import_sample(project, owner)
    assert "four_fifths" in PilotImport.objects.get().summary["flags"]
    import_sample(project, owner, attributes=())
    assert "four_fifths" in PilotImport.objects.get().summary["flags"]


@pytest.mark.parametrize(
    "header",
    [
        "case_id,decided_on,department,ai_decision,human_decision,minutes,arm",
        "Saksnr,Dato,Avdeling,KI-beslutning,Beslutning,Minutter,Gruppe",
    ],
)
def test_the_import_page_lists_every_problem_under_the_files_own_column_names(
    client, project, owner, header
):
    from samspill.pilot.models import CaseImport

    case_id, day, department, ai, _human, minutes, arm = header.split(",")
    text = (
        f"{header}\n"
        "A-1,someday,,maybe,advance,-3,pilot\n"  # four problems
        "A-2,2025-09-01,HR,advance,advance,12,pilot\n"  # good
        ",31.02.2025,HR,advance,reject,lots,elsewhere\n"  # four
    )
    client.force_login(owner)
    upload = SimpleUploadedFile("saker.csv", text.encode())
    response = client.post(reverse("pilot:import", args=[project.slug]), {"file": upload})
    assert [(line, column) for line, column, _m in response.context["errors"]] == [
        (2, department),
        (2, day),
        (2, ai),
        (2, minutes),
        (4, case_id),
        (4, day),
        (4, arm),
        (4, minutes),
    ]
    assert response.context["error_count"] == 8
    page = response.content.decode()
    assert "Fix these 8 problems" in page
    assert not PilotCase.objects.exists() and not PilotImport.objects.exists()
    # The weekly production import reads the same way.
    with pytest.raises(PilotImportError) as refused:
        case_import(actor=owner, project=project, data=text.encode(), filename="uke.csv")
    assert {e.column for e in refused.value.errors} == {case_id, day, department, ai, arm, minutes}
    assert not PilotCase.objects.exists() and not CaseImport.objects.exists()


def test_a_file_of_many_bad_rows_lists_the_first_problems_and_counts_the_rest(
    client, project, owner
):
    from method.pilot_import import MAX_ERRORS

    header = "case_id,decided_on,department,ai_decision,human_decision,minutes,arm"
    rows = "".join(f"A-{n},someday,HR,advance,advance,,pilot\n" for n in range(MAX_ERRORS + 30))
    client.force_login(owner)
    upload = SimpleUploadedFile("cases.csv", f"{header}\n{rows}".encode())
    client.cookies["samspill_language"] = "nb"
    response = client.post(reverse("pilot:import", args=[project.slug]), {"file": upload})
    assert len(response.context["errors"]) == MAX_ERRORS + 1
    assert response.context["error_count"] == MAX_ERRORS + 30
    assert response.context["errors"][-1][2] == (
        "og 30 feil til, som ikke er listet her; er dette riktig fil?"
    )
