"""Demo surveys: two closed pulse waves a few weeks apart, answered through the services.

One audience stays under k, so the demo shows what a masked group looks like.
"""

import datetime as dt
import random

from samspill.core import clock
from samspill.surveys import services
from samspill.surveys.models import Survey

COMMENTS = {
    "en": [
        "I worry the tool will be used to cut jobs in our team.",
        "Will a person still check every rejection it suggests?",
        "Who can see the data it collects about us?",
        "I would like more training before we rely on it.",
        "The suggestions are sometimes unfair to older applicants.",
        "It is hard to understand why it ranks candidates as it does.",
    ],
    "nb": [
        "Jeg er bekymret for at verktøyet skal brukes til å kutte stillinger.",
        "Vil en person fortsatt sjekke hvert avslag den foreslår?",
        "Hvem kan se dataene det samler inn om oss?",
        "Jeg vil gjerne ha mer opplæring før vi stoler på det.",
        "Forslagene er noen ganger urettferdige mot eldre søkere.",
        "Det er vanskelig å forstå hvorfor det rangerer kandidatene slik.",
    ],
}
TITLES = {"en": "Pulse survey {n}", "nb": "Pulsundersøkelse {n}"}
# (audience, answers in wave 1, answers in wave 2, mood: higher is happier)
AUDIENCES = [("HR", 9, 11, 0.5), ("Recruitment", 7, 8, 0.0), ("IT", 3, 4, 0.8)]


def _score(rng: random.Random, mood: float, low: int, high: int) -> int:
    value = rng.gauss((low + high) / 2 + mood * (high - low) / 4, (high - low) / 4)
    return max(low, min(high, round(value)))


def demo_seed(*, project, owner, language: str) -> list[Survey]:
    """Create the two demo surveys for `project`; idempotent enough to run once per load."""
    language = language if language in COMMENTS else "en"
    rng = random.Random(7)  # noqa: S311 - demo data, not security
    today = clock.today()
    surveys = []
    for wave, opened in enumerate((today - dt.timedelta(days=42), today - dt.timedelta(days=14))):
        survey = services.survey_create(
            actor=owner,
            project=project,
            title=TITLES[language].format(n=wave + 1),
            language=language,
            statements=services.likert_keys(),
            include_comment=True,
            k=5,
            link_mode="invitations",
            reminder_mode="drop",
            closes_on=None,
            departments=[name for name, *_ in AUDIENCES],
        )
        services.survey_open(actor=owner, survey=survey)
        audiences = {a.label: a for a in survey.audiences.all()}
        for name, first, second, mood in AUDIENCES:
            mood += 0.4 * wave  # the second wave is a little happier
            for _ in range(first if wave == 0 else second):
                services.response_submit(
                    survey=survey,
                    audience=audiences[name],
                    nps=_score(rng, mood, 0, 10),
                    scores={key: _score(rng, mood, 1, 5) for key in survey.statements},
                    comment=rng.choice(COMMENTS[language]) if rng.random() < 0.5 else "",
                    day=opened + dt.timedelta(days=rng.randrange(7)),
                )
        services.survey_close(actor=owner, survey=survey)
        # The dates the demo tells: opened weeks ago, closed a week later. Through the
        # service, so the trail records them and `audit reconcile` finds nothing amiss.
        services._status_change(
            actor=owner, survey=survey, opens_on=opened, closes_on=opened + dt.timedelta(days=7)
        )
        surveys.append(survey)
    return surveys
