"""Pages through `samspill serve`, as users feel them: the first view of `make bench`.

For each data size (1× = the bench project: 2,000 people in 20 groups, 10,000 audit
entries; 10× = 20,000 people, 100,000 audit entries; both with the same KPIs and surveys)
a database is filled once under var/bench/served-<size>x/ and reused while FILL_VERSION is
unchanged. The bench then starts `samspill serve` (gunicorn, 2 workers) on it and, for
three rounds, loads /healthz and then every page with 8 keep-alive connections
(bench/load.py) for a few seconds each. Reported per page: answers/s, p50/p95/p99, and the
ratio of answers/s to /healthz in the same round, as min/median/max over the rounds.

`python -m bench.served` runs this view alone; `python -m bench.served fill <size>` is the
child process that fills one size. `python -m bench.served --postgres URL [1]` runs the same
pages on PostgreSQL (URL names a database the bench may drop and create, one per size:
URL_1x, URL_10x; its marker and log under var/bench/served-<size>x-pg/) and then on SQLite,
and prints how much slower each page is on PostgreSQL (`BENCH_DATABASE_URL` sets URL too).
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
FILL_VERSION = 2
SIZES = (1, 10)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = float(os.environ.get("BENCH_PAGE_SECONDS", "3"))
CONNECTIONS, WORKERS = 8, 2
PEOPLE, GROUPS, AUDIT_ENTRIES = 2_000, 20, 10_000
POSTGRES = os.environ.get("BENCH_DATABASE_URL", "")
PAGES = ["dashboard", "stakeholder map", "people list", "audit trail", "KPI dashboard",
         "survey results"]  # fmt: skip


def _directory(size: int) -> Path:
    return BENCH_DIR / f"served-{size}x" if not POSTGRES else BENCH_DIR / f"served-{size}x-pg"


def _database_url(size: int) -> str:
    return f"{POSTGRES.rstrip('/')}_{size}x"


def _env(size: int) -> dict:
    env = {**os.environ, "SAMSPILL_VAR_DIR": str(_directory(size))}
    env.pop("DATABASE_URL", None)
    if POSTGRES:
        env["DATABASE_URL"] = _database_url(size)
    env.setdefault("DJANGO_SETTINGS_MODULE", "samspill.settings")
    return env


def _recreate_postgres(size: int) -> None:
    """Drop and create the size's PostgreSQL database (the bench's own, named after URL)."""
    import psycopg

    url = _database_url(size)
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def _fill(size: int) -> None:
    """In the child process: migrate, fill, and write the page URLs and a session."""
    import datetime as dt

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.urls import reverse

    from bench.audit_fill import fill_trail
    from bench.kpi_fill import fill as fill_kpis
    from bench.stakeholder_fill import fill_map
    from bench.survey_fill import fill as fill_surveys
    from samspill.projects.services import project_create

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("bench", password="bench-password-123")  # noqa: S106
    today = dt.date.today()
    project = project_create(actor=user, name="Bench", ai_tool="Tool", start_date=today)
    fill_map(project, user, groups=GROUPS, people=PEOPLE * size, today=today)
    fill_kpis(project, weeks=52, departments=10)
    surveys = fill_surveys(project, answers=5_000, surveys=4, owner=user)
    fill_trail(project, user, AUDIT_ENTRIES * size)
    from django.db import connection

    if connection.vendor == "postgresql":
        # A server's autovacuum analyses a table that grew; a bench filled a minute ago has
        # not, and the planner would guess 9 rows for 10,000 (a sort instead of the index).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "samspill.accounts.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    slug = project.slug
    urls = {
        "dashboard": reverse("projects:detail", args=[slug]),
        "stakeholder map": reverse("stakeholders:map", args=[slug]),
        "people list": reverse("stakeholders:people", args=[slug]),
        "audit trail": reverse("audit:trail", args=[slug]),
        "KPI dashboard": reverse("kpis:dashboard", args=[slug]),
        "survey results": reverse("surveys:results", args=[slug, surveys[-1].uuid]),
    }
    from django.conf import settings

    marker = {
        "fill_version": FILL_VERSION,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
        "urls": urls,
        "people": PEOPLE * size,
        "audit_entries": AUDIT_ENTRIES * size,
    }
    (Path(settings.VAR_DIR) / "bench.json").write_text(json.dumps(marker), encoding="utf-8")


def prepared(size: int) -> dict:
    """The size's filled database (reused when it matches FILL_VERSION)."""
    directory = _directory(size)
    marker = directory / "bench.json"
    if marker.exists():
        data = json.loads(marker.read_text(encoding="utf-8"))
        if data.get("fill_version") == FILL_VERSION:
            # The data is reused; the schema follows the code's migrations.
            subprocess.run(
                [sys.executable, "-m", "samspill.cli", "migrate", "--noinput", "-v", "0"],
                env=_env(size),
                check=True,
            )
            return data
    if directory.exists():
        for path in directory.glob("samspill.sqlite3*"):
            path.unlink()
    directory.mkdir(parents=True, exist_ok=True)
    if POSTGRES:
        _recreate_postgres(size)
    print(f"Filling the {size}× database under {directory} (once; reused after)…", flush=True)
    subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.served", "fill", str(size)], env=_env(size), check=True
    )
    return json.loads(marker.read_text(encoding="utf-8"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(size: int, port: int) -> subprocess.Popen:
    env = {**_env(size), "SAMSPILL_BIND": f"127.0.0.1:{port}", "SAMSPILL_WORKERS": str(WORKERS)}
    log = (_directory(size) / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "samspill.cli", "serve"], env=env, stdout=log, stderr=log
    )
    for _ in range(600):
        if server.poll() is not None:
            raise RuntimeError(f"samspill serve stopped; see {log.name}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("samspill serve did not answer /healthz within 60 s")


def measure(size: int) -> dict:
    from bench.load import repeat, run_load

    data = prepared(size)
    port = _free_port()
    server = _serve(size, port)
    headers = {"Cookie": data["cookie"], "Host": f"127.0.0.1:{port}"}
    targets = {"/healthz": "/healthz", **data["urls"]}
    rounds: list[dict] = []
    try:
        for path in targets.values():  # warm each worker's templates and caches
            for _ in range(2 * WORKERS):
                run_load("127.0.0.1", port, repeat(("GET", path, None, headers)), connections=1,
                         seconds=0.2)  # fmt: skip
        for _ in range(ROUNDS):
            figures = {}
            for name, path in targets.items():
                result = run_load(
                    "127.0.0.1",
                    port,
                    repeat(("GET", path, None, headers)),
                    connections=CONNECTIONS,
                    seconds=SECONDS,
                )
                if result.refused:
                    raise RuntimeError(f"{name}: {result.refused} requests refused")
                figures[name] = result.summary()
            rounds.append(figures)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"people": data["people"], "audit_entries": data["audit_entries"], "rounds": rounds}


def _spread(values: list[float]) -> dict:
    return {
        "min": round(min(values), 3),
        "median": round(statistics.median(values), 3),
        "max": round(max(values), 3),
    }


def summarise(by_size: dict[int, dict]) -> dict:
    """Per size and page: min/median/max of answers/s, percentiles and the /healthz ratio;
    and per page the growth of the median p50 from 1× to 10×."""
    table: dict = {}
    for size, run in by_size.items():
        for name in ["/healthz", *PAGES]:
            per_round = [r[name] for r in run["rounds"]]
            table.setdefault(name, {})[f"{size}x"] = {
                "ok_per_s": _spread([r["ok_per_s"] for r in per_round]),
                "p50_ms": _spread([r["p50_ms"] for r in per_round]),
                "p95_ms": _spread([r["p95_ms"] for r in per_round]),
                "p99_ms": _spread([r["p99_ms"] for r in per_round]),
                "ratio_to_healthz": _spread(
                    [r[name]["ok_per_s"] / r["/healthz"]["ok_per_s"] for r in run["rounds"]]
                ),
            }
    for sizes in table.values():
        if "1x" in sizes and "10x" in sizes:
            sizes["p50_growth_10x"] = round(
                sizes["10x"]["p50_ms"]["median"] / sizes["1x"]["p50_ms"]["median"], 2
            )
    return table


def print_table(table: dict) -> None:
    print(
        f"\nPages through `samspill serve` ({WORKERS} workers), {CONNECTIONS} keep-alive "
        f"connections, {SECONDS:g} s per page, {ROUNDS} rounds: median (min–max)"
    )
    print(f"{'page':<17}{'size':>5}{'req/s':>22}{'÷ healthz':>22}{'p50 ms':>9}{'p95':>8}"
          f"{'p99':>8}{'10×/1× p50':>12}")  # fmt: skip
    for name, sizes in table.items():
        for size in ("1x", "10x"):
            if size not in sizes:
                continue
            row = sizes[size]
            rate, ratio = row["ok_per_s"], row["ratio_to_healthz"]
            growth = sizes.get("p50_growth_10x", "") if size == "10x" else ""
            print(
                f"{name:<17}{size:>5}"
                f"{rate['median']:>9.0f} ({rate['min']:.0f}–{rate['max']:.0f})".ljust(22)
                + f"{ratio['median']:>8.2f} ({ratio['min']:.2f}–{ratio['max']:.2f})".ljust(22)
                + f"{row['p50_ms']['median']:>9.1f}{row['p95_ms']['median']:>8.1f}"
                f"{row['p99_ms']['median']:>8.1f}{growth!s:>12}"
            )
    print(
        "Targets (median): dashboard, map ≥ 0.15 × /healthz; people, audit, KPI, survey "
        "results ≥ 0.25; p50 at 10× ≤ 1.3 × p50 at 1×."
    )


def served_figures(sizes=SIZES) -> dict:
    by_size = {size: measure(size) for size in sizes}
    return {"raw": by_size, "table": summarise(by_size)}


def print_postgres_comparison(postgres: dict, sqlite: dict) -> None:
    """Per page: PostgreSQL's median p50 ÷ SQLite's, and its /healthz ratio beside SQLite's."""
    print("\nPostgreSQL against SQLite (same pages, same generator, one after the other):")
    print(f"{'page':<17}{'size':>5}{'p50 PG ÷ SQLite':>17}{'same ÷ /healthz’s':>19}"
          f"{'÷ healthz PG':>14}{'SQLite':>8}")  # fmt: skip
    for name in ["/healthz", *PAGES]:
        for size, pg_row in postgres[name].items():
            if not size.endswith("x") or size not in sqlite[name]:
                continue
            lite_row = sqlite[name][size]
            slower = pg_row["p50_ms"]["median"] / lite_row["p50_ms"]["median"]
            # The machine may be busier during one half: the same quotient for /healthz in
            # the same halves says how much of it is the machine, not the database.
            health = (
                postgres["/healthz"][size]["p50_ms"]["median"]
                / (sqlite["/healthz"][size]["p50_ms"]["median"])
            )
            print(
                f"{name:<17}{size:>5}{slower:>17.2f}{slower / health:>19.2f}"
                f"{pg_row['ratio_to_healthz']['median']:>14.2f}"
                f"{lite_row['ratio_to_healthz']['median']:>8.2f}"
            )
    print(
        "Target: no page more than 1.2 × slower on PostgreSQL than on SQLite. The second "
        "column divides by /healthz's own quotient (how much busier the machine was)."
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["fill"]:
        _fill(int(sys.argv[2]))
        sys.exit(0)
    if sys.argv[1:2] == ["--postgres"]:
        POSTGRES = sys.argv[2]
        sizes = tuple(int(s) for s in sys.argv[3:]) or (1,)
        on_postgres = served_figures(sizes)
        print_table(on_postgres["table"])
        POSTGRES = ""
        on_sqlite = served_figures(sizes)
        print_table(on_sqlite["table"])
        print_postgres_comparison(on_postgres["table"], on_sqlite["table"])
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        (BENCH_DIR / "served-postgres.json").write_text(
            json.dumps({"postgres": on_postgres, "sqlite": on_sqlite}, indent=2),
            encoding="utf-8",
        )
        sys.exit(0)
    sizes = tuple(int(s) for s in sys.argv[1:]) or SIZES
    figures = served_figures(sizes)
    print_table(figures["table"])
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / "served.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
