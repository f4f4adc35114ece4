"""The REST API at /api/v1/ (docs/api.md): django-ninja, OpenAPI 3.1 from the schemas."""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import DocsBase

from samspill.api import measure, plan, projects, stakeholders
from samspill.api.auth import RateLimited, TokenAuth
from samspill.api.paging import BadRequest, PreconditionRequired, etag_of
from samspill.api.problems import problem
from samspill.core.versioning import StaleEditError

logger = logging.getLogger(__name__)


class LocalDocs(DocsBase):
    """Swagger UI from ninja's bundled static files, under our CSP (no CDN, no inline script)."""

    def render_page(self, request, api, **kwargs):
        return render(request, "api/docs.html", {"openapi_url": self.get_openapi_url(api, kwargs)})


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {"type": "string"}},
                    "msg": {"type": "string"},
                },
            },
        },
    },
}
READ_PROBLEMS = (400, 401, 403, 404, 422, 429)
WRITE_PROBLEMS = (*READ_PROBLEMS, 409, 412, 413, 428)
ETAG_HEADER = {"ETag": {"description": "The version read", "schema": {"type": "string"}}}


class SamspillApi(NinjaAPI):
    """Adds the problem responses every operation can give to the schema, so clients and
    Schemathesis know them, and the If-Match header every versioned write needs."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        reference = {"$ref": "#/components/schemas/Problem"}
        for item in schema["paths"].values():
            for method, operation in item.items():
                writes = method in ("post", "patch", "put", "delete")
                responses = operation.setdefault("responses", {})
                for status in WRITE_PROBLEMS if writes else READ_PROBLEMS:
                    responses.setdefault(
                        str(status),
                        {
                            "description": PROBLEM_STATUSES[status],
                            "content": {"application/problem+json": {"schema": reference}},
                        },
                    )
                if method == "get":
                    responses.setdefault(
                        "304", {"description": "Not modified (If-None-Match matched)."}
                    )
                if method in ("patch", "delete") or operation["operationId"] in VERSIONED_POSTS:
                    operation.setdefault("parameters", []).append(
                        {
                            "name": "If-Match",
                            "in": "header",
                            "required": False,
                            "description": "The ETag read; required (428 without it).",
                            "schema": {"type": "string"},
                        }
                    )
        return schema


VERSIONED_POSTS = {"stance_changes_create"}

api = SamspillApi(
    title="Samspill API",
    version="1",
    description="See docs/api.md. Authenticate with `Authorization: Bearer ssp_…`.",
    urls_namespace="api",
    auth=TokenAuth(),
    docs=LocalDocs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/projects", projects.router)
api.add_router("/projects", stakeholders.router)
api.add_router("/projects", plan.router)
api.add_router("/projects", measure.router)

PROBLEM_STATUSES = {
    400: "Bad request: malformed JSON, a bad cursor or a bad query value.",
    401: "No token, or an unknown, expired or revoked one.",
    403: "The role or the token may not do this.",
    404: "No such project for this user, or no such object in it.",
    409: "The change conflicts with the project's state.",
    412: "If-Match names an older version.",
    413: "The body is too large.",
    422: "The body does not fit the schema, or a service refused the values.",
    428: "A write needs If-Match.",
    429: "Too many requests for this token; see Retry-After.",
}


def _errors_of(exc: NinjaValidationError) -> list[dict]:
    return [
        {"loc": [str(part) for part in error.get("loc", [])], "msg": str(error.get("msg", ""))}
        for error in exc.errors
    ]


@api.exception_handler(NinjaValidationError)
def _validation(request, exc):
    errors = _errors_of(exc)
    if any("json" in e["msg"].lower() and e["loc"][:1] == ["body"] for e in errors):
        return problem(400, "The body is not valid JSON.", kind="malformed-json", errors=errors)
    return problem(422, "The request does not fit the schema.", kind="validation", errors=errors)


@api.exception_handler(DjangoValidationError)
def _refused(request, exc):
    return problem(
        422,
        "; ".join(exc.messages),
        kind="validation",
        errors=[{"loc": [], "msg": message} for message in exc.messages],
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem(
        401,
        "Send a valid token: Authorization: Bearer ssp_…",
        headers={"WWW-Authenticate": "Bearer"},
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(404)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    detail = str(exc) if str(exc) and str(exc) != "archived" else ""
    if str(exc) == "archived":
        detail = "The project is archived: it is read-only."
    return problem(403, detail)


@api.exception_handler(StaleEditError)
def _stale(request, exc):
    return problem(
        412,
        "Someone saved this since the version in If-Match; read it again.",
        kind="stale",
        headers={"ETag": etag_of(exc.current)},
    )


@api.exception_handler(PreconditionRequired)
def _precondition_required(request, exc):
    return problem(428, "Send If-Match with the ETag you read.", kind="if-match-required")


@api.exception_handler(BadRequest)
def _bad_request(request, exc):
    status = 413 if exc.kind == "too-large" else 400
    return problem(status, exc.detail, kind=exc.kind)


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    return problem(429, "Too many requests for this token.", headers={"Retry-After": "60"})


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return problem(413, "The body is too large.", kind="too-large")


@api.exception_handler(MultiPartParserError)
def _bad_multipart(request, exc):
    return problem(400, "The multipart body cannot be read.", kind="bad-body")


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return problem(exc.status_code, str(exc))
