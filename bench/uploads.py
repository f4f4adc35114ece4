"""Hostile uploads refused, beside a normal file accepted, through the real import services.

Each import runs in a fresh child process, started the same way, with the file already on
disk, so that building a hostile file costs the measured process nothing. Memory is the
child's peak resident set during the import, less its resident set just before: the peak
is reset first (/proc/self/clear_refs), because a spawned child otherwise starts with its
parent's peak as its own. Times and growths are the median of the rounds.

Run alone with `python -m bench.uploads`.
"""

import datetime as dt
import resource
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROUNDS = 3
NORMAL_ROWS = 2_000
# Reading must refuse within this, growing a worker by less than that (the bar).
BAR_SECONDS, BAR_MB = 10, 150


def write_files(directory: Path, groups: list[str]) -> list[dict]:
    """The files, each with how to import it and what should happen."""
    from method.pilot_import import COLUMNS
    from method.spreadsheet import write_csv, write_xlsx
    from tests import hostile_files

    header = ["group", "name", "title", "influence", "interest", "stance"]
    people = [
        [groups[n % len(groups)], f"Person {n:05d}", "Adviser", 1 + n % 5, 3, n % 5 - 2]
        for n in range(NORMAL_ROWS)
    ]
    inside_budget = hostile_files.many_rows_xlsx(
        20_001, [*header, *(f"extra {n}" for n in range(9))], [groups[0], "x", *"y" * 13]
    )
    pilot_rows = b"".join(
        b"case-%d,2026-09-14,HR,advance,reject,5,pilot\n" % n for n in range(200_001)
    )
    files = [
        (
            "accepted",
            "people",
            f"{NORMAL_ROWS:,}-row XLSX",
            "people.xlsx",
            write_xlsx(header, people),
        ),
        ("accepted", "people", f"{NORMAL_ROWS:,}-row CSV", "people.csv", write_csv(header, people)),
        (
            "refused",
            "people",
            "300,000-row XLSX",
            "rows.xlsx",
            hostile_files.many_rows_xlsx(300_000, ["group", "name"], [groups[0], "Kari"]),
        ),
        (
            "refused",
            "people",
            "zip bomb XLSX (unpacks to 100 MB)",
            "bomb.xlsx",
            hostile_files.zip_bomb_xlsx(100),
        ),
        (
            "refused",
            "people",
            "1,000,000-row CSV",
            "rows.csv",
            hostile_files.many_rows_csv(1_000_000),
        ),
        (
            "refused",
            "people",
            "20,001 × 15 XLSX, inside the cell budget",
            "wide.xlsx",
            inside_budget,
        ),
        (
            "refused",
            "pilot",
            "200,001 valid cases, CSV",
            "cases.csv",
            ",".join(COLUMNS).encode() + b"\n" + pilot_rows,
        ),
    ]
    cases = []
    for outcome, path, label, name, data in files:
        (directory / name).write_bytes(data)
        cases.append(
            {"outcome": outcome, "import": path, "file": label, "name": name, "bytes": len(data)}
        )
    return cases


def _rss_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")  # resets the peak resident set to the current one
        return True
    except OSError:
        return False


def _import_in_child(path: str, kind: str, username: str) -> dict:
    import gc
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samspill.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from samspill.core.uploads import table_error_message
    from samspill.pilot.services import PilotImportError, pilot_import
    from samspill.projects.services import project_create
    from samspill.stakeholders.importing import people_import

    user = get_user_model().objects.get(username=username)
    # A project of its own each time, so an accepted file always adds its people.
    project = project_create(
        actor=user, name="Upload bench", ai_tool="Tool", start_date=dt.date.today()
    )
    data = Path(path).read_bytes()
    gc.collect()
    exact = _reset_peak()
    before = (
        _rss_mb("VmRSS") if exact else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    start = time.perf_counter()
    if kind == "pilot":
        try:
            record = pilot_import(actor=user, project=project, data=data, filename=Path(path).name)
            result = f"{record.cases:,} cases"
        except PilotImportError as refused:
            result = (
                table_error_message(refused.file_error)
                if refused.file_error
                else (f"{len(refused.errors)} problems")
            )
    else:
        report = people_import(actor=user, project=project, data=data, filename=Path(path).name)
        result = report.file_error or f"{len(report.created):,} added"
    seconds = time.perf_counter() - start
    peak = _rss_mb("VmHWM") if exact else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "growth_mb": max(0.0, peak - before), "result": result}


def _in_child(function, *args):
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def upload_figures(user, rounds: int = ROUNDS) -> dict:
    """Needs Django set up (bench.__main__.setup_django): the children use the same database."""
    from samspill.projects.services import project_create

    project = project_create(actor=user, name="Uploads", ai_tool="Tool", start_date=dt.date.today())
    groups = list(project.stakeholder_groups.values_list("name", flat=True))
    directory = Path(tempfile.mkdtemp(prefix="samspill-uploads-"))
    try:
        cases = write_files(directory, groups)
        for case in cases:
            runs = [
                _in_child(
                    _import_in_child, str(directory / case["name"]), case["import"], user.username
                )
                for _ in range(rounds)
            ]
            case["seconds"] = round(statistics.median(run["seconds"] for run in runs), 3)
            case["growth_mb"] = round(statistics.median(run["growth_mb"] for run in runs), 1)
            case["max_growth_mb"] = round(max(run["growth_mb"] for run in runs), 1)
            case["result"] = runs[0]["result"]
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    refused = [case for case in cases if case["outcome"] == "refused"]
    return {
        "cases": cases,
        "rounds": rounds,
        "bar": {"seconds": BAR_SECONDS, "growth_mb": BAR_MB},
        "bar_met": all(c["seconds"] < BAR_SECONDS and c["max_growth_mb"] < BAR_MB for c in refused),
    }


def print_figures(figures: dict) -> None:
    print(
        f"\nUploads, each imported in a fresh process (median of {figures['rounds']}; memory: "
        "peak resident set during the import, over the process before it):"
    )
    for case in figures["cases"]:
        size = f"{case['bytes'] / 1024:,.0f} KB"
        print(
            f"  {case['outcome']:<9}{case['import']:<7}{case['file']:<42}{size:>10}"
            f"{case['seconds']:>8.2f} s{case['growth_mb']:>+8.0f} MB  {case['result'][:60]}"
        )
    verdict = "met" if figures["bar_met"] else "NOT MET"
    print(
        f"  Bar: every hostile file refused in under {figures['bar']['seconds']} s, growing the "
        f"process by less than {figures['bar']['growth_mb']} MB: {verdict}."
    )


if __name__ == "__main__":
    from bench.__main__ import setup_django

    setup_django()
    from django.contrib.auth import get_user_model

    bench_user = get_user_model().objects.create_user("bench", password="bench-password-123")  # noqa: S106
    print_figures(upload_figures(bench_user, int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS))
