import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect
from django.template import loader


def home(request):
    return redirect("projects:list")


def healthz(request):
    """For load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def server_error(request):
    """handler500: a database that cannot be reached (a restart, a failover) is a
    temporary outage, answered with 503 and Retry-After so clients and load balancers try
    again; anything else is the usual 500 page. Neither shows a traceback. Both pages are
    static: rendering must not need the database."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(
            loader.get_template("503.html").render(), status=503, content_type="text/html"
        )
        response["Retry-After"] = "5"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
