from datetime import date

import pytest
from django.urls import reverse

from method.usage import ColumnMap, UsageError
from samspill.audit.models import AuditEntry
from samspill.kpis import services
from samspill.kpis.models import FeatureWeek, LicensedDepartment, UsageImport, UsageWeek

HEADER = "user_id,timestamp,feature,department"
W1, W2, W3 = date(2026, 9, 7), date(2026, 9, 14), date(2026, 9, 21)


def csv_file(tmp_path, lines, name="usage.csv", header=HEADER, sep=",", bom=""):
    path = tmp_path / name
    text = "\n".join([header.replace(",", sep), *(line.replace(",", sep) for line in lines)])
    path.write_text(bom + text + "\n", encoding="utf-8")
    return path


def events(users, day, dept="Recruitment", feature="chat"):
    return [f"{dept[:3]}-{n}@example.no,{day} 10:00,{feature},{dept}" for n in range(users)]


def do_import(project, owner, path):
    return services.usage_import(actor=owner, project=project, path=path, filename=path.name)


def test_an_import_stores_weekly_aggregates_only(project, owner, tmp_path):
    path = csv_file(tmp_path, events(6, "2026-09-08") + events(5, "2026-09-15"))
    record = do_import(project, owner, path)
    assert (record.rows_read, record.weeks) == (11, 2)
    assert (record.first_week, record.last_week) == (W1, W2)
    weeks = list(UsageWeek.objects.filter(project=project).values_list("week", "active_users"))
    assert weeks == [(W1, 6), (W2, 5)]
    first = UsageWeek.objects.get(project=project, week=W1)
    assert first.retained_users == 5 and UsageWeek.objects.get(week=W2).retained_users is None
    assert FeatureWeek.objects.filter(project=project, feature="chat").count() == 2
    stored = " ".join(str(v) for v in UsageWeek.objects.values_list(flat=False))
    assert "example.no" not in stored
    entry = AuditEntry.objects.filter(object_type="kpis.usageimport").get()
    assert entry.changes["rows_read"] == [None, 11]


def test_reimporting_overlapping_weeks_replaces_them(project, owner, tmp_path):
    do_import(project, owner, csv_file(tmp_path, events(6, "2026-09-08") + events(6, "2026-09-15")))
    second = csv_file(tmp_path, events(7, "2026-09-16") + events(8, "2026-09-22"), name="later.csv")
    do_import(project, owner, second)
    weeks = dict(UsageWeek.objects.filter(project=project).values_list("week", "active_users"))
    assert weeks == {W1: 6, W2: 7, W3: 8}  # W2 replaced, not 6 + 7; W1 kept
    do_import(project, owner, second)
    assert UsageWeek.objects.filter(project=project).count() == 3
    assert UsageImport.objects.filter(project=project).count() == 3


def test_an_excel_csv_with_bom_and_semicolons_imports(project, owner, tmp_path):
    path = csv_file(tmp_path, events(5, "07.09.2026"), sep=";", bom="\ufeff")
    path.write_text(path.read_text(encoding="utf-8").replace(" 10:00", " 10:00"), "utf-8")
    record = do_import(project, owner, path)
    assert record.rows_read == 5
    assert UsageWeek.objects.get(project=project).week == W1


def test_a_one_row_file_imports(project, owner, tmp_path):
    record = do_import(project, owner, csv_file(tmp_path, events(1, "2026-09-08")))
    assert record.rows_read == 1 and record.weeks == 1


def test_bad_timestamps_name_the_line_and_store_nothing(project, owner, tmp_path):
    lines = [*events(3, "2026-09-08"), "x@example.no,yesterday,chat,Recruitment"]
    with pytest.raises(UsageError) as refused:
        do_import(project, owner, csv_file(tmp_path, lines))
    error = refused.value.errors[0]
    assert (error.line, error.column, error.code) == (5, "timestamp", "bad_timestamp")
    assert not UsageWeek.objects.exists() and not UsageImport.objects.exists()


