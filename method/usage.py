"""Turning an AI tool's usage log into weekly, pseudonymised aggregates, or into what is wrong.

The log comes as CSV, JSON Lines or Parquet, one event a row, with a user id, a timestamp,
the feature used and the user's department; the caller names those four columns
(`ColumnMap`). Only aggregates leave `import_usage`, per ISO week (Monday to Sunday) and
department: events, active users (WAU), monthly active users (MAU: distinct users in the four
weeks ending with that week) and week-over-week retention; and per week, department and
feature: events and active users. No raw event, user id or pseudonym is ever returned.

Pseudonymisation (GDPR Art. 4(5)): a user id is only ever counted through its keyed
HMAC-SHA256 digest, computed in the same DuckDB statement that reads the file. The raw id
lives only in that statement's hash tables, which may not spill to disk (`temp_directory` is
off), and every table that outlives the statement holds the digest.

Timestamps, read in the time zone the caller names (Samspill's own, Europe/Oslo, by default):
- ISO 8601 without an offset ('2025-01-06 10:00', '2025-01-06T10:00:00.5', '2025-01-06') and
  'DD.MM.YYYY HH:MM[:SS]' or 'DD.MM.YYYY', as Norwegian Excel writes them, are local time;
- ISO 8601 with 'Z' or an offset ('2025-01-06T09:00:00Z', '…+01:00', '…+0100', '…+01') are
  instants, converted to local time before their week is taken;
- weeks must start in 2000–2099, which catches 'infinity' and two-digit-year mistakes;
- Parquet TIMESTAMP and DATE columns are local time, TIMESTAMP WITH TIME ZONE an instant.

Import is all or nothing: any bad row raises UsageError with the first MAX_ERRORS problems,
each with the file line (CSV: the header is line 1; JSON Lines: the first record is line 1;
Parquet: the row number from 1; 0: the file as a whole) and the file's column name.

The aggregates still include small cells (one active user in a department). Mask them where
they are shown, as method.pilot.suppressed and method.surveys.masked_breakdown do.
"""

# SQL here is composed from constants, integers and names passed through _literal and
# _identifier; values from the file and the caller travel as parameters.
# ruff: noqa: S608

import codecs
import csv
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import duckdb

from method.pilot_import import MIN_KEY_BYTES
from method.spreadsheet import MAX_COLUMNS

CSV, JSONL, PARQUET = "csv", "jsonl", "parquet"
FORMAT_BY_SUFFIX = {
    ".csv": CSV,
    ".txt": CSV,
    ".tsv": CSV,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".json": JSONL,
    ".parquet": PARQUET,
    ".pq": PARQUET,
}
DEFAULT_TIMEZONE = "Europe/Oslo"
MAX_ERRORS = 100  # listed at most; the rest are counted (see _row_errors)
MAX_LABEL_LENGTH = 120  # department and feature names are stored and shown
USER_KEY_HEX_CHARS = 16  # 64 bits: no collision to expect below billions of users
MAU_WEEKS = 4
EARLIEST_WEEK, LATEST_WEEK = date(2000, 1, 1), date(2099, 12, 31)
MEMORY_LIMIT = "4GB"  # spilling is off (see above), so this bounds one import
HEAD_BYTES = 64 * 1024
CSV_DELIMITERS = (",", ";", "\t", "|")
# Grouping per (week, department, user) with a bit per feature used is cheaper than grouping
# by the feature too (ten times the groups); it needs the features up front, so the first
# rows name them, and a feature seen only later costs a second, plain pass.
FEATURE_SAMPLE_ROWS = 100_000
FAST_PATH_FEATURES = 16  # bits 1-16 of an INTEGER mask
_ZONED = r":\d\d(\.\d+)?\s*([zZ]|[+-]\d\d(:?\d\d)?)\s*$"  # ends in a time and an offset
_DOTTED = "['%d.%m.%Y %H:%M', '%d.%m.%Y %H:%M:%S', '%d.%m.%Y']"
_FIELDS = ("user", "timestamp", "feature", "department")
# What DuckDB raises for a file it cannot read as asked; anything else is a bug and surfaces.
_FILE_ERRORS = (duckdb.InvalidInputException, duckdb.IOException, duckdb.ConversionException)


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """The file's column (or JSON key) for each thing the import needs."""

    user: str = "user_id"
    timestamp: str = "timestamp"
    feature: str = "feature"
    department: str = "department"


@dataclass(frozen=True, slots=True)
class UsageRowError:
    line: int  # see the module docstring; 0 is the file as a whole
    column: str  # the file's column name, or "" for the whole row or file
    code: str
    params: dict


