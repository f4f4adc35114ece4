"""The agreement's controls over two years of weeks and 200,000 cases (issue 20).

Measured: building the weekly facts from the database and evaluating every default control
over them (what the controls page and the weekly cron need), and the full evaluation run
that also stores each week's verdict. The reference is reading the same rows the facts are
built from (every case's day, decisions, arm and minutes; every usage week), in the same run.

Run alone: .venv/bin/python -m bench.controls
"""

import datetime as dt
import random
import statistics
import time

CASES = 200_000
WEEKS = 104
DEPARTMENTS = 20


def fill(project, *, cases: int = CASES, weeks: int = WEEKS) -> None:
    from samspill.kpis.models import UsageWeek
    from samspill.pilot.models import PilotCase

    rng = random.Random(20)
    today = dt.date.today()
    start = today - dt.timedelta(weeks=weeks - 1, days=today.weekday())
    rows = []
    for n in range(cases):
        ai = rng.choice(["advance", "reject"])
        human = ai if rng.random() < 0.95 else ("advance" if ai == "reject" else "reject")
        rows.append(
            PilotCase(
                project=project,
                case_key=f"{n:016x}",
                decided_on=start + dt.timedelta(days=rng.randrange(weeks * 7)),
                department=f"Department {n % DEPARTMENTS}",
                arm="pilot",
                ai_decision=ai,
                human_decision="" if rng.random() < 0.0005 else human,
                minutes=round(abs(rng.gauss(4, 2)), 1),
                production=True,
            )
        )
    PilotCase.objects.bulk_create(rows, batch_size=5000)
    UsageWeek.objects.bulk_create(
        UsageWeek(
            project=project,
            week=start + dt.timedelta(weeks=w),
            department=f"Department {d}",
            events=rng.randrange(100, 5000),
            active_users=rng.randrange(5, 80),
            mau=80,
        )
        for w in range(weeks)
        for d in range(DEPARTMENTS)
    )


def _median(make, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        begin = time.perf_counter()
        make()
        samples.append(time.perf_counter() - begin)
    return statistics.median(samples)


def controls_figures(user, rounds: int = 3) -> dict:
    from method import controls as rules
    from samspill.controls.selectors import week_facts
    from samspill.controls.services import controls_evaluate
    from samspill.kpis.models import UsageWeek
    from samspill.pilot.models import PilotCase
    from samspill.projects.services import project_create

    today = dt.date.today()
    project = project_create(
        actor=user,
        name="Controls bench",
        ai_tool="Tool",
        start_date=today - dt.timedelta(weeks=WEEKS),
    )
    fill(project)

    def evaluate_all():
        history = week_facts(project)
        return [rules.evaluate(d.rule, history) for d in rules.DEFAULTS]

    def read_rows():
        cases = list(
            PilotCase.objects.filter(project=project).values_list(
                "decided_on", "arm", "ai_decision", "human_decision", "minutes"
            )
        )
        usage = list(
            UsageWeek.objects.filter(project=project).values_list(
                "week", "department", "active_users"
            )
        )
        return len(cases) + len(usage)

    evaluate_all()  # warm
    evaluate_seconds = _median(evaluate_all, rounds)
    reference_seconds = _median(read_rows, rounds)
    first_run = _median(lambda: controls_evaluate(actor=user, project=project), 1)
    again = _median(lambda: controls_evaluate(actor=user, project=project), rounds)
    return {
        "cases": CASES,
        "weeks": len(week_facts(project)),
        "controls": len(rules.DEFAULTS),
        "evaluate_seconds": round(evaluate_seconds, 3),
        "reference_seconds": round(reference_seconds, 3),
        "ratio": round(evaluate_seconds / reference_seconds, 2),
        "store_first_seconds": round(first_run, 3),
        "store_again_seconds": round(again, 3),
    }


def print_figures(figures: dict) -> None:
    print(
        f"\nAgreement controls: {figures['controls']} default controls over "
        f"{figures['weeks']} weeks and {figures['cases']:,} cases (median of 3): "
        f"{figures['evaluate_seconds']:.3f} s to build the weekly facts and evaluate; "
        f"reference, reading the same rows: {figures['reference_seconds']:.3f} s "
        f"(ratio {figures['ratio']:.2f}); storing every verdict: "
        f"{figures['store_first_seconds']:.2f} s first, "
        f"{figures['store_again_seconds']:.2f} s again"
    )


if __name__ == "__main__":
    from django.contrib.auth import get_user_model

    from bench.__main__ import setup_django

    setup_django()
    user = get_user_model().objects.create_user("bench", password="bench-password-123")  # noqa: S106
    print_figures(controls_figures(user))
