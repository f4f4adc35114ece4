import pytest

from samspill.surveys import services


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def site_url(settings):
    # Django's test set-up already swaps in the in-memory mail backend (mail.outbox).
    settings.SITE_URL = "https://samspill.example"


def make_survey(project, owner, **values):
    defaults = {
        "title": "Pulse 1",
        "language": "en",
        "statements": ["helps_work", "trust_data"],
        "include_comment": True,
        "k": 5,
        "link_mode": "invitations",
        "reminder_mode": "drop",
        "closes_on": None,
        "departments": ["HR", "Recruitment", "IT"],
    }
    return services.survey_create(actor=owner, project=project, **(defaults | values))


def answer(survey, label, nps=9, score=4, comment="", day=None):
    audience = survey.audiences.get(label=label)
    services.response_submit(
        survey=survey,
        audience=audience,
        nps=nps,
        scores=dict.fromkeys(survey.statements, score),
        comment=comment,
        day=day,
    )


@pytest.fixture
def survey(project, owner):
    return make_survey(project, owner)


@pytest.fixture
def open_survey(survey, owner):
    services.survey_open(actor=owner, survey=survey)
    return survey


def form_data(survey, nps="9", score="4", comment=""):
    data = {"nps": nps, "comment": comment}
    data |= {f"s_{key}": score for key in survey.statements}
    return data
