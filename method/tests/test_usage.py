# Fixtures are written with SQL built from constants and tmp_path.
# ruff: noqa: S608

import hashlib
import hmac
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from method import usage
from method.usage import (
    ColumnMap,
    UsageError,
    UsageRowError,
    WeekDept,
    WeekFeature,
    WeekRetention,
    adoption_rate,
    import_usage,
    retention_rate,
    stickiness,
    weeks_covered,
)

KEY = b"test-key-0123456789abcdef"
OTHER_KEY = b"another-key-0123456789abcdef"
COLUMNS = ColumnMap(user="user_id", timestamp="ts", feature="feature", department="department")
W1, W2, W3, W4, W5 = (date(2025, 1, 6) + timedelta(weeks=n) for n in range(5))

# (user, timestamp, feature, department): HR has a, b, c and IT has d, e; nobody in HR works
# in week 4, nobody in IT in week 5.
EVENTS = [
    ("anna.hansen@example.no", "2025-01-06 08:00:00", "chat", "HR"),
    ("anna.hansen@example.no", "2025-01-07 09:30:00", "chat", "HR"),
    ("anna.hansen@example.no", "2025-01-12 23:59:59", "search", "HR"),  # Sunday: week 1
    ("bo.berg@example.no", "2025-01-08 10:00:00", "chat", "HR"),
    ("dag.dahl@example.no", "2025-01-09 11:00:00", "chat", "IT"),
    ("anna.hansen@example.no", "2025-01-13 00:00:00", "chat", "HR"),  # Monday: week 2
    ("cato.carlsen@example.no", "2025-01-14 12:00:00", "search", "HR"),
    ("cato.carlsen@example.no", "2025-01-15 12:00:00", "search", "HR"),
    ("dag.dahl@example.no", "2025-01-16 13:00:00", "search", "IT"),
    ("eva.eng@example.no", "2025-01-17 14:00:00", "chat", "IT"),
    ("bo.berg@example.no", "2025-01-21 10:00:00", "chat", "HR"),
    ("dag.dahl@example.no", "2025-01-22 10:00:00", "chat", "IT"),
    ("eva.eng@example.no", "2025-01-28 10:00:00", "chat", "IT"),
    ("anna.hansen@example.no", "2025-02-04 10:00:00", "chat", "HR"),
]
USER_IDS = sorted({user for user, *_ in EVENTS})


def write_csv(
    path: Path, rows, header="user_id,ts,feature,department", sep=",", newline="\n", bom=""
) -> Path:
    lines = [header.replace(",", sep)] + [sep.join(row) for row in rows]
    path.write_text(bom + newline.join(lines) + newline, encoding="utf-8", newline="")
    return path


def write_with_duckdb(path: Path, rows, fmt: str, ts_type: str = "VARCHAR") -> Path:
    """A fixture written by DuckDB itself, as JSON Lines or Parquet."""
    with duckdb.connect() as con:
        con.execute(
            f"CREATE TABLE log (user_id VARCHAR, ts {ts_type}, feature VARCHAR, department VARCHAR)"
        )
        if rows:
            con.executemany("INSERT INTO log VALUES (?, ?, ?, ?)", [list(row) for row in rows])
        con.execute(f"COPY log TO '{path}' (FORMAT {'json' if fmt == 'jsonl' else fmt})")
    return path


def read(path: Path, **options):
    return import_usage(path, columns=options.pop("columns", COLUMNS), key=KEY, **options)


def errors_of(path: Path, **options) -> list[tuple[int, str, str]]:
    with pytest.raises(UsageError) as raised:
        read(path, **options)
    return [(e.line, e.column, e.code) for e in raised.value.errors]


def week(result, week_start: date, department: str) -> WeekDept:
    return next(w for w in result.weekly if (w.week, w.department) == (week_start, department))


# Aggregates, checked by hand


