"""The pilot report for 100,000 cases: read from the database and computed, as the CLI does.

The reference is the least any report must do, measured on the same cases in the same run:
one pass counting (arm, AI decision, human decision).
"""

import datetime as dt
import random
import statistics
import time
from collections import Counter

from method.pilot import pilot_report, report_json
from samspill.pilot.models import PilotCase
from samspill.pilot.services import stored_cases

CASES = 100_000


def fill_cases(project, count: int = CASES) -> None:
    rng = random.Random(11)
    start = dt.date.today() - dt.timedelta(weeks=26)
    rows = []
    for n in range(count):
        arm = "pilot" if n % 5 else "control"
        age = rng.choice(["18-29", "30-44", "45-54", "55+"])
        human = "advance" if rng.random() < (0.3 if age == "55+" else 0.4) else "reject"
        ai = (
            (human if rng.random() < 0.9 else rng.choice(["advance", "reject"]))
            if arm == "pilot"
            else ""
        )
        rows.append(
            PilotCase(
                project=project,
                case_key=f"{n:016x}",
                decided_on=start + dt.timedelta(days=rng.randrange(182)),
                department=rng.choice(["Recruitment", "Customer service", "Finance", "IT"]),
                arm=arm,
                ai_decision=ai,
                human_decision=human,
                minutes=round(rng.gauss(9 if arm == "pilot" else 18, 3), 1),
                attributes={"gender": rng.choice(["f", "m"]), "age_band": age},
            )
        )
    PilotCase.objects.bulk_create(rows, batch_size=5000)


def pilot_figures(project, rounds: int = 3) -> dict:
    fill_cases(project)

    def median(make) -> float:
        samples = []
        for _ in range(rounds):
            begin = time.perf_counter()
            make()
            samples.append(time.perf_counter() - begin)
        return round(statistics.median(samples), 3)

    cases = stored_cases(project)
    return {
        "cases": len(cases),
        "report_seconds": median(lambda: report_json(pilot_report(stored_cases(project)))),
        "compute_seconds": median(lambda: report_json(pilot_report(cases))),
        "reference_seconds": median(
            lambda: Counter((c.arm, c.ai_decision, c.human_decision) for c in cases)
        ),
        # The yardstick: the same rows read bare, nothing built from them.
        "bare_read_seconds": median(lambda: _bare_read(project)),
    }


def _bare_read(project) -> int:
    rows = PilotCase.objects.filter(project=project, production=False).values_list(
        "case_key", "decided_on", "department", "arm", "ai_decision", "human_decision",
        "minutes", "attributes",
    )  # fmt: skip
    return sum(1 for _row in rows.iterator(chunk_size=5000))
