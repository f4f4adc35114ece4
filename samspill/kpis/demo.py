"""Demo data for acceptance measurement: twelve weeks of usage in four departments, KPIs
with values (one of them below its target) and three success stories."""

import random
from datetime import timedelta

from method.kpis import period_start
from samspill.core import clock
from samspill.kpis import services
from samspill.kpis.models import FeatureWeek, UsageWeek

DEPARTMENTS = {  # name: (licensed users, share active at the start, at the end)
    "en": {
        "Recruitment": (40, 0.35, 0.8),
        "Payroll": (25, 0.2, 0.55),
        "HR advisory": (30, 0.3, 0.7),
        "Learning": (12, 0.25, 0.6),
    },
    "nb": {
        "Rekruttering": (40, 0.35, 0.8),
        "Lønn": (25, 0.2, 0.55),
        "HR-rådgivning": (30, 0.3, 0.7),
        "Kompetanse": (12, 0.25, 0.6),
    },
}
FEATURES = ("cv_summary", "interview_questions", "chat")
TEXTS = {
    "en": {
        "adoption": "Adoption rate",
        "stickiness": "Weekly use (stickiness)",
        "tickets": "Support tickets",
        "attendance": "Attendance at team meetings",
        "stories": "Success stories",
        "stories_list": [
            (
                "Shortlist in a morning",
                "We had 180 applications for the trainee programme. "
                "The summaries let us agree on a shortlist before lunch, and we still read every "
                "CV we were unsure about.",
                True,
            ),
            (
                "Better interview questions",
                "The suggested questions made our interviews more "
                "alike across candidates, which felt fairer.",
                True,
            ),
            (
                "Payroll questions answered faster",
                "New employees get an answer about their first payslip the same day.",
                False,
            ),
        ],
    },
    "nb": {
        "adoption": "Bruksgrad",
        "stickiness": "Ukentlig bruk (stickiness)",
        "tickets": "Supporthenvendelser",
        "attendance": "Oppmøte på teammøter",
        "stories": "Suksesshistorier",
        "stories_list": [
            (
                "Kortliste på en formiddag",
                "Vi fikk 180 søknader til traineeprogrammet. "
                "Sammendragene gjorde at vi ble enige om en kortliste før lunsj, og vi leste "
                "fortsatt hver CV vi var usikre på.",
                True,
            ),
            (
                "Bedre intervjuspørsmål",
                "De foreslåtte spørsmålene gjorde intervjuene mer like "
                "fra kandidat til kandidat, og det føltes mer rettferdig.",
                True,
            ),
            ("Raskere svar om lønn", "Nyansatte får svar om første lønnsslipp samme dag.", False),
        ],
    },
}


def _usage(project, departments: dict, weeks: list) -> None:
    rng = random.Random(7)  # noqa: S311 (demo figures, not secrets)
    rows, features = [], []
    for dept, (licensed, first, last) in departments.items():
        previous = 0
        for n, week in enumerate(weeks):
            share = first + (last - first) * n / (len(weeks) - 1)
            active = max(0, round(licensed * share + rng.uniform(-2, 2)))
            mau = min(licensed, round(active * rng.uniform(1.15, 1.4)))
            retained = round(previous * rng.uniform(0.7, 0.9)) if previous else 0
            if rows and rows[-1].department == dept:
                rows[-1].retained_users = min(retained, rows[-1].active_users, active)
            rows.append(
                UsageWeek(
                    project=project,
                    week=week,
                    department=dept,
                    events=active * 9,
                    active_users=active,
                    mau=max(mau, active),
                    mau_weeks=min(4, n + 1),
                    retained_users=None,
                )
            )
            for feature in FEATURES:
                users = round(active * rng.uniform(0.3, 0.9))
                if users:
                    features.append(
                        FeatureWeek(
                            project=project,
                            week=week,
                            department=dept,
                            feature=feature,
                            events=users * 3,
                            active_users=users,
                        )
                    )
            previous = active
    UsageWeek.objects.bulk_create(rows)
    FeatureWeek.objects.bulk_create(features)


def demo_seed(*, project, owner, language: str) -> None:
    language = "nb" if language == "nb" else "en"
    text, departments = TEXTS[language], DEPARTMENTS[language]
    today = clock.today()
    last_week = period_start(today, "week") - timedelta(weeks=1)
    weeks = [last_week - timedelta(weeks=11 - n) for n in range(12)]
    _usage(project, departments, weeks)
    for name, (licensed, _first, _last) in departments.items():
        services.licensed_department_save(
            actor=owner, project=project, name=name, licensed_users=licensed
        )
    create = services.kpi_create
    create(actor=owner, project=project, name=text["adoption"], kind="adoption_rate", target=70)
    create(actor=owner, project=project, name=text["stickiness"], kind="stickiness", target=60)
    create(actor=owner, project=project, name=text["stories"], kind="success_stories", target=2)
    tickets = create(
        actor=owner, project=project, name=text["tickets"], kind="support_tickets", target=10
    )
    attendance = create(
        actor=owner,
        project=project,
        name=text["attendance"],
        kind="meeting_attendance",
        target=80,
    )
    for n, week in enumerate(weeks):
        services.kpi_value_set(actor=owner, kpi=tickets, period=week, value=max(4, 22 - 1.5 * n))
    month = period_start(today, "month")
    for n, value in enumerate((71, 66, 62)):  # below the target of 80 on purpose
        day = (month - timedelta(days=31 * (2 - n))).replace(day=1)
        services.kpi_value_set(actor=owner, kpi=attendance, period=day, value=value)
    for n, (title, body, share) in enumerate(text["stories_list"]):
        services.story_create(
            actor=owner,
            project=project,
            told_on=today - timedelta(days=9 + 17 * n),
            title=title,
            text=body,
            department=list(departments)[(0, 0, 1)[n]],
            group=None,
            told_by="",
            share_externally=share,
        )