def test_weekly_events_and_active_users_per_department(tmp_path):
    result = read(write_csv(tmp_path / "log.csv", EVENTS))
    assert result.rows_read == len(EVENTS)
    assert result.weeks == (W1, W2, W3, W4, W5)
    table = [(w.week, w.department, w.events, w.active_users, w.mau) for w in result.weekly]
    assert table == [
        (W1, "HR", 4, 2, 2),
        (W1, "IT", 1, 1, 1),
        (W2, "HR", 3, 2, 3),
        (W2, "IT", 2, 2, 2),
        (W3, "HR", 1, 1, 3),
        (W3, "IT", 1, 1, 2),
        (W4, "HR", 0, 0, 3),  # no events, but the month still has a, b and c
        (W4, "IT", 1, 1, 2),
        (W5, "HR", 1, 1, 3),  # weeks 2-5: a, c, b; week 1 has left the window
        (W5, "IT", 0, 0, 2),
    ]
    assert [w.mau_weeks for w in result.weekly if w.department == "HR"] == [1, 2, 3, 4, 4]


def test_features_count_events_and_distinct_users(tmp_path):
    result = read(write_csv(tmp_path / "log.csv", EVENTS))
    assert result.features == (
        WeekFeature(W1, "HR", "chat", 3, 2),
        WeekFeature(W1, "HR", "search", 1, 1),
        WeekFeature(W1, "IT", "chat", 1, 1),
        WeekFeature(W2, "HR", "chat", 1, 1),
        WeekFeature(W2, "HR", "search", 2, 1),
        WeekFeature(W2, "IT", "chat", 1, 1),
        WeekFeature(W2, "IT", "search", 1, 1),
        WeekFeature(W3, "HR", "chat", 1, 1),
        WeekFeature(W3, "IT", "chat", 1, 1),
        WeekFeature(W4, "IT", "chat", 1, 1),
        WeekFeature(W5, "HR", "chat", 1, 1),
    )


def test_retention_is_the_share_of_a_weeks_users_active_the_next_week(tmp_path):
    result = read(write_csv(tmp_path / "log.csv", EVENTS))
    assert result.retention == (
        WeekRetention(W1, "HR", 2, 1),  # a and b; a came back
        WeekRetention(W1, "IT", 1, 1),
        WeekRetention(W2, "HR", 2, 0),  # a and c; only b came in week 3
        WeekRetention(W2, "IT", 2, 1),
        WeekRetention(W3, "HR", 1, 0),
        WeekRetention(W3, "IT", 1, 0),
        WeekRetention(W4, "IT", 1, 0),  # HR had nobody in week 4; week 5 is the last
    )
    assert result.retention[0].rate == 0.5


def test_stickiness_is_weekly_over_monthly_active_users(tmp_path):
    result = read(write_csv(tmp_path / "log.csv", EVENTS))
    assert week(result, W2, "HR").stickiness == pytest.approx(2 / 3)
    assert week(result, W4, "HR").stickiness == 0
    assert stickiness(0, 0) is None


def test_the_fast_and_the_plain_reading_agree(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "log.csv", EVENTS)
    fast = read(path)
    monkeypatch.setattr(usage, "FEATURE_SAMPLE_ROWS", 1)  # 'search' turns up unseen
    late_feature = read(path)
    monkeypatch.setattr(usage, "FAST_PATH_FEATURES", 0)  # too many features to start with
    plain = read(path)
    for other in (late_feature, plain):
        assert (other.weekly, other.features, other.retention) == (
            fast.weekly,
            fast.features,
            fast.retention,
        )


def test_a_week_without_any_events_is_covered_and_breaks_retention(tmp_path):
    rows = [
        ("a", "2025-01-06 10:00:00", "chat", "HR"),
        ("a", "2025-01-20 10:00:00", "chat", "HR"),
    ]
    result = read(write_csv(tmp_path / "gap.csv", rows))
    assert weeks_covered(result) == (W1, W2, W3)
    assert week(result, W2, "HR") == WeekDept(W2, "HR", 0, 0, 1, 2)
    assert result.retention == (WeekRetention(W1, "HR", 1, 0),)


