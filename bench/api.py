"""REST API list endpoints at the bench project (docs/api.md, "Performance").

People and the audit trail through /api/v1/ at page sizes 10, 50 and 200, first page and
a page deep in the list (followed by cursor), beside the matching HTML page measured in
the same run: server time (test client, no HTTP) and query count. The query count must
not grow with the page size or the depth; time grows only with the rows sent.
"""

import statistics
import time

RUNS = 30
SIZES = (10, 50, 200)


def _timed(client, url: str, headers: dict) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, **headers)  # warm
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url, **headers)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.content[:200])
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **headers)
    samples.sort()
    return {
        "p50_ms": statistics.median(samples),
        "p95_ms": samples[int(len(samples) * 0.95) - 1],
        "queries": len(queries),
    }


def _deep_cursor(client, url: str, headers: dict, pages: int = 5) -> str:
    cursor = ""
    for _ in range(pages):
        body = client.get(url + (f"&cursor={cursor}" if cursor else ""), **headers).json()
        cursor = body["next_cursor"] or cursor
    return cursor


def api_figures(project, user, client) -> dict:
    from samspill.accounts.api_tokens import token_create

    secret = token_create(actor=user, name="bench", projects=[project], scope="read").secret
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    figures = {}
    for name, path in (("people", "people"), ("audit trail", "audit")):
        for size in SIZES:
            url = f"/api/v1/projects/{project.slug}/{path}?limit={size}"
            figures[f"API {name} {size}"] = _timed(client, url, headers)
            deep = _deep_cursor(client, url, headers)
            figures[f"API {name} {size} deep"] = _timed(client, f"{url}&cursor={deep}", headers)
    return figures


def print_figures(figures: dict, pages: dict) -> None:
    print("\nREST API lists (test client, server time; HTML pages from the same run)")
    print(f"{'list':<28}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    for name in ("people table", "audit page"):
        if name in pages:
            page = pages[name]
            print(f"{'HTML ' + name:<28}{page['p50_ms']:>9.2f}{page['p95_ms']:>9.2f}"
                  f"{page['queries']:>9}")  # fmt: skip
    for name, page in figures.items():
        print(f"{name:<28}{page['p50_ms']:>9.2f}{page['p95_ms']:>9.2f}{page['queries']:>9}")
