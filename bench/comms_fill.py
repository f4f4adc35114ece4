"""A busy communication plan and objection log for the bench, written in bulk."""

import datetime as dt
import random

from samspill.comms.models import Communication, Message
from samspill.objections.models import Objection

TEXTS = [
    "Will this tool replace people in recruitment?",
    "Who can see the personal data of applicants?",
    "The licence costs too much for what it does.",
    "Another system to learn on top of everything else.",
    "Will it treat older applicants fairly?",
    "I do not want my work to be monitored all day.",
]


def fill_comms(project, user, *, communications: int, objections: int, today: dt.date) -> None:
    rng = random.Random(7)
    groups = list(project.stakeholder_groups.all())
    message = Message.objects.create(
        project=project,
        audience="employees",
        title="Bench message",
        body="Nobody loses their job because of {tool}.\n\nNo individual monitoring.",
    )
    created = Communication.objects.bulk_create(
        Communication(
            project=project,
            title=f"Communication {n}",
            date=today + dt.timedelta(days=rng.randint(-60, 60)),
            channel=rng.choice(["meeting", "email", "intranet", "workshop", "town_hall"]),
            status=rng.choice(["planned", "sent", "done"]),
            owner=user,
            message=message if n % 3 == 0 else None,
        )
        for n in range(communications)
    )
    through = Communication.groups.through
    through.objects.bulk_create(
        through(communication_id=c.pk, stakeholdergroup_id=rng.choice(groups).pk) for c in created
    )
    Objection.objects.bulk_create(
        Objection(
            project=project,
            text=rng.choice(TEXTS),
            raised_on=today - dt.timedelta(days=rng.randint(0, 90)),
            group=rng.choice(groups),
            category=rng.choice(["job_security", "privacy", "cost", "workload"]),
            status=rng.choice(["open", "answered", "resolved"]),
            answer="We answered.",
            logged_by=user,
        )
        for _ in range(objections)
    )
