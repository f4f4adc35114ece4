"""Hostile files sent to the KPI values and usage-log imports: a clear error, nothing stored."""

import duckdb
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from method.usage import Budget
from samspill.audit.models import AuditEntry
from samspill.kpis.models import FeatureWeek, KpiValue, UsageImport, UsageWeek
from tests import hostile_files

VALUE_MESSAGES = hostile_files.SPREADSHEET_MESSAGES


@pytest.mark.parametrize(
    ("case", "message"),
    list(
        zip(
            hostile_files.spreadsheet_cases(["kpi", "period", "value"]), VALUE_MESSAGES, strict=True
        )
    ),
    ids=hostile_files.SPREADSHEET_CASE_IDS,
)
def test_a_hostile_values_file_gets_a_clear_error_and_nothing_is_stored(
    client, project, members, case, message
):
    name, make = case
    entries = AuditEntry.objects.count()
    client.force_login(members["editor"])
    response = client.post(
        reverse("kpis:kpi_values_import", args=[project.slug]),
        {"file": SimpleUploadedFile(name, make())},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not KpiValue.objects.exists()
    assert AuditEntry.objects.count() == entries


def usage_post(client, project, name: str, data: bytes, fmt: str = ""):
    return client.post(
        reverse("kpis:usage_import", args=[project.slug]),
        {
            "file": SimpleUploadedFile(name, data),
            "fmt": fmt,
            "user_col": "user_id",
            "timestamp_col": "timestamp",
            "feature_col": "feature",
            "department_col": "department",
        },
    )


def assert_nothing_stored(entries: int) -> None:
    assert not UsageWeek.objects.exists()
    assert not FeatureWeek.objects.exists()
    assert not UsageImport.objects.exists()
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(
    ("name", "make", "fmt", "message"),
    [
        ("bomb.xlsx", hostile_files.zip_bomb_xlsx, "csv", "the file cannot be read as csv"),
        (
            "rows.xlsx",
            lambda: hostile_files.many_rows_xlsx(300_000, ["user_id"], ["u"]),
            "csv",
            "the file cannot be read as csv",
        ),
        ("garbage.csv", hostile_files.garbage, "", "the file cannot be read as csv"),
        ("unicode.csv", hostile_files.utf16_csv, "", "the file is saved as UTF-16"),
        (
            "wide.csv",
            lambda: b"user_id,timestamp,feature,department" + b",x" * 300 + b"\n",
            "",
            "the header names more than 200 columns",
        ),
    ],
    ids=["zip-bomb", "300k-row-xlsx", "garbage", "utf16", "wide"],
)
def test_a_hostile_usage_log_gets_a_clear_error_and_nothing_is_stored(
    client, project, members, name, make, fmt, message
):
    entries = AuditEntry.objects.count()
    client.force_login(members["editor"])
    response = usage_post(client, project, name, make(), fmt)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert_nothing_stored(entries)


def test_a_parquet_log_over_the_row_cap_is_refused_from_its_metadata(
    client, project, members, tmp_path, monkeypatch
):
    # A few kilobytes of Parquet can state a billion rows; the cap is read before any row.
    monkeypatch.setattr("samspill.kpis.views.WEB_BUDGET", Budget(max_rows=1_000))
    path = tmp_path / "usage.parquet"
    with duckdb.connect() as con:
        con.sql(
            "SELECT 'u' || i AS user_id, TIMESTAMP '2026-09-07 10:00' AS timestamp, "
            "'chat' AS feature, 'HR' AS department FROM range(1001) t(i)"
        ).write_parquet(str(path))
    entries = AuditEntry.objects.count()
    client.force_login(members["editor"])
    response = usage_post(client, project, "usage.parquet", path.read_bytes())
    assert "the file holds more than 1,000 events" in response.content.decode()
    assert_nothing_stored(entries)


def test_a_log_that_needs_more_memory_than_a_worker_may_take_is_refused(
    client, project, members, monkeypatch, settings
):
    settings.IMPORT_JOB_THRESHOLD_BYTES = (
        10_000_000  # in the request (the job: test_usage_import_job)
    )
    monkeypatch.setattr("samspill.kpis.views.WEB_BUDGET", Budget(memory_limit="1MB", threads=1))
    rows = b"".join(b"u%d@example.no,2026-09-07 10:00,chat,HR\n" % n for n in range(50_000))
    entries = AuditEntry.objects.count()
    client.force_login(members["editor"])
    response = usage_post(
        client, project, "usage.csv", b"user_id,timestamp,feature,department\n" + rows
    )
    assert "the file needs more than 1MB of memory to count" in response.content.decode()
    assert_nothing_stored(entries)