def test_a_one_row_file_gives_one_week(tmp_path):
    result = read(write_csv(tmp_path / "one.csv", EVENTS[:1]))
    assert result.rows_read == 1
    assert result.weeks == (W1,)
    assert result.weekly == (WeekDept(W1, "HR", 1, 1, 1, 1),)
    assert result.features == (WeekFeature(W1, "HR", "chat", 1, 1),)
    assert result.retention == ()


def test_labels_and_ids_are_trimmed_before_they_are_counted(tmp_path):
    rows = [
        ("anna", "2025-01-06 10:00:00", "chat", "HR"),
        (" anna ", "2025-01-07 10:00:00", " chat", " HR "),
        ("bo", "2025-01-07 10:00:00", "chat ", "HR"),
    ]
    result = read(write_csv(tmp_path / "spaces.csv", rows))
    assert result.weekly == (WeekDept(W1, "HR", 3, 2, 2, 1),)
    assert result.features == (WeekFeature(W1, "HR", "chat", 3, 2),)


# Formats


def test_jsonl_and_parquet_give_what_csv_gives(tmp_path):
    from_csv = read(write_csv(tmp_path / "log.csv", EVENTS))
    for fmt in ("jsonl", "parquet"):
        result = read(write_with_duckdb(tmp_path / f"log.{fmt}", EVENTS, fmt))
        assert (result.rows_read, result.weekly, result.features, result.retention) == (
            from_csv.rows_read,
            from_csv.weekly,
            from_csv.features,
            from_csv.retention,
        ), fmt


def test_parquet_timestamps_may_be_native(tmp_path):
    naive = write_with_duckdb(tmp_path / "naive.parquet", EVENTS[:3], "parquet", "TIMESTAMP")
    assert read(naive).weekly == (WeekDept(W1, "HR", 3, 1, 1, 1),)
    # 23:30 UTC on Sunday is 00:30 on Monday in Oslo.
    zoned = write_with_duckdb(
        tmp_path / "zoned.parquet",
        [("a", "2025-01-12 23:30:00+00", "chat", "HR")],
        "parquet",
        "TIMESTAMPTZ",
    )
    assert read(zoned).weeks == (W2,)
    assert read(zoned, timezone="UTC").weeks == (W1,)


def test_the_format_comes_from_the_extension_unless_given(tmp_path):
    path = write_csv(tmp_path / "export.log", EVENTS[:1])
    assert errors_of(path) == [(0, "", "unknown_format")]
    assert read(path, fmt="csv").rows_read == 1
    jsonl = write_with_duckdb(tmp_path / "export.data", EVENTS[:1], "jsonl")
    assert read(jsonl, fmt="jsonl").rows_read == 1


def test_an_excel_csv_with_bom_semicolons_and_windows_line_ends_reads(tmp_path):
    rows = [
        ("anna", "06.01.2025 08:00", "chat", "Økonomi"),
        ("bo", "07.01.2025 09:30", "chat", "HR"),
    ]
    path = write_csv(tmp_path / "excel.csv", rows, sep=";", newline="\r\n", bom="\ufeff")
    result = read(path)
    assert [(w.department, w.events) for w in result.weekly] == [("HR", 1), ("Økonomi", 1)]


def test_a_windows_1252_file_reads_even_when_its_first_bytes_are_ascii(tmp_path, monkeypatch):
    path = tmp_path / "ansi.csv"
    text = "user_id;ts;feature;department\r\n"
    text += "anna;06.01.2025 08:00;chat;HR\r\n" * 50 + "bo;06.01.2025 09:00;chat;Økonomi\r\n"
    path.write_bytes(text.encode("cp1252"))
    assert [w.department for w in read(path).weekly] == ["HR", "Økonomi"]
    monkeypatch.setattr(usage, "HEAD_BYTES", 64)  # the 'Ø' only turns up after the head
    assert [w.department for w in read(path).weekly] == ["HR", "Økonomi"]


