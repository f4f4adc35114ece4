from datetime import date, timedelta

from django.utils import timezone

from method.kpis import period_start
from samspill.kpis.models import UsageWeek


def this_week() -> date:
    return period_start(timezone.localdate(), "week")


def add_usage(project, department, actives, *, mau_factor=1.25, retained=0.8):
    """Weekly aggregates ending last week, one per value in `actives`."""
    last = this_week() - timedelta(weeks=1)
    rows = []
    for n, active in enumerate(actives):
        week = last - timedelta(weeks=len(actives) - 1 - n)
        rows.append(
            UsageWeek(
                project=project,
                week=week,
                department=department,
                events=active * 4,
                active_users=active,
                mau=round(active * mau_factor),
                mau_weeks=4,
                retained_users=None if n == len(actives) - 1 else round(active * retained),
            )
        )
    UsageWeek.objects.bulk_create(rows)
    return rows
