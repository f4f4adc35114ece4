"""Survey answers for the benches: many answers fast, and fresh tokens for a POST bench."""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from samspill.surveys import services
from samspill.surveys.models import Response, Survey, SurveyStatus

DEPARTMENTS = ["HR", "Recruitment", "IT", "Finance", "Sales"]


def _survey(project, owner, title: str, opened: dt.date) -> Survey:
    survey = services.survey_create(
        actor=owner,
        project=project,
        title=title,
        language=project.language if project.language in ("en", "nb") else "en",
        statements=services.likert_keys(),
        include_comment=True,
        k=5,
        link_mode="invitations",
        reminder_mode="drop",
        closes_on=None,
        departments=DEPARTMENTS,
    )
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.CLOSED, opens_on=opened)
    survey.refresh_from_db()
    return survey


def fill(project, *, answers: int = 50_000, surveys: int = 12, owner=None) -> list[Survey]:
    """`surveys` closed surveys four weeks apart sharing `answers` answers, bulk-inserted."""
    owner = owner or project.memberships.filter(role="owner").first().user
    rng = random.Random(11)
    today = timezone.localdate()
    made = []
    keys = services.likert_keys()
    for index in range(surveys):
        opened = today - dt.timedelta(weeks=4 * (surveys - index))
        made.append(_survey(project, owner, f"Bench pulse {index + 1}", opened))
    per_survey = answers // surveys
    for index, survey in enumerate(made):
        audiences = list(survey.audiences.all())
        count = per_survey + (answers % surveys if index == surveys - 1 else 0)
        rows = [
            Response(
                survey=survey,
                audience=rng.choice(audiences),
                answered_on=survey.opens_on + dt.timedelta(days=rng.randrange(7)),
                nps=rng.randint(0, 10),
                scores={key: rng.randint(1, 5) for key in keys},
                comment="",
                release=1,  # a finished wave: every answer released
            )
            for _ in range(count)
        ]
        with transaction.atomic():
            Response.objects.bulk_create(rows, batch_size=2000)
    return made


def make_tokens(survey: Survey, n: int) -> list[str]:
    """n fresh unused invitation tokens (plain text) spread over the survey's audiences."""
    owner = survey.created_by or survey.project.memberships.filter(role="owner").first().user
    audiences = list(survey.audiences.all())
    plain: list[str] = []
    for index, audience in enumerate(audiences):
        share = n // len(audiences) + (1 if index < n % len(audiences) else 0)
        for start in range(0, share, services.MAX_LINKS):
            size = min(services.MAX_LINKS, share - start)
            plain += services.invitations_create(
                actor=owner, survey=survey, audience=audience, count=size
            )
    return plain


def answer_form_data(survey: Survey) -> dict:
    """A valid POST body for one answer (the CSRF token aside)."""
    data = {"nps": "8", "comment": ""}
    for key in survey.statements:
        data[f"s_{key}"] = "4"
    return data
