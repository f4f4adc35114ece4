import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from samspill.audit.models import AuditEntry
from samspill.stakeholders.importing import people_export, people_import, row_error_message

GOOD = (
    "group;name;title;influence;interest;stance;email\n"
    "IT;Anders Nilsen;IT director;4;3;neutral;anders@example.org\n"
    "union;Per Solberg;Chief representative;4;5;-1;\n"
)


def run(project, owner, text, filename="people.csv", encoding="utf-8-sig"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return people_import(actor=owner, project=project, data=data, filename=filename)


def test_a_good_file_creates_people_and_audits_them(project, owner):
    report = run(project, owner, GOOD)
    assert report.ok
    assert report.created == ["Anders Nilsen", "Per Solberg"]
    assert project.people.get(name="Per Solberg").group.preset_key == "union"
    assert AuditEntry.objects.filter(object_type="stakeholders.person").count() == 2


def test_the_same_file_twice_creates_no_duplicates(project, owner):
    run(project, owner, GOOD)
    again = run(project, owner, GOOD)
    assert (again.created, again.updated, again.unchanged) == (
        [],
        [],
        ["Anders Nilsen", "Per Solberg"],
    )
    assert project.people.count() == 2


def test_matching_people_are_updated_and_the_report_says_so(project, owner):
    run(project, owner, GOOD)
    report = run(project, owner, GOOD.replace("4;5;-1", "5;5;supportive"))
    assert report.updated == ["Per Solberg"]
    per = project.people.get(name="Per Solberg")
    assert (per.influence, per.stance) == (5, 1)
    assert per.stance_changes.last().reason == "imported"


def test_one_bad_row_means_nothing_is_imported(project, owner):
    text = GOOD + "IT;Broken;;7;3;0;not-an-email\n"
    report = run(project, owner, text)
    assert not report.ok
    # Both problems of the row at once: the e-mail is not left for a second try.
    assert [(e.line, e.column, e.code) for e in report.errors] == [
        (4, "influence", "out_of_range"),
        (4, "email", "invalid_email"),
    ]
    assert not project.people.exists()
    assert not AuditEntry.objects.filter(object_type="stakeholders.person").exists()


def test_an_invalid_email_is_named_with_its_row(project, owner):
    report = run(project, owner, GOOD + "IT;Broken;;3;3;0;not-an-email\n")
    assert [(e.line, e.column) for e in report.errors] == [(4, "email")]
    assert not project.people.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\x00\x01\x02\x89PNG binary", "does not look like a CSV"),
        (b"name;title\nKari;CEO\n", "Required column missing: group."),
    ],
)
def test_unusable_files_get_a_clear_message(project, owner, data, message):
    report = run(project, owner, data)
    assert message in report.file_error
    assert not project.people.exists()


def test_windows_encoded_semicolon_file_from_excel(project, owner):
    report = run(
        project, owner, "gruppe;navn;holdning\nIT;Øystein Ås;skeptisk\n", encoding="cp1252"
    )
    assert report.ok
    assert project.people.get().name == "Øystein Ås"


def test_export_neutralises_formulas_and_imports_back_unchanged(project, owner, add_person):
    add_person(name="=HYPERLINK(evil)", title="@boss", notes="+1 plan")
    csv_bytes, _content_type, filename = people_export(project, file_format="csv")
    assert filename == f"{project.slug}-stakeholders.csv"
    assert "'=HYPERLINK(evil);'@boss" in csv_bytes.decode("utf-8-sig")
    xlsx_bytes, _, _ = people_export(project, file_format="xlsx", language="nb")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes)).active
    assert [c.value for c in sheet[1]][:2] == ["gruppe", "navn"]
    assert sheet["B2"].value == "'=HYPERLINK(evil)"
    report = run(project, owner, xlsx_bytes, filename="export.xlsx")
    assert report.unchanged == ["=HYPERLINK(evil)"]


