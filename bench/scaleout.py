"""Scale-out figure: 2 servers × 2 workers against 1 server × 2 workers, same machine.

Both setups share one PostgreSQL (a cluster of the bench's own, initdb on a free port) and
one Redis, as a real deployment would. wrk loads survey submission (each POST spends its
own single-use link) and the project dashboard (signed in); with two servers, one wrk per
server with half the connections each, and the rates are added. On a 2-core machine the
two setups compete for the same cores, so the point is that nothing is lost and nothing
breaks, not a speed-up. `python -m bench.scaleout` (BENCH_WRK_SECONDS, default 8).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

DURATION_S = int(os.environ.get("BENCH_WRK_SECONDS", "8"))
CONNECTIONS = 8


def _wrk(url: str, connections: int, script: Path | None = None) -> dict:
    command = [shutil.which("wrk") or "wrk", "-t1", f"-c{connections}", f"-d{DURATION_S}s"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(  # noqa: S603 - fixed arguments, loopback only
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "bad": int(bad.group(1)) if bad else 0,
    }


SUBMIT_LUA = r"""
local tokens = {}
for line in io.lines("%(tokens)s") do tokens[#tokens + 1] = line end
local counter = 0
function init(args)
  wrk.method = "POST"
  wrk.body = %(body)s
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = %(cookie)s
end
function request()
  counter = counter + 1
  return wrk.format(nil, "/s/" .. tokens[counter %% #tokens + 1] .. "/")
end
"""

PAGE_LUA = r"""
function init(args) wrk.headers["Cookie"] = %(cookie)s end
"""


def _scripts(workdir: Path, server, data: dict, tokens: list[str]) -> tuple[Path, Path]:
    import urllib.parse

    from tests.cluster.harness import Client

    respondent = Client(server.base)
    respondent.get(f"/s/{tokens[0]}/")
    cookie = "; ".join(f"{k}={v}" for k, v in respondent.session.cookies.items())
    body = urllib.parse.urlencode({**data["answer"], "csrfmiddlewaretoken": respondent.csrf})
    token_file = workdir / f"tokens-{server.port}.txt"
    token_file.write_text("\n".join(tokens[1:]) + "\n")
    submit = workdir / f"submit-{server.port}.lua"
    submit.write_text(
        SUBMIT_LUA % {"tokens": token_file, "body": json.dumps(body), "cookie": json.dumps(cookie)}
    )
    reader = Client(server.base)
    reader.login("lead", data["password"])
    page = workdir / f"page-{server.port}.lua"
    page.write_text(
        PAGE_LUA
        % {"cookie": json.dumps("; ".join(f"{k}={v}" for k, v in reader.session.cookies.items()))}
    )
    return submit, page


def _measure(servers, data: dict, tokens: list[str], workdir: Path) -> dict:
    share = len(tokens) // len(servers)
    scripts = [
        _scripts(workdir, s, data, tokens[i * share : (i + 1) * share])
        for i, s in enumerate(servers)
    ]
    per = CONNECTIONS // len(servers)
    figures = {}
    for kind, index, path in (
        ("survey submission", 0, "/"),
        ("dashboard", 1, f"/p/{data['project']}/"),
    ):
        with ThreadPoolExecutor(len(servers)) as pool:
            runs = list(
                pool.map(
                    lambda pair, p=path, i=index: _wrk(pair[0].base + p, per, pair[1][i]),
                    zip(servers, scripts, strict=True),
                )
            )
        figures[kind] = {
            "requests_per_s": round(sum(r["rate"] for r in runs), 1),
            "bad": sum(r["bad"] for r in runs),
        }
    return figures


def main() -> None:
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)")
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.cluster.conftest import Cluster
    from tests.cluster.harness import ROOT, PgCluster, base_env, samspill
    from tests.servers import RedisServer

    pg = PgCluster().init()
    redis = RedisServer().start()
    workdir = Path(tempfile.mkdtemp(prefix="samspill-scaleout-"))
    results = {}
    try:
        for label, servers in (("1 server x 2 workers", 1), ("2 servers x 2 workers", 2)):
            env = base_env(pg.create_database(f"scale{servers}"), SAMSPILL_REDIS_URL=redis.url)
            samspill(env, "migrate", "--noinput")
            seeded = subprocess.run(
                [sys.executable, "-m", "tests.cluster.seed", "5000"],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            data = json.loads(seeded.stdout)
            cluster = Cluster(env, servers=servers, workers=2, job_worker=False).start()
            try:
                results[label] = _measure(cluster.servers, data, data["tokens"], workdir)
            finally:
                cluster.stop()
    finally:
        redis.stop()
        pg.destroy()
    one, two = results["1 server x 2 workers"], results["2 servers x 2 workers"]
    results["ratio 2x2 / 1x2"] = {
        kind: round(two[kind]["requests_per_s"] / one[kind]["requests_per_s"], 2) for kind in one
    }
    results["cores"] = os.cpu_count()
    results["seconds"] = DURATION_S
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
