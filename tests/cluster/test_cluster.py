"""Two `samspill serve` instances (2 gunicorn workers each) on loopback sharing one
PostgreSQL (the tests' own cluster), one Redis and one S3 bucket (moto), plus one job
worker. Requests are spread over both servers as a load balancer would.
"""

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from tests.cluster.conftest import Cluster, seeded_env
from tests.cluster.harness import Client, samspill

LINKS = 500


@pytest.fixture(scope="module")
def setup(pg, redis, s3):
    env, data = seeded_env(pg, redis, s3, links=LINKS)
    cluster = Cluster(env).start()
    yield cluster, data
    cluster.stop()


def answers_stored(env, survey_id: int) -> int:
    with psycopg.connect(env["DATABASE_URL"]) as connection:
        return connection.execute(
            "SELECT count(*) FROM surveys_response WHERE survey_id = %s", [survey_id]
        ).fetchone()[0]


def test_each_single_use_link_posted_three_times_across_both_servers_counts_once(setup):
    cluster, data = setup
    a, b = (server.base for server in cluster.servers)
    warm = Client(a)
    warm.get(f"/s/{data['tokens'][0]}/")
    cookie_jar, csrf = warm.session.cookies, warm.csrf
    local = threading.local()

    def post(job):
        token, base = job
        if not hasattr(local, "clients"):
            local.clients = {}
        client = local.clients.get(base)
        if client is None:
            client = local.clients[base] = Client(base)
            client.session.cookies.update(cookie_jar)
            client.csrf = csrf
        return token, client.post(f"/s/{token}/", data["answer"]).status_code

    # Each link three times, on both servers, the three posts next to each other in the
    # queue so that they run at the same time and race.
    jobs = [
        (token, base) for i, token in enumerate(data["tokens"]) for base in (a, b, (a, b)[i % 2])
    ]
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(post, jobs))

    statuses = {}
    for token, status in results:
        statuses.setdefault(token, []).append(status)
    assert all(sorted(s) == [302, 410, 410] for s in statuses.values()), [
        (t, s) for t, s in statuses.items() if sorted(s) != [302, 410, 410]
    ][:5]
    assert answers_stored(cluster.env, data["survey_id"]) == LINKS


def test_login_lockout_counts_failures_across_both_servers(setup):
    cluster, data = setup
    a, b = (server.base for server in cluster.servers)
    statuses = []
    for attempt in range(5):
        client = Client((a, b)[attempt % 2])
        statuses.append(client.login("target", "wrong password").status_code)
    # Four times the form again with its error; the fifth failure in total (the third on
    # server A) locks: counted per server, neither would have reached 5.
    assert statuses == [200, 200, 200, 200, 429]

    for base in (a, b):  # now locked on both, even with the right password
        assert Client(base).login("target", data["password"]).status_code == 429


def test_concurrent_editors_on_both_servers_lose_no_update_and_the_chain_verifies(setup):
    cluster, data = setup
    a, b = (server.base for server in cluster.servers)
    item = data["item"]
    edit = f"/p/{data['project']}/trust/items/{item['uuid']}/edit/"
    start = threading.Barrier(len(data["editors"]))

    def editor(index_name):
        index, name = index_name
        client = Client((a, b)[index % 2])
        assert client.login(name, data["password"]).status_code == 302
        start.wait(timeout=30)
        for attempt in range(40):
            # Read the item (on either server), add my line, save; a stale save is refused
            # with the newer version, so read again and retry, as a person would.
            client = client.on((a, b)[(index + attempt) % 2])
            page = client.get(edit)
            assert page.status_code == 200, page.status_code
            version = int(_field(page.text, "version"))
            note = _textarea(page.text, "evidence_note")
            lines = [line for line in note.splitlines() if line]
            saved = client.post(
                edit,
                {
                    "step": item["step"],
                    "title": item["title"],
                    "help": "",
                    "owner": "",
                    "due_date": "",
                    "status": item["status"],
                    "evidence_link": "",
                    "evidence_note": "\n".join([*lines, f"checked by {name}"]),
                    "version": version,
                },
            )
            if saved.status_code == 302:
                return attempt + 1
            assert saved.status_code == 200 and "Someone else saved" in saved.text, saved.text[:300]
        raise AssertionError(f"{name} never got the edit in")

    with ThreadPoolExecutor(max_workers=len(data["editors"])) as pool:
        tries = list(pool.map(editor, enumerate(data["editors"])))

    page = Client(a)
    page.login("lead", data["password"])
    note = _textarea(page.get(edit).text, "evidence_note")
    assert sorted(note.splitlines()) == sorted(f"checked by {n}" for n in data["editors"])
    assert max(tries) > 1  # they really collided
    verified = samspill(
        {**cluster.env, "SAMSPILL_VAR_DIR": str(cluster.servers[0].var)}, "audit", "verify"
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_evidence_uploaded_through_one_server_downloads_through_the_other(setup, s3):
    cluster, data = setup
    a, b = (server.base for server in cluster.servers)
    item = data["item"]
    edit = f"/p/{data['project']}/trust/items/{item['uuid']}/edit/"
    content = b"%PDF-1.4 uploaded via A " + bytes(range(256)) * 400
    uploader = Client(a)
    uploader.login("editor0", data["password"])
    page = uploader.get(edit)
    saved = uploader.post(
        edit,
        {
            "step": item["step"],
            "title": item["title"],
            "help": "",
            "owner": "",
            "due_date": "",
            "status": item["status"],
            "evidence_link": "",
            "evidence_note": _textarea(page.text, "evidence_note"),
            "version": _field(page.text, "version"),
        },
        files={"evidence_file": ("policy.pdf", content, "application/pdf")},
    )
    assert saved.status_code == 302, saved.text[:500]

    listed = s3["client"].list_objects_v2(Bucket=s3["bucket"])["Contents"]
    assert [o["Key"] for o in listed if o["Key"].endswith(".pdf")]  # in the bucket
    reader = Client(b)
    reader.login("editor1", data["password"])
    download = reader.get(f"/p/{data['project']}/trust/items/{item['uuid']}/evidence/")
    assert download.status_code == 200
    assert hashlib.sha256(download.content).digest() == hashlib.sha256(content).digest()
    assert Client(b).get(
        f"/p/{data['project']}/trust/items/{item['uuid']}/evidence/"
    ).status_code in (302, 404)  # nobody signed in: no file


def _field(html: str, name: str) -> str:
    import re

    return re.search(
        rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"', html
    ).group(1)


def _textarea(html: str, name: str) -> str:
    import html as html_lib
    import re

    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    return html_lib.unescape(found.group(1)).strip("\r\n") if found else ""