def test_upload_with_a_bad_row_lists_it_and_imports_nothing(client, project, owner):
    client.force_login(owner)
    upload = SimpleUploadedFile("people.csv", (GOOD + "Nowhere;Lost;;3;3;0;\n").encode())
    response = client.post(reverse("stakeholders:import", args=[project.slug]), {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported." in page
    assert "no group called “Nowhere” in this project" in page
    assert not project.people.exists()


def test_a_50_mb_upload_is_refused_without_reading_it_into_the_map(client, project, owner):
    client.force_login(owner)
    upload = SimpleUploadedFile("huge.csv", b"group,name\n" + b"IT,x\n" * (10 * 1024 * 1024))
    response = client.post(reverse("stakeholders:import", args=[project.slug]), {"file": upload})
    assert response.status_code == 200
    assert "The file is larger than 5 MB." in response.content.decode()
    assert not project.people.exists()


def test_upload_of_a_good_xlsx(client, project, owner):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Group", "Name", "Stance"])
    workbook.active.append(["Leadership", "Kari Lunde", 2])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(owner)
    upload = SimpleUploadedFile("people.xlsx", buffer.getvalue())
    response = client.post(reverse("stakeholders:import", args=[project.slug]), {"file": upload})
    assert response.status_code == 200
    assert "Imported: 1 added, 0 updated, 0 unchanged." in response.content.decode()


def test_cli_import_and_export(project, owner, tmp_path, capsys):
    source = tmp_path / "people.csv"
    source.write_text(GOOD, encoding="utf-8")
    call_command("stakeholders", "import", str(source), "--project", project.slug)
    assert "2 added" in capsys.readouterr().out
    target = tmp_path / "out.xlsx"
    call_command(
        "stakeholders",
        "export",
        "--project",
        project.slug,
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    assert openpyxl.load_workbook(target).active.max_row == 3


def test_cli_import_of_a_bad_file_fails_and_names_the_rows(project, tmp_path, capsys):
    source = tmp_path / "people.csv"
    source.write_text("group,name,influence\nIT,A,9\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing imported: 1 problem"):
        call_command("stakeholders", "import", str(source), "--project", project.slug)
    assert "line 2, influence: 9 is outside 1 to 5" in capsys.readouterr().err
    assert not project.people.exists()


def test_cli_names_an_unknown_project(db):
    with pytest.raises(CommandError, match="No project with the slug 'nope'"):
        call_command("stakeholders", "export", "--project", "nope")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", b"name;title\nKari;CEO\n", "Required column missing: group."),
        ("long.csv", b"group;name\nIT;" + b"x" * 10_000 + b"\n", "10000 characters; at most 120"),
        ("strong.csv", b"group;name;influence\nIT;Kari;7\n", "7 is outside 1 to 5"),
        ("empty.csv", b"", "The submitted file is empty."),  # Django's own check
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "does not look like a CSV"),
    ],
)
def test_bad_uploads_get_a_clear_message_and_import_nothing(
    client, project, owner, name, content, message
):
    client.force_login(owner)
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("stakeholders:import", args=[project.slug]), {"file": upload})
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert not project.people.exists()


def test_every_problem_of_every_row_comes_in_one_pass_named_as_the_file_names_it(
    client, project, owner
):
    """Influence 7, stance "kanskje" and e-mail "ikke-en-epost" are three problems, shown at
    once, under the Norwegian headers the file used."""
    text = (
        "Gruppe;Navn;Innflytelse;Holdning;E-post\n"
        "IT;Kari Lunde;7;kanskje;ikke-en-epost\n"
        "IT;Ola Berg;3;positiv;ola@example\n"
    )
    client.force_login(owner)
    upload = SimpleUploadedFile("personer.csv", text.encode())
    response = client.post(reverse("stakeholders:import", args=[project.slug]), {"file": upload})
    assert response.status_code == 400
    rows = [(line, column) for line, column, _message in response.context["report"].messages]
    assert rows == [(2, "Innflytelse"), (2, "Holdning"), (2, "E-post"), (3, "E-post")]
    page = response.content.decode()
    assert "“ikke-en-epost” is not an e-mail address" in page
    assert not project.people.exists()


@pytest.mark.parametrize(
    "header",
    [
        ("group", "name", "influence", "stance", "email"),
        ("Gruppe", "Navn", "Innflytelse", "Holdning", "E-post"),
    ],
)
def test_an_address_only_djangos_validator_refuses_comes_with_the_rows_other_problems(
    project, owner, header
):
    """ "ola@exa_mple.no" has the shape of an address, so only the stricter check refuses it;
    it must still show in the same pass as the row's other problems, and in other rows."""
    group, name, influence, stance, email = header
    text = (
        ";".join(header) + "\n"
        "IT;Ola Berg;7;kanskje;ola@exa_mple.no\n"  # four problems
        "IT;Kari Lunde;3;positiv;kari@example.org\n"  # good
        "Nowhere;;0;;per@example.c\n"  # four problems
        "IT;Lise Dahl;2;1;lise@example\n"  # one
    )
    audited = AuditEntry.objects.count()
    report = run(project, owner, text)
    assert not report.ok
    found = [(e.line, report.column_name(e.column), e.code) for e in report.errors]
    assert found == [
        (2, influence, "out_of_range"),
        (2, stance, "unknown_stance"),
        (2, email, "invalid"),
        (4, group, "unknown_group"),
        (4, name, "required"),
        (4, influence, "out_of_range"),
        (4, email, "invalid"),
        (5, email, "invalid_email"),
    ]
    assert report.problem_count == 8
    assert not project.people.exists()
    assert AuditEntry.objects.count() == audited
    messages = [row_error_message(e) for e in report.errors]
    assert any("valid email address" in m for m in messages), messages


def test_a_file_with_very_many_problems_lists_the_first_and_counts_the_rest(
    client, project, owner, settings
):
    from samspill.stakeholders.importing import MAX_ERRORS

    rows = "".join(f"Nowhere;Person {n};9;;\n" for n in range(MAX_ERRORS))  # two problems each
    client.force_login(owner)
    upload = SimpleUploadedFile("people.csv", f"group;name;influence;stance;email\n{rows}".encode())
    response = client.post(reverse("stakeholders:import", args=[project.slug]), {"file": upload})
    assert response.status_code == 400
    report = response.context["report"]
    assert len(report.messages) == MAX_ERRORS + 1
    assert report.problem_count == 2 * MAX_ERRORS
    page = response.content.decode()
    assert f"Fix these {2 * MAX_ERRORS} problems" in page
    assert f"and {MAX_ERRORS} more problems, not listed here" in page
    assert not project.people.exists()