def test_an_empty_file_is_refused(project, owner, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(UsageError) as refused:
        do_import(project, owner, path)
    assert refused.value.errors[0].code == "empty"


def test_the_key_differs_from_the_pilots(project):
    from samspill.pilot.services import pseudonym_key

    assert services.usage_key(project) != pseudonym_key(project)
    assert len(services.usage_key(project)) == 32


def test_named_columns_are_used(project, owner, tmp_path):
    path = csv_file(tmp_path, ["a,2026-09-08 10:00,chat,HR"], header="who,when,what,where")
    services.usage_import(
        actor=owner,
        project=project,
        path=path,
        filename=path.name,
        columns=ColumnMap(user="who", timestamp="when", feature="what", department="where"),
    )
    assert UsageWeek.objects.get(project=project).department == "HR"


# The page


def upload(path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


def form_data(path, **extra):
    return {
        "file": upload(path),
        "fmt": "",
        "user_col": "user_id",
        "timestamp_col": "timestamp",
        "feature_col": "feature",
        "department_col": "department",
        **extra,
    }


def test_the_page_imports_and_shows_masked_counts(client, project, members, tmp_path):
    path = csv_file(tmp_path, events(6, "2026-09-08") + events(3, "2026-09-08", dept="Payroll"))
    client.force_login(members["editor"])
    response = client.post(reverse("kpis:usage_import", args=[project.slug]), form_data(path))
    assert response.status_code == 302
    client.force_login(members["viewer"])
    page = client.get(reverse("kpis:usage", args=[project.slug])).content.decode()
    assert "fewer than 5" in page
    assert ">3<" not in page


def test_the_page_lists_every_bad_line(client, project, members, tmp_path):
    lines = ["a,not a time,chat,HR", "b,2026-09-08 10:00,,HR", "c,2026-09-08 10:00,chat,HR"]
    client.force_login(members["owner"])
    response = client.post(
        reverse("kpis:usage_import", args=[project.slug]), form_data(csv_file(tmp_path, lines))
    )
    assert response.status_code == 200
    errors = response.context["errors"]
    assert (2, "timestamp", "“not a time” is not a date and time") in errors
    assert (3, "feature", "required") in errors
    assert not UsageWeek.objects.exists()


def test_a_file_of_unknown_type_needs_a_chosen_format(client, project, members, tmp_path):
    path = csv_file(tmp_path, events(5, "2026-09-08"), name="usage.log")
    client.force_login(members["owner"])
    url = reverse("kpis:usage_import", args=[project.slug])
    assert client.post(url, form_data(path)).status_code == 200
    assert client.post(url, form_data(path, fmt="csv")).status_code == 302
    assert UsageWeek.objects.count() == 1


@pytest.mark.parametrize("role", ["viewer", "observer"])
def test_a_reader_cannot_import(client, project, members, tmp_path, role):
    client.force_login(members[role])
    path = csv_file(tmp_path, events(5, "2026-09-08"))
    response = client.post(reverse("kpis:usage_import", args=[project.slug]), form_data(path))
    assert response.status_code == 403
    assert not UsageWeek.objects.exists()


def test_an_outsider_gets_404(client, project, members):
    client.force_login(members["outsider"])
    assert client.get(reverse("kpis:usage", args=[project.slug])).status_code == 404


def test_licensed_users_are_saved_and_changed(client, project, members):
    client.force_login(members["editor"])
    url = reverse("kpis:usage_department_save", args=[project.slug])
    client.post(url, {"name": "Payroll", "licensed_users": 20})
    client.post(url, {"name": "payroll", "licensed_users": 25})
    department = LicensedDepartment.objects.get(project=project)
    assert (department.name, department.licensed_users) == ("Payroll", 25)
    client.post(url, {"name": "IT", "licensed_users": 0})
    assert LicensedDepartment.objects.count() == 1
    client.post(reverse("kpis:usage_department_delete", args=[project.slug, department.uuid]))
    assert not LicensedDepartment.objects.exists()


def test_the_page_lists_every_problem_of_every_row_under_norwegian_headers(
    client, project, members, tmp_path, monkeypatch
):
    from method import usage

    monkeypatch.setattr(usage, "MAX_ERRORS", 5)
    lines = [
        ",aldri,,HR",  # three problems
        "a,2026-09-08 10:00,chat,HR",  # good
        "b,1899-01-02,chat,",  # two
        ",,,",  # four, all counted, not listed
    ]
    path = csv_file(tmp_path, lines, header="Bruker;Tidspunkt;Funksjon;Avdeling", sep=";")
    data = form_data(
        path,
        user_col="Bruker",
        timestamp_col="Tidspunkt",
        feature_col="Funksjon",
        department_col="Avdeling",
    )
    client.force_login(members["owner"])
    response = client.post(reverse("kpis:usage_import", args=[project.slug]), data)
    assert [(line, column) for line, column, _m in response.context["errors"]] == [
        (2, "Bruker"),
        (2, "Tidspunkt"),
        (2, "Funksjon"),
        (4, "Tidspunkt"),
        (4, "Avdeling"),
        (5, ""),
    ]
    assert response.context["error_count"] == 9
    assert "and 4 more problems, not listed here" in response.content.decode()
    assert not UsageWeek.objects.exists() and not UsageImport.objects.exists()
