"""A large project's acceptance data for the KPI dashboard bench: two years of weekly usage
aggregates in 20 departments, feature rows, licence counts and a dozen KPIs with values."""

import random
from datetime import timedelta

from django.utils import timezone

from method.kpis import KINDS, Kind, period_start
from samspill.kpis.models import FeatureWeek, Kpi, KpiValue, LicensedDepartment, UsageWeek

FEATURES = ("cv_summary", "interview_questions", "chat", "search")
KPI_KINDS = [
    Kind.ADOPTION_RATE,
    Kind.STICKINESS,
    Kind.RETENTION,
    Kind.SUPPORT_TICKETS,
    Kind.FEATURE_USE,
    Kind.MEETING_ATTENDANCE,
    Kind.REFERRALS,
    Kind.SUCCESS_STORIES,
    Kind.TRAINING_ENGAGEMENT,
    Kind.NPS,
    Kind.SUPPORT_TICKETS,
    Kind.ADOPTION_RATE,
]


def fill(project, *, weeks: int = 104, departments: int = 20) -> None:
    rng = random.Random(5)
    last = period_start(timezone.localdate(), "week") - timedelta(weeks=1)
    all_weeks = [last - timedelta(weeks=weeks - 1 - n) for n in range(weeks)]
    names = [f"Department {n + 1:02d}" for n in range(departments)]
    licences = {name: rng.randrange(20, 200) for name in names}
    LicensedDepartment.objects.bulk_create(
        LicensedDepartment(project=project, name=name, licensed_users=count)
        for name, count in licences.items()
    )
    usage, features = [], []
    for name, licensed in licences.items():
        for n, week in enumerate(all_weeks):
            active = round(licensed * min(0.9, 0.2 + n / weeks * 0.7) * rng.uniform(0.9, 1.1))
            active = min(active, licensed)
            usage.append(
                UsageWeek(
                    project=project,
                    week=week,
                    department=name,
                    events=active * 7,
                    active_users=active,
                    mau=min(licensed, round(active * 1.2)),
                    mau_weeks=min(4, n + 1),
                    retained_users=None if week == last else round(active * 0.8),
                )
            )
            features.extend(
                FeatureWeek(
                    project=project,
                    week=week,
                    department=name,
                    feature=feature,
                    events=active * 2,
                    active_users=round(active * 0.6),
                )
                for feature in FEATURES
            )
    UsageWeek.objects.bulk_create(usage, batch_size=5000)
    FeatureWeek.objects.bulk_create(features, batch_size=5000)
    kpis = Kpi.objects.bulk_create(
        Kpi(
            project=project,
            name=f"KPI {n + 1:02d} ({kind.value})",
            kind=kind.value,
            unit=KINDS[kind].unit.value,
            period=KINDS[kind].period.value,
            direction=KINDS[kind].direction.value,
            target=50,
            position=n,
            department=names[0] if n == len(KPI_KINDS) - 1 else "",
        )
        for n, kind in enumerate(KPI_KINDS)
    )
    values = []
    for kpi in kpis:
        if KINDS[Kind(kpi.kind)].derived:
            continue
        periods = (
            all_weeks
            if kpi.period == "week"
            else sorted({period_start(w, "month") for w in all_weeks})
        )
        values.extend(
            KpiValue(kpi=kpi, period=period, value=round(rng.uniform(20, 80), 1))
            for period in periods
        )
    KpiValue.objects.bulk_create(values, batch_size=5000)


def clear(project) -> None:
    """Remove what `fill` made, so a small fill can be followed by a large one."""
    for model in (KpiValue, Kpi, FeatureWeek, UsageWeek, LicensedDepartment):
        model.objects.filter(
            **{"kpi__project" if model is KpiValue else "project": project}
        ).delete()