class UsageError(ValueError):
    """The file cannot be imported; `errors` says where and why, for the caller to word."""

    def __init__(self, errors: Iterable[UsageRowError]):
        self.errors = tuple(errors)
        super().__init__(", ".join(f"{e.code} (line {e.line})" for e in self.errors[:5]))


@dataclass(frozen=True, slots=True)
class WeekDept:
    week: date  # Monday
    department: str
    events: int
    active_users: int  # WAU
    mau: int  # distinct users in the MAU_WEEKS weeks ending with this one
    mau_weeks: int  # how many of those weeks the file covers: fewer at its start

    @property
    def stickiness(self) -> float | None:
        return stickiness(self.active_users, self.mau)


@dataclass(frozen=True, slots=True)
class WeekFeature:
    week: date
    department: str
    feature: str
    events: int
    active_users: int


@dataclass(frozen=True, slots=True)
class WeekRetention:
    week: date  # week N; the retained users were active in it and in week N + 1
    department: str
    active_users: int
    retained_users: int

    @property
    def rate(self) -> float | None:
        return retention_rate(self.retained_users, self.active_users)


@dataclass(frozen=True, slots=True)
class Budget:
    """What one import may take. The command line has the machine to itself; a web worker
    shares it with others, so there a file that needs more is refused ("too_large",
    "too_many_rows") in a second instead of growing the worker by gigabytes."""

    memory_limit: str = MEMORY_LIMIT
    threads: int | None = None  # DuckDB's default: one per core
    # Events, checked before reading where the file states them (Parquet's metadata, where a
    # few kilobytes can describe a billion rows); CSV and JSON Lines hold at most a few
    # million within the upload cap, and DuckDB reads them at millions of rows a second.
    max_rows: int | None = None


# 100,000 users a week fit in this; the aggregation of 50,000 users over a year of weeks (2.6
# million groups) would grow a worker by 800 MB.
WEB_BUDGET = Budget(memory_limit="128MB", threads=2, max_rows=10_000_000)
CLI_BUDGET = Budget()


@dataclass(frozen=True)
class UsageImport:
    rows_read: int
    weeks: tuple[date, ...]  # every Monday from the first week to the last, gaps included
    weekly: tuple[WeekDept, ...]  # every week × every department in the file
    features: tuple[WeekFeature, ...]  # only where the feature was used
    retention: tuple[WeekRetention, ...]  # weeks with active users, but not the last week
    seconds: float


# KPIs over the aggregates


def adoption_rate(active_users: int, licensed_users: int | None) -> float | None:
    """Active users ÷ licensed users, the licence count as the customer states it.

    None when the licence count is unknown or 0. Not capped at 1: more active users than
    licences means the count is stale or accounts are shared, which the reader should see.
    """
    if active_users < 0 or (licensed_users is not None and licensed_users < 0):
        raise ValueError("user counts cannot be negative")
    if not licensed_users:
        return None
    return active_users / licensed_users


def stickiness(wau: int, mau: int) -> float | None:
    """WAU ÷ MAU: the share of the month's users who used the tool this week."""
    if wau < 0 or mau < wau:
        raise ValueError("need 0 ≤ WAU ≤ MAU")
    return wau / mau if mau else None


def retention_rate(retained_users: int, active_users: int) -> float | None:
    """The share of a week's active users who are active again the week after."""
    if retained_users < 0 or active_users < retained_users:
        raise ValueError("need 0 ≤ retained ≤ active")
    return retained_users / active_users if active_users else None


def weeks_covered(result: UsageImport) -> tuple[date, ...]:
    """The weeks an import replaces: delete what is stored for them, then insert the result.

    Whole weeks, every department: a department missing from the new file had no usage in
    them. Distinct users cannot be added up, so a week is never merged from two files. A file
    that starts or ends mid-week replaces that week with the part it holds: export whole weeks.
    """
    return result.weeks


# The import


@dataclass(frozen=True)
class _Source:
    """How to read the four columns of one file as VARCHAR (Parquet timestamps stay native)."""

    path: Path
    fmt: str
    names: ColumnMap  # as spelled in the file
    positions: dict[str, int]  # CSV: field → column index
    header_width: int  # CSV: number of columns
    delimiter: str = ","
    encoding: str = "utf-8"
    ts_type: str = "VARCHAR"


