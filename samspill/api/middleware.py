"""What the API answers before and after its views: bodies over the limit are refused
before they are read, every error leaves as problem details, and reads carry an ETag."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.cache import get_conditional_response, set_response_etag

from samspill.api.problems import is_problem, problem
from samspill.audit.services import audit_channel

logger = logging.getLogger(__name__)
PREFIX = "/api/"


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem(400, "Content-Length is not a number.")
        if length > settings.API_MAX_BODY_BYTES:
            return problem(
                413,
                f"The body is larger than {settings.API_MAX_BODY_BYTES} bytes.",
                kind="too-large",
            )
        with audit_channel("API"):  # every change made here is marked "via API" in the trail
            response = self.get_response(request)
        if response.status_code >= 400 and not is_problem(response):
            keep = {
                name: response[name]
                for name in ("Allow", "WWW-Authenticate", "Retry-After")
                if response.has_header(name)
            }
            response = problem(response.status_code, headers=keep)
        elif request.method in ("GET", "HEAD") and response.status_code == 200:
            if not response.has_header("ETag") and not response.streaming:
                set_response_etag(response)
            response = get_conditional_response(
                request, etag=response.get("ETag"), response=response
            )
        return response

    def process_exception(self, request, exception):
        if not request.path.startswith(PREFIX):
            return None
        if isinstance(exception, Http404 | PermissionDenied):
            return None  # Django answers these; __call__ then words them as problems
        if isinstance(exception, MultiPartParserError | SuspiciousOperation):
            return problem(400, "The request cannot be read.", kind="bad-body")
        logger.exception("API error on %s %s", request.method, request.path)
        return problem(500, "The server failed; the error is logged.")
