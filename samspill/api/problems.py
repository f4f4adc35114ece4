"""Errors as RFC 9457 problem details (application/problem+json), for every 4xx and 5xx
the API answers, its own and Django's alike (middleware.py)."""

import json
from http import HTTPStatus

from django.http import HttpResponse

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "urn:samspill:problem:"


def problem(
    status: int,
    detail: str = "",
    *,
    kind: str = "",
    instance: str = "",
    errors: list | None = None,
    headers: dict | None = None,
) -> HttpResponse:
    """`kind` names a problem a client may act on (stale, validation, …); without one the
    type is about:blank and the title is the status phrase, as RFC 9457 §4.2.1 asks."""
    body = {
        "type": TYPE_BASE + kind if kind else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
    }
    if detail:
        body["detail"] = str(detail)
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def is_problem(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith(CONTENT_TYPE)