def import_usage(
    path: Path,
    *,
    columns: ColumnMap,
    key: bytes,
    fmt: str | None = None,
    progress: Callable[[str], None] | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    budget: Budget = CLI_BUDGET,
) -> UsageImport:
    """Read a usage log into weekly aggregates; raises UsageError for anything wrong in it.

    `timezone` is the zone weeks are counted in (Django's TIME_ZONE); `progress` is called
    with a stage: "reading", "aggregating", and "locating_errors" when the file turns out to
    be bad. Raises ValueError for a key shorter than MIN_KEY_BYTES, an unknown time zone or
    two fields mapped to one column, FileNotFoundError without a file.
    """
    started = time.perf_counter()
    report = progress or (lambda stage: None)
    _check_arguments(path, columns, key)
    fmt = _format(path, fmt)
    try:
        with _connect(budget) as con:
            _check_timezone(con, timezone)
            source = _open(con, path, fmt, columns, budget)
            report("reading")
            source = _read(con, source, key, timezone)
            rows, bad = con.execute(_TOTALS).fetchone()
            if rows == 0:
                raise UsageError([UsageRowError(0, "", "no_events", {})])
            if bad:
                report("locating_errors")
                raise UsageError(_row_errors(con, source, timezone))
            report("aggregating")
            weeks, weekly, features, retention = _aggregates(con)
    except duckdb.OutOfMemoryException:
        limit = {"limit": budget.memory_limit}
        raise UsageError([UsageRowError(0, "", "too_large", limit)]) from None
    return UsageImport(rows, weeks, weekly, features, retention, time.perf_counter() - started)


def _check_arguments(path: Path, columns: ColumnMap, key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) < MIN_KEY_BYTES:
        raise ValueError(f"the pseudonymisation key needs at least {MIN_KEY_BYTES} bytes")
    names = [getattr(columns, name).strip().casefold() for name in _FIELDS]
    if "" in names or len(set(names)) < len(names):
        raise ValueError("map each field to its own, named column")
    if not path.is_file():
        raise FileNotFoundError(path)
    if any(char in str(path) for char in "*?[{"):  # DuckDB would read them as a glob
        raise ValueError("the path must not contain *, ?, [ or {")


def _format(path: Path, fmt: str | None) -> str:
    fmt = fmt or FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if fmt not in (CSV, JSONL, PARQUET):
        raise UsageError([UsageRowError(0, "", "unknown_format", {"suffix": path.suffix[:20]})])
    return fmt


def _connect(budget: Budget) -> duckdb.DuckDBPyConnection:
    config = {
        "autoinstall_known_extensions": False,  # no network: json, parquet, icu are built in
        "autoload_known_extensions": False,
        "temp_directory": "",  # raw ids must not spill to disk
        "memory_limit": budget.memory_limit,
        "preserve_insertion_order": False,
    }
    if budget.threads:
        config["threads"] = budget.threads
    con = duckdb.connect(config=config)
    con.execute("SET TimeZone = 'UTC'")  # offsets and the caller's zone are always explicit
    con.execute("SET enable_progress_bar = false")  # it would draw on the server's stdout
    return con


def _check_timezone(con: duckdb.DuckDBPyConnection, timezone: str) -> None:
    try:
        con.execute("SELECT timezone($tz, TIMESTAMPTZ '2000-01-01 00:00:00+00')", {"tz": timezone})
    except duckdb.Error:
        raise ValueError(f"unknown time zone {timezone!r}") from None


# Opening a file: find the columns


def _open(
    con: duckdb.DuckDBPyConnection, path: Path, fmt: str, columns: ColumnMap, budget: Budget
) -> _Source:
    head = _head(path)
    if fmt == CSV:
        return _open_csv(path, head, columns)
    if fmt == JSONL:
        try:
            described = con.execute(
                f"DESCRIBE SELECT * FROM read_json({_literal(path)}, format='newline_delimited')"
            ).fetchall()
        except _FILE_ERRORS:
            raise UsageError(_json_errors(path)) from None
    else:
        try:
            described = con.execute(
                f"DESCRIBE SELECT * FROM read_parquet({_literal(path)})"
            ).fetchall()
            (rows,) = con.execute(
                f"SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata({_literal(path)})"
            ).fetchone()
        except _FILE_ERRORS:
            raise UsageError([UsageRowError(0, "", "unreadable", {"format": fmt})]) from None
        if budget.max_rows is not None and rows > budget.max_rows:
            raise UsageError([UsageRowError(0, "", "too_many_rows", {"limit": budget.max_rows})])
    header = [name for name, *_ in described]
    if len(header) > MAX_COLUMNS:
        raise UsageError([UsageRowError(1, "", "too_many_columns", {"limit": MAX_COLUMNS})])
    positions = _find_columns(header, columns, line=0)
    names = ColumnMap(**{field: header[at] for field, at in positions.items()})
    ts_type = described[positions["timestamp"]][1] if fmt == PARQUET else "VARCHAR"
    return _Source(path, fmt, names, positions, len(header), ts_type=ts_type)


def _head(path: Path) -> bytes:
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
    if not head.strip(b" \t\r\n\xef\xbb\xbf") and path.stat().st_size <= HEAD_BYTES:
        raise UsageError([UsageRowError(0, "", "empty", {})])
    return head


