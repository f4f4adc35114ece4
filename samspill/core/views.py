from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect


def home(request):
    return redirect("projects:list")


def healthz(request):
    """For load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
