"""Pages through `samspill serve`, as users feel them: the first view of `make bench`.

For each data size (1× = the bench project: 2,000 people in 20 groups, 10,000 audit
entries; 10× = 20,000 people, 100,000 audit entries; both with the same KPIs and surveys)
a database is filled once under var/bench/served-<size>x/ and reused while FILL_VERSION is
unchanged. The bench then starts `samspill serve` (gunicorn, 2 workers) on it and, for
three rounds, loads /healthz and then every page with 8 keep-alive connections
(bench/load.py) for a few seconds each. Reported per page: answers/s, p50/p95/p99, and the
ratio of answers/s to /healthz in the same round, as min/median/max over the rounds.

`python -m bench.served` runs this view alone; `python -m bench.served fill <size>` is the
child process that fills one size. `python -m bench.served --postgres URL [1]` compares the
same pages on PostgreSQL and SQLite (URL names a database the bench may drop and create,
one per size: URL_1x, URL_10x; its marker and log under var/bench/served-<size>x-pg/;
`BENCH_DATABASE_URL` sets URL too). Both servers run at once and the load alternates
between them in short bursts, page by page, so a machine that gets busier or quieter
during the run weighs on both sides alike.
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
PAGES = ["dashboard", "stakeholder map", "people list", "audit trail", "KPI dashboard",
         "survey results"]  # fmt: skip


def _directory(size: int, postgres: str = "") -> Path:
    return BENCH_DIR / (f"served-{size}x-pg" if postgres else f"served-{size}x")


def _database_url(size: int, postgres: str) -> str:
    return f"{postgres.rstrip('/')}_{size}x"


def _env(size: int, postgres: str = "") -> dict:
    """The environment of a server or fill on SQLite, or on PostgreSQL when `postgres`."""
    env = {**os.environ, "SAMSPILL_VAR_DIR": str(_directory(size, postgres))}
    env.pop("DATABASE_URL", None)
    if postgres:
        env["DATABASE_URL"] = _database_url(size, postgres)
    env.setdefault("DJANGO_SETTINGS_MODULE", "samspill.settings")
    return env


def _recreate_postgres(size: int, postgres: str) -> None:
    """Drop and create the size's PostgreSQL database (the bench's own, named after URL)."""
    import psycopg

    url = _database_url(size, postgres)
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def _fill(size: int) -> None:
    """In the child process: migrate, fill, and write the page URLs and a session."""
    import datetime as dt

    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import get_user_model
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
    session = import_module(settings.SESSION_ENGINE).SessionStore()
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
    marker = {
        "fill_version": FILL_VERSION,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
        "urls": urls,
        "people": PEOPLE * size,
        "audit_entries": AUDIT_ENTRIES * size,
    }
    (Path(settings.VAR_DIR) / "bench.json").write_text(json.dumps(marker), encoding="utf-8")


def prepared(size: int, postgres: str = "") -> dict:
    """The size's filled database (reused when it matches FILL_VERSION)."""
    directory = _directory(size, postgres)
    marker = directory / "bench.json"
    if marker.exists():
        data = json.loads(marker.read_text(encoding="utf-8"))
        if data.get("fill_version") == FILL_VERSION:
            # The data is reused; the schema follows the code's migrations.
            subprocess.run(
                [sys.executable, "-m", "samspill.cli", "migrate", "--noinput", "-v", "0"],
                env=_env(size, postgres),
                check=True,
            )
            return data
    if directory.exists():
        for path in directory.glob("samspill.sqlite3*"):
            path.unlink()
    directory.mkdir(parents=True, exist_ok=True)
    if postgres:
        _recreate_postgres(size, postgres)
    print(f"Filling the {size}× database under {directory} (once; reused after)…", flush=True)
    subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.served", "fill", str(size)],
        env=_env(size, postgres),
        check=True,
    )
    return json.loads(marker.read_text(encoding="utf-8"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(size: int, port: int, postgres: str = "") -> subprocess.Popen:
    env = {
        **_env(size, postgres),
        "SAMSPILL_BIND": f"127.0.0.1:{port}",
        "SAMSPILL_WORKERS": str(WORKERS),
    }
    log = (_directory(size, postgres) / "serve.log").open("w")
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


def _warm(port: int, targets: dict, headers: dict) -> None:
    """Each worker's templates and caches, before anything is measured."""
    from bench.load import repeat, run_load

    for path in targets.values():
        for _ in range(2 * WORKERS):
            run_load("127.0.0.1", port, repeat(("GET", path, None, headers)), connections=1,
                     seconds=0.2)  # fmt: skip


def _load(port: int, name: str, path: str, headers: dict, seconds: float) -> dict:
    from bench.load import repeat, run_load

    result = run_load(
        "127.0.0.1",
        port,
        repeat(("GET", path, None, headers)),
        connections=CONNECTIONS,
        seconds=seconds,
    )
    if result.refused:
        raise RuntimeError(f"{name}: {result.refused} requests refused")
    return result.summary()


def _headers(data: dict, port: int) -> dict:
    return {"Cookie": data["cookie"], "Host": f"127.0.0.1:{port}"}


def measure(size: int) -> dict:
    data = prepared(size)
    port = _free_port()
    server = _serve(size, port)
    headers = _headers(data, port)
    targets = {"/healthz": "/healthz", **data["urls"]}
    rounds: list[dict] = []
    try:
        _warm(port, targets, headers)
        for _ in range(ROUNDS):
            rounds.append(
                {name: _load(port, name, path, headers, SECONDS) for name, path in targets.items()}
            )
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


def _descendants(pid: int) -> list[int]:
    """The process and all its children (Linux /proc): `samspill serve` and its workers."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def _postgres_processes() -> list[int]:
    """The PostgreSQL server's processes on this machine, backends included."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "postgres":
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def _cpu_ticks(pids: list[int]) -> dict[int, int]:
    """User and system CPU time per process, in clock ticks (Linux /proc/<pid>/stat)."""
    ticks = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        ticks[pid] = int(fields[11]) + int(fields[12])
    return ticks


def _cpu_seconds_between(before: dict[int, int], after: dict[int, int]) -> float:
    """CPU seconds spent between two readings by the processes in both."""
    spent = sum(after[pid] - before[pid] for pid in before.keys() & after.keys())
    return spent / os.sysconf("SC_CLK_TCK")


def compare_postgres(postgres: str, size: int = 1, rounds: int = 7) -> dict:
    """The same pages on both databases, both servers up at once. Each round loads each
    page on one server and then on the other (which goes first alternates), so the two
    halves of a quotient are measured a few seconds apart, on the same machine state.
    Beside latency, the CPU time each answer cost the server's processes (PostgreSQL's
    included): a figure a machine that is busy with other work disturbs less."""
    sides = {"postgres": postgres, "sqlite": ""}
    data = {side: prepared(size, url) for side, url in sides.items()}
    ports = {side: _free_port() for side in sides}
    servers = {side: _serve(size, ports[side], url) for side, url in sides.items()}
    figures: dict = {side: {} for side in sides}
    try:
        for side in sides:
            targets = {"/healthz": "/healthz", **data[side]["urls"]}
            _warm(ports[side], targets, _headers(data[side], ports[side]))
        for round_ in range(rounds):
            order = list(sides) if round_ % 2 == 0 else list(reversed(sides))
            for name in ["/healthz", *PAGES]:
                for side in order:
                    path = "/healthz" if name == "/healthz" else data[side]["urls"][name]
                    headers = _headers(data[side], ports[side])
                    app = _descendants(servers[side].pid)
                    database = _postgres_processes() if side == "postgres" else []
                    before = _cpu_ticks(app), _cpu_ticks(database)
                    result = _load(ports[side], name, path, headers, SECONDS / 2)
                    app_cpu = _cpu_seconds_between(before[0], _cpu_ticks(app))
                    database_cpu = _cpu_seconds_between(before[1], _cpu_ticks(database))
                    answers = max(result["ok"], 1)
                    result["app_cpu_ms_per_answer"] = round(1000 * app_cpu / answers, 3)
                    result["cpu_ms_per_answer"] = round(
                        1000 * (app_cpu + database_cpu) / answers, 3
                    )
                    figures[side].setdefault(name, []).append(result)
    finally:
        for server in servers.values():
            server.terminate()
        for server in servers.values():
            server.wait(timeout=30)
    return {"size": size, "rounds": rounds, "figures": figures}


def print_postgres_comparison(comparison: dict) -> None:
    """Per page: PostgreSQL's p50 ÷ SQLite's, one quotient per round (min/median/max)."""
    figures, size = comparison["figures"], comparison["size"]
    print(
        f"\nPostgreSQL against SQLite, {size}×: both servers up at once ({WORKERS} workers "
        f"each), {CONNECTIONS} connections, {SECONDS / 2:g} s bursts alternating between "
        f"them, {comparison['rounds']} rounds"
    )
    print(f"{'page':<17}{'p50 PG ms':>10}{'SQLite':>8}{'p50 PG ÷ SQLite':>24}{'CPU ms PG':>11}"
          f"{'SQLite':>8}{'CPU PG ÷ SQLite':>24}{'app CPU PG ÷ SQLite':>22}")  # fmt: skip
    for name in ["/healthz", *PAGES]:
        pg, lite = figures["postgres"][name], figures["sqlite"][name]
        slower = _spread([a["p50_ms"] / b["p50_ms"] for a, b in zip(pg, lite, strict=True)])
        costlier = _spread(
            [a["cpu_ms_per_answer"] / b["cpu_ms_per_answer"] for a, b in zip(pg, lite, strict=True)]
        )
        app_side = statistics.median(
            a["app_cpu_ms_per_answer"] / b["cpu_ms_per_answer"]
            for a, b in zip(pg, lite, strict=True)
        )
        print(
            f"{name:<17}{statistics.median(r['p50_ms'] for r in pg):>10.1f}"
            f"{statistics.median(r['p50_ms'] for r in lite):>8.1f}"
            f"{slower['median']:>10.2f} ({slower['min']:.2f}–{slower['max']:.2f})"
            f"{statistics.median(r['cpu_ms_per_answer'] for r in pg):>13.2f}"
            f"{statistics.median(r['cpu_ms_per_answer'] for r in lite):>8.2f}"
            f"{costlier['median']:>10.2f} ({costlier['min']:.2f}–{costlier['max']:.2f})"
            f"{app_side:>16.2f}"
        )
    print(
        "Medians (min–max) over the rounds. CPU: the server's processes per answer, "
        "PostgreSQL's own included; app CPU: without PostgreSQL's (as when it runs on a "
        "machine of its own).\nTarget: no page more than 1.2 × slower on PostgreSQL "
        "than on SQLite."
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["fill"]:
        _fill(int(sys.argv[2]))
        sys.exit(0)
    arguments = sys.argv[1:]
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if arguments[:1] == ["--postgres"]:
        url, arguments = arguments[1], arguments[2:]
    if url:
        sizes = tuple(int(s) for s in arguments) or (1,)
        comparisons = [compare_postgres(url, size, max(ROUNDS, 7)) for size in sizes]
        for comparison in comparisons:
            print_postgres_comparison(comparison)
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        (BENCH_DIR / "served-postgres.json").write_text(
            json.dumps(comparisons, indent=2), encoding="utf-8"
        )
        sys.exit(0)
    sizes = tuple(int(s) for s in arguments) or SIZES
    figures = served_figures(sizes)
    print_table(figures["table"])
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / "served.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