def _open_csv(path: Path, head: bytes, columns: ColumnMap) -> _Source:
    """The header decides the delimiter (the one that splits it most) and the encoding: UTF-8
    with or without a byte-order mark, otherwise Windows-1252 read as Latin-1 (they differ
    only in €, curly quotes and dashes, none of which a column name or id needs)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UsageError([UsageRowError(0, "", "utf16", {})])
    if b"\x00" in head:
        raise UsageError([UsageRowError(0, "", "unreadable", {"format": CSV})])
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        encoding = "utf-8"
    except UnicodeDecodeError as error:
        if not head[: error.start].isascii():  # UTF-8 (or its byte-order mark) came first
            line = head.count(b"\n", 0, error.start) + 1
            raise UsageError([UsageRowError(line, "", "mixed_encoding", {})]) from None
        text, encoding = head.decode("latin-1"), "latin-1"
    first_line = text.split("\n", 1)[0].rstrip("\r")
    try:
        splits = {d: next(csv.reader([first_line], delimiter=d), []) for d in CSV_DELIMITERS}
    except csv.Error:  # a line break or NUL inside the header: not a text file
        raise UsageError([UsageRowError(0, "", "unreadable", {"format": CSV})]) from None
    delimiter = max(CSV_DELIMITERS, key=lambda d: len(splits[d]))  # ties: the first, ','
    header = [cell.strip() for cell in splits[delimiter]]
    if len(header) > MAX_COLUMNS:  # DuckDB would hold every column of 2,048 rows at a time
        raise UsageError([UsageRowError(1, "", "too_many_columns", {"limit": MAX_COLUMNS})])
    positions = _find_columns(header, columns, line=1)
    names = ColumnMap(**{field: header[at] for field, at in positions.items()})
    return _Source(path, CSV, names, positions, len(header), delimiter, encoding)


def _find_columns(header: list[str], columns: ColumnMap, *, line: int) -> dict[str, int]:
    """Field → position of the column named for it: exactly, or ignoring case and spaces."""
    positions: dict[str, int] = {}
    errors = []
    for field in _FIELDS:
        wanted = getattr(columns, field)
        exact = [at for at, name in enumerate(header) if name == wanted]
        loose = [
            at
            for at, name in enumerate(header)
            if name.strip().casefold() == wanted.strip().casefold()
        ]
        found = exact or loose
        if not found:
            errors.append(UsageRowError(line, wanted, "missing_column", {}))
        elif len(found) > 1:
            errors.append(UsageRowError(line, wanted, "duplicate_column", {"count": len(found)}))
        else:
            positions[field] = found[0]
    if errors:
        raise UsageError(errors)
    return positions


# Reading: one pass over the file, grouped in DuckDB


def _relation(source: _Source, *, numbered: bool = False, rejects: bool = False) -> str:
    """SQL for the rows as user_id, ts, feature, department, and n (the row's ordinal, from 1)
    when numbered; numbered CSV and JSON need one thread, so that rows arrive in file order."""
    path = _literal(source.path)
    if source.fmt == CSV:
        types = ", ".join(f"'c{at}': 'VARCHAR'" for at in range(source.header_width))
        reader = (
            f"read_csv({path}, columns={{{types}}}, header=true, auto_detect=false, "
            f"delim={_literal(source.delimiter)}, quote='\"', escape='\"', "
            f"encoding={_literal(source.encoding)}{', store_rejects=true' if rejects else ''})"
        )
        pick = {field: f"c{at}" for field, at in source.positions.items()}
    elif source.fmt == JSONL:
        types = ", ".join(f"{_literal(getattr(source.names, f))}: 'VARCHAR'" for f in _FIELDS)
        reader = f"read_json({path}, format='newline_delimited', columns={{{types}}})"
        pick = {f: _identifier(getattr(source.names, f)) for f in _FIELDS}
    else:
        reader = f"read_parquet({path}{', file_row_number=true' if numbered else ''})"
        pick = {f: _identifier(getattr(source.names, f)) for f in _FIELDS}
    select = (
        f"CAST({pick['user']} AS VARCHAR) AS user_id, {pick['timestamp']} AS ts, "
        f"CAST({pick['feature']} AS VARCHAR) AS feature, "
        f"CAST({pick['department']} AS VARCHAR) AS department"
    )
    if not numbered:
        return f"SELECT {select} FROM {reader}"
    ordinal = "file_row_number + 1" if source.fmt == PARQUET else "row_number() OVER ()"
    return f"SELECT {ordinal} AS n, {select} FROM {reader}"


def _week_sql(ts_type: str) -> str:
    """The local Monday of `ts` (NULL when it is no timestamp), given the zone as $tz."""
    if ts_type.startswith("TIMESTAMP WITH TIME ZONE"):
        local = "timezone($tz, ts)"
    elif ts_type.startswith(("TIMESTAMP", "DATE")):
        local = "CAST(ts AS TIMESTAMP)"
    else:
        text = "CAST(ts AS VARCHAR)" if ts_type != "VARCHAR" else "ts"
        # 'YYYY-MM-DD HH:MM:SS' has no room for an offset and is most logs' shape, so a cheap
        # LIKE spares it the regex. DuckDB's TIMESTAMP cast would drop an offset, so zoned
        # text goes via TIMESTAMPTZ.
        local = (
            f"CASE WHEN {text} LIKE '____-__-_____:__:__' THEN TRY_CAST({text} AS TIMESTAMP) "
            f"WHEN regexp_matches({text}, '{_ZONED}') "
            f"THEN timezone($tz, TRY_CAST({text} AS TIMESTAMPTZ)) "
            f"ELSE coalesce(TRY_CAST({text} AS TIMESTAMP), TRY_STRPTIME({text}, {_DOTTED})) END"
        )
    return f"CAST(date_trunc('week', {local}) AS DATE)"


def _hmac_params(key: bytes) -> dict[str, bytes]:
    """RFC 2104 pads, so DuckDB computes HMAC-SHA256 as two plain SHA-256 calls."""
    block = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
    return {
        "inner_pad": bytes(byte ^ 0x36 for byte in block),
        "outer_pad": bytes(byte ^ 0x5C for byte in block),
    }


# The digest of the trimmed id; NULL for a missing id, so that its row is flagged as bad.
_USER_KEY = (
    f"CASE WHEN trim(user_id) <> '' THEN left(sha256($outer_pad || "
    f"unhex(sha256($inner_pad || encode(trim(user_id))))), {USER_KEY_HEX_CHARS}) END"
)
# One digest per distinct id, not per event: the same result for a fraction of the hashing.
_PSEUDONYMS = (
    f"pseudonyms AS (SELECT user_id, {_USER_KEY} AS user_key "
    "FROM (SELECT DISTINCT user_id FROM raw))"
)
_BAD_WEEK = f"week IS NULL OR week NOT BETWEEN DATE '{EARLIEST_WEEK}' AND DATE '{LATEST_WEEK}'"
_TOTALS = f"""
    SELECT (SELECT coalesce(sum(events), 0) FROM user_weeks),
           (SELECT count(*) FROM user_weeks
            WHERE {_BAD_WEEK} OR user_key IS NULL OR coalesce(department, '') = ''
                OR length(department) > {MAX_LABEL_LENGTH})
         + (SELECT count(*) FROM feature_weeks
            WHERE coalesce(feature, '') = '' OR length(feature) > {MAX_LABEL_LENGTH})
"""


def _read(con: duckdb.DuckDBPyConnection, source: _Source, key: bytes, timezone: str) -> _Source:
    """Fill `user_weeks` (week, department, user_key, events), one row per active user a week,
    and `feature_weeks` (week, department, feature, events, users); returns the source as
    finally read (a CSV may turn out to be Latin-1)."""
    try:
        features = _sample_features(con, source)
        if features is None or not _read_fast(con, source, key, timezone, features):
            _read_plain(con, source, key, timezone)
        return source
    except _FILE_ERRORS:
        for table in ("scanned", "cells", "user_weeks", "feature_weeks"):
            con.execute(f"DROP TABLE IF EXISTS {table}")
        if source.fmt == JSONL:
            raise UsageError(_json_errors(source.path)) from None
        if source.fmt == PARQUET:
            raise UsageError([UsageRowError(0, "", "unreadable", {"format": PARQUET})]) from None
        errors = _csv_structure_errors(con, source)
        if not errors and source.encoding == "utf-8":
            bad_line, after_utf8 = _first_non_utf8_line(source.path)
            if bad_line and after_utf8:
                errors = [UsageRowError(bad_line, "", "mixed_encoding", {})]
            elif bad_line:  # ASCII until a Windows-1252 letter: the whole file is Latin-1
                return _read(con, replace(source, encoding="latin-1"), key, timezone)
        raise UsageError(errors or [UsageRowError(0, "", "unreadable", {"format": CSV})]) from None


def _sample_features(con: duckdb.DuckDBPyConnection, source: _Source) -> list[str] | None:
    sample = (
        f"SELECT DISTINCT feature FROM ({_relation(source)} LIMIT {FEATURE_SAMPLE_ROWS}) "
        f"WHERE feature IS NOT NULL LIMIT {FAST_PATH_FEATURES + 1}"
    )
    features = [feature for (feature,) in con.execute(sample).fetchall()]
    return features if 0 < len(features) <= FAST_PATH_FEATURES else None


def _read_fast(
    con: duckdb.DuckDBPyConnection, source: _Source, key: bytes, timezone: str, features: list[str]
) -> bool:
    """One pass grouped two ways: per (week, department, user) with a bit per feature used,
    and per (week, department, feature) for the events. False, with nothing kept, when a
    feature outside `features` (or none) turns up."""
    _run(
        con,
        f"""
        CREATE TEMP TABLE scanned AS
        WITH raw AS MATERIALIZED (
            SELECT week, department, user_id, slot, GROUPING(slot) = 1 AS per_user,
                   count(*) AS events, bit_or(1 << slot) AS mask
            FROM (
                SELECT {_week_sql(source.ts_type)} AS week, department, user_id,
                       list_position($features, feature) AS slot
                FROM ({_relation(source)})
            )
            GROUP BY GROUPING SETS ((week, department, user_id), (week, department, slot))
        ), {_PSEUDONYMS}
        SELECT week, trim(department) AS department, per_user, user_key, slot, events, mask
        FROM raw LEFT JOIN pseudonyms USING (user_id)
        """,
        tz=timezone,
        features=features,
        **_hmac_params(key),
    )
    (unseen,) = con.execute(
        "SELECT count(*) FROM scanned WHERE NOT per_user AND slot IS NULL"
    ).fetchone()
    if not unseen:
        con.execute(
            """
            CREATE TEMP TABLE user_weeks AS
            SELECT week, department, user_key, sum(events) AS events, bit_or(mask) AS mask
            FROM scanned WHERE per_user GROUP BY ALL
            """
        )
        # Raw names that trim to one feature share its row, and their bits count a user once.
        bits: dict[str, int] = {}
        for slot, feature in enumerate(features, start=1):
            bits[feature.strip()] = bits.get(feature.strip(), 0) | 1 << slot
        con.execute(
            """
            CREATE TEMP TABLE feature_weeks AS
            WITH events AS (
                SELECT week, department, trim($features[slot]) AS feature, sum(events) AS events
                FROM scanned WHERE NOT per_user GROUP BY ALL
            ), users AS (
                SELECT week, department, f.feature, count(*) AS users
                FROM user_weeks, (SELECT unnest($names) AS feature, unnest($bits) AS bits) f
                WHERE mask & f.bits <> 0
                GROUP BY ALL
            )
            SELECT week, department, feature, events, coalesce(users, 0) AS users
            FROM events LEFT JOIN users USING (week, department, feature)
            """,
            {"features": features, "names": list(bits), "bits": list(bits.values())},
        )
    con.execute("DROP TABLE scanned")
    return not unseen


def _read_plain(con: duckdb.DuckDBPyConnection, source: _Source, key: bytes, timezone: str) -> None:
    """One pass grouped per (week, department, feature, user): any number of features."""
    _run(
        con,
        f"""
        CREATE TEMP TABLE cells AS
        WITH raw AS MATERIALIZED (
            SELECT {_week_sql(source.ts_type)} AS week, department, feature, user_id,
                   count(*) AS events
            FROM ({_relation(source)})
            GROUP BY ALL
        ), {_PSEUDONYMS}
        SELECT week, trim(department) AS department, trim(feature) AS feature, user_key, events
        FROM raw LEFT JOIN pseudonyms USING (user_id)
        """,
        tz=timezone,
        **_hmac_params(key),
    )
    con.execute(
        """
        CREATE TEMP TABLE user_weeks AS
        SELECT week, department, user_key, sum(events) AS events FROM cells GROUP BY ALL;
        CREATE TEMP TABLE feature_weeks AS
        SELECT week, department, feature, sum(events) AS events, count(DISTINCT user_key) AS users
        FROM cells GROUP BY ALL;
        DROP TABLE cells;
        """
    )


# The aggregates


def _aggregates(con: duckdb.DuckDBPyConnection):
    first, last = con.execute("SELECT min(week), max(week) FROM user_weeks").fetchone()
    weeks = tuple(first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1))
    weekly_rows = con.execute(
        f"""
        WITH grid AS (
            SELECT w.week, d.department
            FROM (SELECT unnest($weeks) AS week) w, (SELECT DISTINCT department FROM user_weeks) d
        ), totals AS (
            SELECT week, department, sum(events) AS events, count(*) AS users
            FROM user_weeks GROUP BY ALL
        ), monthly AS (
            SELECT g.week, g.department, count(DISTINCT a.user_key) AS mau
            FROM grid g LEFT JOIN user_weeks a ON a.department = g.department
                AND a.week BETWEEN g.week - {7 * (MAU_WEEKS - 1)} AND g.week
            GROUP BY ALL
        )
        SELECT g.week, g.department, coalesce(t.events, 0), coalesce(t.users, 0), m.mau
        FROM grid g
        LEFT JOIN totals t USING (week, department)
        JOIN monthly m USING (week, department)
        ORDER BY g.week, g.department
        """,
        {"weeks": list(weeks)},
    ).fetchall()
    index = {week: n for n, week in enumerate(weeks)}
    weekly = tuple(
        WeekDept(week, dept, int(events), users, mau, min(MAU_WEEKS, index[week] + 1))
        for week, dept, events, users, mau in weekly_rows
    )
    features = tuple(
        WeekFeature(week, dept, feature, int(events), users)
        for week, dept, feature, events, users in con.execute(
            "SELECT * FROM feature_weeks ORDER BY week, department, feature"
        ).fetchall()
    )
    retention = tuple(
        WeekRetention(*row)
        for row in con.execute(
            """
            SELECT a.week, a.department, count(*), count(n.user_key)
            FROM user_weeks a LEFT JOIN user_weeks n ON n.department = a.department
                AND n.user_key = a.user_key AND n.week = a.week + 7
            WHERE a.week < $last
            GROUP BY ALL ORDER BY ALL
            """,
            {"last": last},
        ).fetchall()
    )
    return weeks, weekly, features, retention


# Errors: which rows, on which lines


def _row_errors(
    con: duckdb.DuckDBPyConnection, source: _Source, timezone: str
) -> list[UsageRowError]:
    """A second, single-threaded pass over a bad file, so that rows are numbered in file order;
    only on failure, so a good import never pays for it."""
    con.execute("SET threads = 1; SET preserve_insertion_order = true")
    checked = f"""
        SELECT * FROM (
            SELECT n, coalesce(trim(user_id), '') = '' AS no_user, CAST(ts AS VARCHAR) AS ts_text,
                   {_week_sql(source.ts_type)} AS week,
                   coalesce(length(trim(department)), 0) AS department_length,
                   coalesce(length(trim(feature)), 0) AS feature_length
            FROM ({_relation(source, numbered=True)})
        )
        WHERE no_user OR week IS NULL
            OR week NOT BETWEEN DATE '{EARLIEST_WEEK}' AND DATE '{LATEST_WEEK}'
            OR department_length NOT BETWEEN 1 AND {MAX_LABEL_LENGTH}
            OR feature_length NOT BETWEEN 1 AND {MAX_LABEL_LENGTH}
    """
    # Every bad row has at least one problem, so MAX_ERRORS rows are enough to fill the list.
    rows = _run(con, f"{checked} ORDER BY n LIMIT {MAX_ERRORS + 1}", tz=timezone).fetchall()
    lines = _lines(source, [row[0] for row in rows])
    errors = []
    for n, no_user, ts_text, week, department_length, feature_length in rows:
        line = lines[n]
        if no_user:
            errors.append(UsageRowError(line, source.names.user, "required", {}))
        errors.extend(_timestamp_errors(line, source.names.timestamp, ts_text, week))
        errors.extend(_label_errors(line, source.names.department, department_length))
        errors.extend(_label_errors(line, source.names.feature, feature_length))
    if len(errors) <= MAX_ERRORS:
        return errors
    # Past the limit, problems are counted, not listed: one problem per bad field.
    (total,) = _run(
        con,
        f"""
        SELECT sum(no_user::INTEGER
                   + (week IS NULL OR week NOT BETWEEN DATE '{EARLIEST_WEEK}'
                      AND DATE '{LATEST_WEEK}')::INTEGER
                   + (department_length NOT BETWEEN 1 AND {MAX_LABEL_LENGTH})::INTEGER
                   + (feature_length NOT BETWEEN 1 AND {MAX_LABEL_LENGTH})::INTEGER)
        FROM ({checked})
        """,
        tz=timezone,
    ).fetchone()
    first_unlisted = errors[MAX_ERRORS].line
    more = max(int(total or 0) - MAX_ERRORS, len(errors) - MAX_ERRORS)
    return [
        *errors[:MAX_ERRORS],
        UsageRowError(first_unlisted, "", "too_many_errors", {"limit": MAX_ERRORS, "more": more}),
    ]


def _timestamp_errors(
    line: int, column: str, text: str | None, week: date | None
) -> list[UsageRowError]:
    if not (text or "").strip():
        return [UsageRowError(line, column, "required", {})]
    if week is None:
        return [UsageRowError(line, column, "bad_timestamp", {"value": text[:40]})]
    # DuckDB hands a year past 9999 back as text rather than a date.
    if not isinstance(week, date) or not EARLIEST_WEEK <= week <= LATEST_WEEK:
        return [UsageRowError(line, column, "timestamp_out_of_range", {"value": text[:40]})]
    return []


def _label_errors(line: int, column: str, length: int | None) -> list[UsageRowError]:
    if not length:
        return [UsageRowError(line, column, "required", {})]
    if length > MAX_LABEL_LENGTH:
        return [
            UsageRowError(line, column, "too_long", {"limit": MAX_LABEL_LENGTH, "length": length})
        ]
    return []


def _csv_structure_errors(con: duckdb.DuckDBPyConnection, source: _Source) -> list[UsageRowError]:
    """Rows DuckDB cannot split into the header's columns, from its rejects table. Its `line`
    counts records (a quoted line break does not start one), so it is mapped to file lines."""
    try:
        con.execute(f"SELECT count(*) FROM ({_relation(source, rejects=True)})").fetchall()
        rejects = con.execute(
            "SELECT line, column_name, error_type FROM reject_errors "
            f"ORDER BY line LIMIT {MAX_ERRORS}"
        ).fetchall()
    except _FILE_ERRORS:
        return []
    lines = _csv_lines(source, [int(line) for line, *_ in rejects], count_all_records=True)
    column_names = {
        f"c{at}": getattr(source.names, field) for field, at in source.positions.items()
    }
    return [
        UsageRowError(
            lines[int(line)],
            column_names.get(column or "", ""),
            "bad_row",
            {"problem": str(error_type).lower().replace(" ", "_")},
        )
        for line, column, error_type in rejects
    ]


def _first_non_utf8_line(path: Path) -> tuple[int | None, bool]:
    """The first line that is not UTF-8, and whether UTF-8 beyond ASCII came before it."""
    after_utf8 = False
    with path.open("rb") as file:
        for line, raw in enumerate(file, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return line, after_utf8
            after_utf8 = after_utf8 or not raw.isascii()
    return None, after_utf8


def _json_errors(path: Path) -> list[UsageRowError]:
    """Lines that are not a JSON object, found in Python: DuckDB names no line for them."""
    errors = []
    with path.open("rb") as file:
        for line, raw in enumerate(file, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError:  # also UnicodeDecodeError
                errors.append(UsageRowError(line, "", "bad_json", {}))
            else:
                if not isinstance(record, dict):
                    errors.append(UsageRowError(line, "", "not_an_object", {}))
            if len(errors) >= MAX_ERRORS:
                break
    return errors or [UsageRowError(0, "", "unreadable", {"format": JSONL})]


def _lines(source: _Source, ordinals: list[int]) -> dict[int, int]:
    """Row ordinal (data rows from 1, as DuckDB numbers them) → line in the file."""
    if source.fmt == CSV:
        return _csv_lines(source, ordinals, count_all_records=False)
    if source.fmt == JSONL:
        return _jsonl_lines(source.path, ordinals)
    return {n: n for n in ordinals}


def _csv_lines(source: _Source, wanted: list[int], *, count_all_records: bool) -> dict[int, int]:
    """Where records start in the file. Counting all records (header = 1, blank lines count)
    matches DuckDB's rejects; otherwise data records, which skip header and blank lines."""
    wanted_set, found = set(wanted), {}
    for record, start in _csv_records(source, count_all_records):
        if record in wanted_set:
            found[record] = start
            if len(found) == len(wanted_set):
                break
    return found


def _csv_records(source: _Source, count_all_records: bool) -> Iterator[tuple[int, int]]:
    encoding = "utf-8-sig" if source.encoding == "utf-8" else "latin-1"
    with source.path.open(encoding=encoding, errors="replace", newline="") as file:
        reader = csv.reader(file, delimiter=source.delimiter)
        record, end = 0, 0
        for cells in reader:
            start, end = end + 1, reader.line_num
            # Data records leave out the header and blank lines, as DuckDB's rows do.
            if count_all_records or (start > 1 and cells):
                record += 1
                yield record, start


def _jsonl_lines(path: Path, wanted: list[int]) -> dict[int, int]:
    wanted_set, found, record = set(wanted), {}, 0
    with path.open("rb") as file:
        for line, raw in enumerate(file, start=1):
            if raw.strip():
                record += 1
                if record in wanted_set:
                    found[record] = line
                    if len(found) == len(wanted_set):
                        break
    return found


# SQL text


def _run(con: duckdb.DuckDBPyConnection, sql: str, **params) -> duckdb.DuckDBPyConnection:
    """Execute with the named parameters the statement uses: DuckDB rejects any other."""
    return con.execute(sql, {name: value for name, value in params.items() if f"${name}" in sql})


def _literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