def test_a_file_mixing_utf8_and_windows_1252_is_refused_at_the_first_bad_line(
    tmp_path, monkeypatch
):
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "user_id,ts,feature,department\nanna,2025-01-06 10:00,chat,Økonomi\n".encode()
        + "bo,2025-01-06 10:00,chat,Økonomi\n".encode("cp1252")
    )
    assert errors_of(path) == [(3, "", "mixed_encoding")]
    monkeypatch.setattr(usage, "HEAD_BYTES", 40)  # found while reading, not in the head
    assert errors_of(path) == [(3, "", "mixed_encoding")]


@pytest.mark.parametrize(
    ("text", "week_start"),
    [
        ("2025-01-12 23:59:59", W1),
        ("2025-01-13 00:00", W2),
        ("2025-01-13T00:00:00", W2),
        ("2025-01-13T00:00:00.123456", W2),
        ("2025-01-13", W2),
        ("13.01.2025 00:00", W2),
        ("13.01.2025 00:00:30", W2),
        ("13.01.2025", W2),
        ("12.01.2025 23:59", W1),
        ("2025-01-12T23:30:00Z", W2),  # 00:30 on Monday in Oslo
        ("2025-01-12T22:30:00Z", W1),  # 23:30 on Sunday in Oslo
        ("2025-01-12T23:30:00+01:00", W1),
        ("2025-01-12T23:30:00+0000", W2),
        ("2025-01-12T18:30:00-05", W2),
        ("2025-06-29T22:30:00Z", date(2025, 6, 30)),  # summer time: UTC+2
        ("2025-06-29T21:30:00Z", date(2025, 6, 23)),
    ],
)
def test_accepted_timestamps_fall_in_their_local_week(tmp_path, text, week_start):
    path = write_csv(tmp_path / "ts.csv", [("anna", text, "chat", "HR")])
    assert read(path).weeks == (week_start,)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2025-13-01 10:00:00", "bad_timestamp"),
        ("2025-02-30 10:00:00", "bad_timestamp"),
        ("2025-01-06 25:00:00", "bad_timestamp"),
        ("01/06/2025 10:00", "bad_timestamp"),
        ("1736150400", "bad_timestamp"),
        ("2025-01-06 10:00:00 CET", "bad_timestamp"),
        ("2025-01-06 10:00:00 +0100", "bad_timestamp"),  # not read with the offset dropped
        ("yesterday", "bad_timestamp"),
        ("infinity", "timestamp_out_of_range"),
        ("1999-06-01 10:00:00", "timestamp_out_of_range"),
        ("06.01.25 10:00", "timestamp_out_of_range"),  # year 25, not 2025
        ("99999-09-08 10:00", "timestamp_out_of_range"),  # a typo DuckDB reads as text
    ],
)
def test_other_timestamps_are_refused(tmp_path, text, code):
    path = write_csv(tmp_path / "ts.csv", [("anna", f'"{text}"', "chat", "HR")])
    assert errors_of(path) == [(2, "ts", code)]


# Errors: all or nothing, with file lines


def test_bad_rows_are_reported_with_their_file_lines_and_nothing_is_returned(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "user_id,ts,feature,department\n"  # line 1
        "anna,2025-01-06 10:00:00,chat,HR\n"  # 2
        "\n"  # 3: blank, skipped
        'bo,2025-01-06 10:00:00,"chat\nwith a line break",HR\n'  # 4-5
        "cato,2025-13-06 10:00:00,chat,HR\n"  # 6
        ",2025-01-06 10:00:00,,HR\n"  # 7
        f"dag,2025-01-06,chat,{'x' * 121}\n"  # 8
        "eva,,chat,HR\n",  # 9
        encoding="utf-8",
    )
    with pytest.raises(UsageError) as raised:
        read(path)
    assert raised.value.errors == (
        UsageRowError(6, "ts", "bad_timestamp", {"value": "2025-13-06 10:00:00"}),
        UsageRowError(7, "user_id", "required", {}),
        UsageRowError(7, "feature", "required", {}),
        UsageRowError(8, "department", "too_long", {"limit": 120, "length": 121}),
        UsageRowError(9, "ts", "required", {}),
    )


