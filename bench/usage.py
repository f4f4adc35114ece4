"""Importing a 10-million-event usage log, beside a bare DuckDB GROUP BY over the same file.

The reference is the least any import must do: DuckDB reading the CSV and counting events
and distinct users per week and department. The import does that and more (features, MAU,
retention, checks, pseudonyms), so the ratio of the two is the price of the rest.

Every step runs in a fresh child process, started the same way, with the file already in
the page cache after it was written; reference and import take turns, and the medians are
reported. Memory is each child's peak resident set (ru_maxrss): DuckDB allocates outside
Python, where tracemalloc cannot see, and its memory_limit caps only its buffer pool. A
child that only imports DuckDB and connects gives the baseline to subtract.

Run alone with `python -m bench.usage [events]`.
"""

# The SQL holds only numbers and a path this module made.
# ruff: noqa: S608

import resource
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context
from pathlib import Path

EVENTS = 10_000_000
DEPARTMENTS, USERS, FEATURES, WEEKS = 20, 5_000, 10, 26
ROUNDS = 3
FIRST_MONDAY = "2025-01-06"
BENCH_KEY = b"bench-key-not-a-secret-0123456789"


def write_log(path: Path, events: int) -> None:
    """A deterministic, chronological log: the active share of users grows from 40 % to
    all over the weeks, each user stays in one department, and a few features are popular."""
    import duckdb

    seconds = WEEKS * 7 * 24 * 3600
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        # hash() is UBIGINT; shifted into BIGINT range so the arithmetic stays 64-bit.
        con.execute(
            f"""
            COPY (
                SELECT 'user' || CAST(u AS VARCHAR) || '@example.no' AS user_id,
                       TIMESTAMP '{FIRST_MONDAY}' + to_seconds(i * {seconds} // {events}) AS ts,
                       'feature ' || CAST(
                           floor({FEATURES} * pow((h >> 30) % 1000 / 1000.0, 2)) AS INTEGER
                       ) AS feature,
                       'Department ' || CAST(u % {DEPARTMENTS} AS VARCHAR) AS department
                FROM (
                    SELECT i, h,
                           h % ({USERS} * (40 + 60 * (i * {WEEKS} // {events}) // {WEEKS - 1})
                                // 100) AS u
                    FROM (SELECT i, CAST(hash(i) >> 2 AS BIGINT) AS h FROM range({events}) t(i))
                )
            ) TO '{path}' (HEADER, DELIMITER ',')
            """
        )


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _baseline() -> float:
    import duckdb

    import method.usage  # noqa: F401 - the import's own modules count in its baseline

    duckdb.connect().execute("SELECT 1").fetchall()
    return _peak_mb()


def _generate(path: str, events: int) -> float:
    start = time.perf_counter()
    write_log(Path(path), events)
    return time.perf_counter() - start


def _time_reference(path: str) -> dict:
    import duckdb

    start, cpu = time.perf_counter(), _cpu_seconds()
    with duckdb.connect() as con:
        rows = con.execute(
            "SELECT date_trunc('week', ts), department, count(DISTINCT user_id), count(*) "
            f"FROM read_csv('{path}') GROUP BY 1, 2"
        ).fetchall()
    figures = {(week.date(), dept): (events, users) for week, dept, users, events in rows}
    return _figures(start, cpu, figures)


def _time_import(path: str) -> dict:
    from method.usage import ColumnMap, import_usage

    start, cpu = time.perf_counter(), _cpu_seconds()
    result = import_usage(
        Path(path),
        columns=ColumnMap(
            user="user_id", timestamp="ts", feature="feature", department="department"
        ),
        key=BENCH_KEY,
    )
    figures = {
        (w.week, w.department): (w.events, w.active_users) for w in result.weekly if w.events
    }
    return _figures(start, cpu, figures) | {"rows": result.rows_read}


def _figures(start: float, cpu: float, figures: dict[tuple[date, str], tuple[int, int]]) -> dict:
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": _cpu_seconds() - cpu,
        "peak_mb": _peak_mb(),
        "figures": figures,
    }


def _in_child(function, *args):
    """Run in a fresh process, so that its peak memory is its own."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def usage_figures(events: int = EVENTS, workdir: Path | None = None) -> dict:
    own_dir = workdir is None
    directory = Path(tempfile.mkdtemp(prefix="samspill-usage-")) if own_dir else Path(workdir)
    path = directory / "usage-log.csv"
    try:
        generate_seconds = _in_child(_generate, str(path), events)
        file_mb = path.stat().st_size / 1024 / 1024
        baseline_mb = _in_child(_baseline)
        references, imports = [], []
        for _ in range(ROUNDS):
            references.append(_in_child(_time_reference, str(path)))
            imports.append(_in_child(_time_import, str(path)))
    finally:
        path.unlink(missing_ok=True)
        if own_dir:
            shutil.rmtree(directory, ignore_errors=True)
    assert imports[0]["rows"] == events, imports[0]["rows"]
    # The same events and distinct users per week and department, or the timing means nothing.
    assert imports[0]["figures"] == references[0]["figures"]

    def median(runs: list[dict], name: str) -> float:
        return round(statistics.median(run[name] for run in runs), 3)

    import_seconds = median(imports, "seconds")
    reference_seconds = median(references, "seconds")
    return {
        "events": events,
        "file_mb": round(file_mb),
        "generate_seconds": round(generate_seconds, 2),
        "import_seconds": import_seconds,
        "reference_seconds": reference_seconds,
        "ratio": round(import_seconds / reference_seconds, 2),
        "import_cpu_seconds": median(imports, "cpu_seconds"),
        "reference_cpu_seconds": median(references, "cpu_seconds"),
        "cpu_ratio": round(median(imports, "cpu_seconds") / median(references, "cpu_seconds"), 2),
        "import_rows_per_second": round(events / import_seconds),
        "reference_rows_per_second": round(events / reference_seconds),
        "import_peak_mb": round(max(run["peak_mb"] for run in imports)),
        "reference_peak_mb": round(max(run["peak_mb"] for run in references)),
        "baseline_mb": round(baseline_mb),
        "rounds": ROUNDS,
    }


def print_figures(figures: dict) -> None:
    print(
        f"\nUsage-log import, {figures['events']:,} events ({figures['file_mb']} MB CSV, "
        f"written in {figures['generate_seconds']:.1f} s), median of {figures['rounds']}:\n"
        f"  import    {figures['import_seconds']:.2f} s "
        f"({figures['import_rows_per_second']:,} rows/s), "
        f"CPU {figures['import_cpu_seconds']:.2f} s, peak {figures['import_peak_mb']} MB\n"
        f"  reference {figures['reference_seconds']:.2f} s "
        f"({figures['reference_rows_per_second']:,} rows/s), "
        f"CPU {figures['reference_cpu_seconds']:.2f} s, peak {figures['reference_peak_mb']} MB\n"
        f"  ratio {figures['ratio']:.2f}× wall, {figures['cpu_ratio']:.2f}× CPU (target ≤ 1.5×); "
        f"a process that only loads DuckDB peaks at {figures['baseline_mb']} MB"
    )


if __name__ == "__main__":
    print_figures(usage_figures(int(sys.argv[1]) if len(sys.argv) > 1 else EVENTS))