def test_line_numbers_hold_across_a_large_file(tmp_path):
    path = tmp_path / "large.csv"
    bad = (7, 150_000, 299_999)
    with duckdb.connect() as con:
        con.execute(
            f"""
            COPY (
                SELECT 'user' || (i % 500) AS user_id,
                       CASE WHEN i IN {bad} THEN 'not a time'
                            ELSE '2025-01-06 10:00:00' END AS ts,
                       'chat' AS feature, 'HR' AS department
                FROM range(1, 300_001) t(i)
            ) TO '{path}' (HEADER)
            """
        )
    assert errors_of(path) == [(n + 1, "ts", "bad_timestamp") for n in bad]


def test_rows_that_do_not_fit_the_header_are_reported_with_their_lines(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text(
        "user_id;ts;feature;department\r\n"
        "anna;2025-01-06 10:00:00;chat;HR\r\n"
        'bo;"2025-01-06\r\n10:00:00";chat;HR;extra\r\n'
        "cato;2025-01-06 10:00:00\r\n",
        encoding="utf-8",
        newline="",
    )
    with pytest.raises(UsageError) as raised:
        read(path)
    assert raised.value.errors == (
        UsageRowError(3, "", "bad_row", {"problem": "too_many_columns"}),
        UsageRowError(5, "feature", "bad_row", {"problem": "missing_columns"}),
        UsageRowError(5, "department", "bad_row", {"problem": "missing_columns"}),
    )


def test_errors_are_listed_up_to_the_limit_and_the_rest_counted(tmp_path, monkeypatch):
    monkeypatch.setattr(usage, "MAX_ERRORS", 3)
    rows = [("anna", "never", "chat", "HR")] * 4 + [("", "never", "", "HR")] * 3
    with pytest.raises(UsageError) as raised:
        read(write_csv(tmp_path / "bad.csv", rows))
    assert [(e.line, e.column, e.code) for e in raised.value.errors] == [
        (2, "ts", "bad_timestamp"),
        (3, "ts", "bad_timestamp"),
        (4, "ts", "bad_timestamp"),
        (5, "", "too_many_errors"),
    ]
    # One more on line 5, then three on each of lines 6-8.
    assert raised.value.errors[-1].params == {"limit": 3, "more": 1 + 3 * 3}


@pytest.mark.parametrize(
    "names",
    [("user_id", "ts", "feature", "department"), ("Bruker", "Tidspunkt", "Funksjon", "Avdeling")],
)
def test_every_problem_of_every_row_comes_in_one_pass_named_as_in_the_file(tmp_path, names):
    user, ts, feature, department = names
    rows = [
        ("", "aldri", "", "HR"),  # three problems in one row
        ("anna", "2025-01-06 08:00", "chat", "HR"),  # good
        ("bo", "1899-01-02", "chat", ""),  # two
        ("cato", "", "x" * 121, "IT"),  # two
    ]
    path = write_csv(tmp_path / "bad.csv", rows, header=",".join(names), sep=";")
    columns = usage.ColumnMap(user=user, timestamp=ts, feature=feature, department=department)
    assert errors_of(path, columns=columns) == [
        (2, user, "required"),
        (2, ts, "bad_timestamp"),
        (2, feature, "required"),
        (4, ts, "timestamp_out_of_range"),
        (4, department, "required"),
        (5, ts, "required"),
        (5, feature, "too_long"),
    ]


def test_an_empty_file_is_refused(tmp_path):
    for content in (b"", b"\xef\xbb\xbf\r\n \n"):
        (tmp_path / "empty.csv").write_bytes(content)
        assert errors_of(tmp_path / "empty.csv") == [(0, "", "empty")]
    (tmp_path / "empty.jsonl").write_bytes(b"\n")
    assert errors_of(tmp_path / "empty.jsonl") == [(0, "", "empty")]


def test_a_header_only_file_has_no_events(tmp_path):
    assert errors_of(write_csv(tmp_path / "header.csv", [])) == [(0, "", "no_events")]
    assert errors_of(write_with_duckdb(tmp_path / "none.parquet", [], "parquet")) == [
        (0, "", "no_events")
    ]


def test_missing_and_doubled_columns_are_reported_on_the_header(tmp_path):
    path = write_csv(tmp_path / "cols.csv", [], header="user_id,TS,Ts,dept")
    assert errors_of(path) == [
        (1, "ts", "duplicate_column"),
        (1, "feature", "missing_column"),
        (1, "department", "missing_column"),
    ]
    jsonl = tmp_path / "cols.jsonl"
    jsonl.write_text('{"user_id": "a", "ts": "2025-01-06", "feature": "chat"}\n')
    assert errors_of(jsonl) == [(0, "department", "missing_column")]


def test_mapped_column_names_are_found_exactly_or_ignoring_case(tmp_path):
    header = "Bruker-ID;Tidspunkt;Funksjon;avdeling;Annet"
    rows = [("anna", "06.01.2025 10:00", "chat", "HR", "ignored")]
    path = write_csv(tmp_path / "nb.csv", rows, header=header, sep=";")
    columns = ColumnMap(
        user="Bruker-ID", timestamp="tidspunkt", feature="Funksjon", department="Avdeling"
    )
    assert read(path, columns=columns).weekly == (WeekDept(W1, "HR", 1, 1, 1, 1),)
    jsonl = write_with_duckdb(tmp_path / "log.jsonl", EVENTS[:1], "jsonl")
    assert read(jsonl, columns=ColumnMap(user="USER_ID", timestamp="Ts")).rows_read == 1


def test_a_bad_json_line_is_reported_with_its_line(tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_text(
        '{"user_id": "a", "ts": "2025-01-06 10:00", "feature": "chat", "department": "HR"}\n'
        "\n"
        '{"user_id": "b", "ts": \n'
        '["not", "an", "object"]\n'
        '{"user_id": "c", "ts": "never", "feature": "chat", "department": "HR"}\n'
    )
    assert errors_of(path) == [(3, "", "bad_json"), (4, "", "not_an_object")]
    path.write_text(
        '{"user_id": "a", "ts": "2025-01-06 10:00", "feature": "chat", "department": "HR"}\n'
        "\n"
        '{"user_id": 7, "ts": "never", "feature": "chat", "department": "HR"}\n'
        '{"ts": "2025-01-06", "feature": "chat", "department": "HR"}\n'
    )
    assert errors_of(path) == [(3, "ts", "bad_timestamp"), (4, "user_id", "required")]


def test_a_bad_json_line_after_the_first_thousands_is_found_too(tmp_path):
    path = tmp_path / "long.jsonl"
    good = '{"user_id": "a", "ts": "2025-01-06 10:00", "feature": "chat", "department": "HR"}\n'
    path.write_text(good * 30_000 + "{oops\n" + good)
    assert errors_of(path) == [(30_001, "", "bad_json")]


def test_parquet_errors_name_the_row(tmp_path):
    rows = [EVENTS[0], ("bo", "never", "chat", "HR"), ("", "2025-01-06", "chat", "HR")]
    path = write_with_duckdb(tmp_path / "log.parquet", rows, "parquet")
    assert errors_of(path) == [(2, "ts", "bad_timestamp"), (3, "user_id", "required")]


def test_a_file_that_is_not_parquet_is_unreadable(tmp_path):
    path = tmp_path / "log.parquet"
    path.write_text("user_id,ts\n")
    assert errors_of(path) == [(0, "", "unreadable")]


def test_progress_names_the_stages(tmp_path):
    stages = []
    read(write_csv(tmp_path / "log.csv", EVENTS), progress=stages.append)
    assert stages == ["reading", "aggregating"]
    stages.clear()
    with pytest.raises(UsageError):
        read(
            write_csv(tmp_path / "bad.csv", [("a", "never", "chat", "HR")]), progress=stages.append
        )
    assert stages == ["reading", "locating_errors"]


def test_caller_mistakes_raise_value_errors(tmp_path):
    path = write_csv(tmp_path / "log.csv", EVENTS)
    with pytest.raises(ValueError, match="key"):
        import_usage(path, columns=COLUMNS, key=b"short")
    with pytest.raises(ValueError, match="time zone"):
        read(path, timezone="Europe/Atlantis")
    with pytest.raises(ValueError, match="own"):
        read(path, columns=ColumnMap(user="ts", timestamp="ts"))
    with pytest.raises(FileNotFoundError):
        read(tmp_path / "missing.csv")
    globbed = write_csv(tmp_path / "log[1].csv", EVENTS)
    with pytest.raises(ValueError, match="path"):
        read(globbed)


# Pseudonymisation


def test_user_ids_are_pseudonymised_with_hmac_sha256_of_the_key():
    for key in (KEY, b"k" * 100):  # a key longer than a SHA-256 block is hashed first
        with duckdb.connect() as con:
            (digest,) = con.execute(
                f"SELECT {usage._USER_KEY} FROM (SELECT ' anna ' AS user_id)",
                usage._hmac_params(key),
            ).fetchone()
        expected = hmac.new(key, b"anna", hashlib.sha256).hexdigest()[: usage.USER_KEY_HEX_CHARS]
        assert digest == expected


def test_another_key_gives_other_pseudonyms_but_the_same_counts(tmp_path):
    path = write_csv(tmp_path / "log.csv", EVENTS)
    with duckdb.connect() as con:
        sql = f"SELECT {usage._USER_KEY} FROM (SELECT 'anna' AS user_id)"
        assert con.execute(sql, usage._hmac_params(KEY)).fetchone() != (
            con.execute(sql, usage._hmac_params(OTHER_KEY)).fetchone()
        )
    one = read(path)
    other = import_usage(path, columns=COLUMNS, key=OTHER_KEY)
    assert (one.weekly, one.features, one.retention) == (
        other.weekly,
        other.features,
        other.retention,
    )


def test_no_user_id_or_key_appears_in_any_output(tmp_path):
    result = read(write_csv(tmp_path / "log.csv", EVENTS))
    bad = write_csv(tmp_path / "bad.csv", [*EVENTS, ("anna.hansen@example.no", "x", "chat", "HR")])
    with pytest.raises(UsageError) as raised:
        read(bad)
    for output in (repr(result), repr(raised.value.errors), str(raised.value)):
        for secret in [*USER_IDS, "anna", KEY.decode()]:
            assert secret not in output


# KPIs


def test_adoption_rate_divides_active_by_licensed_users_without_a_cap():
    assert adoption_rate(30, 40) == 0.75
    assert adoption_rate(45, 40) == 1.125  # a stale licence count shows, not hides
    assert adoption_rate(30, 0) is None
    assert adoption_rate(30, None) is None
    with pytest.raises(ValueError):
        adoption_rate(-1, 40)


def test_stickiness_and_retention_rate_need_consistent_counts():
    assert stickiness(2, 8) == 0.25
    assert retention_rate(3, 4) == 0.75
    assert retention_rate(0, 0) is None
    with pytest.raises(ValueError):
        stickiness(3, 2)
    with pytest.raises(ValueError):
        retention_rate(5, 4)


def test_a_reimport_replaces_exactly_the_weeks_its_file_covers(tmp_path):
    first = read(write_csv(tmp_path / "jan.csv", EVENTS))
    later = read(write_csv(tmp_path / "feb.csv", EVENTS[-3:]))  # weeks 3-5
    stored = {(w.week, w.department): w for w in first.weekly}
    for stale in [key for key in stored if key[0] in weeks_covered(later)]:
        del stored[stale]
    stored.update({(w.week, w.department): w for w in later.weekly})
    assert sorted({week for week, _ in stored}) == [W1, W2, W3, W4, W5]
    assert stored[W1, "HR"] == week(first, W1, "HR")
    assert stored[W3, "HR"] == WeekDept(W3, "HR", 0, 0, 0, 1)  # the new file: nobody in HR
    assert stored[W5, "HR"] == WeekDept(W5, "HR", 1, 1, 1, 3)
