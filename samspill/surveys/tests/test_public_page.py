"""The public page: single-use invitations, open links, refusals, validation, language."""

import pytest
from django.urls import reverse

from samspill.surveys import services
from samspill.surveys.models import Invitation, Response
from samspill.surveys.tests.conftest import form_data


def _link(survey, owner, label="HR"):
    audience = survey.audiences.get(label=label)
    token = services.invitations_create(actor=owner, survey=survey, audience=audience, count=1)[0]
    return reverse("surveys:answer", args=[token])


def test_an_invitation_answers_once_and_the_second_submit_is_refused(client, open_survey, owner):
    url = _link(open_survey, owner)
    page = client.get(url)
    assert page.status_code == 200
    assert "How likely is it that you would recommend" in page.content.decode()
    response = client.post(url, form_data(open_survey))
    assert response.status_code == 302
    assert response["Location"].endswith("/thanks/")
    assert "Thank you" in client.get(response["Location"]).content.decode()
    assert Response.objects.count() == 1
    assert Invitation.objects.count() == 0  # the used invitation is gone
    again = client.post(url, form_data(open_survey))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    # Opening it, or sending an incomplete answer, looks exactly as for an unused link.
    unused = services.invitations_create(
        actor=owner, survey=open_survey, audience=open_survey.audiences.first(), count=1
    )[0]
    for probe in (url, f"/s/{unused}/"):
        assert client.get(probe).status_code == 200
        assert client.post(probe, {"nps": ""}).status_code == 400
    assert _visible(client.get(url)) == _visible(client.get(f"/s/{unused}/"))
    assert Response.objects.count() == 1


def test_a_tampered_or_made_up_token_is_not_found(client, open_survey, owner):
    url = _link(open_survey, owner)
    token = url.split("/")[-2]
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.get(reverse("surveys:answer", args=[tampered])).status_code == 404
    assert client.get(reverse("surveys:answer", args=["made-up"])).status_code == 404
    assert (
        client.post(reverse("surveys:answer", args=[tampered]), form_data(open_survey)).status_code
        == 404
    )
    assert Response.objects.count() == 0


def test_bad_input_keeps_what_was_entered_and_saves_nothing(client, open_survey, owner):
    url = _link(open_survey, owner)
    data = form_data(open_survey, comment="Keep this text")
    del data["nps"]
    data["s_helps_work"] = "9"
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a number from 0 to 10." in page
    assert "Keep this text" in page
    assert 'name="s_trust_data" value="4" required id="id_s_trust_data_3" checked' in page or (
        'value="4"' in page and "checked" in page
    )
    assert Response.objects.count() == 0
    assert Invitation.objects.count() == 1  # the link still works


def test_draft_and_closed_surveys_say_so(client, survey, owner):
    url = _link(survey, owner)
    draft = client.get(url)
    assert draft.status_code == 409 and "not opened yet" in draft.content.decode()
    services.survey_open(actor=owner, survey=survey)
    services.survey_close(actor=owner, survey=survey)
    closed = client.post(url, form_data(survey))
    assert closed.status_code == 410 and "closed" in closed.content.decode()
    assert Response.objects.count() == 0


def test_the_page_speaks_the_surveys_language(client, project, owner):
    from samspill.surveys.tests.conftest import make_survey

    survey = make_survey(project, owner, language="nb")
    services.survey_open(actor=owner, survey=survey)
    page = client.get(_link(survey, owner)).content.decode()
    assert '<html lang="nb">' in page
    assert "Hvor sannsynlig" in page or "anbefale" in page


def test_the_public_form_is_csrf_protected(open_survey, owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post(_link(open_survey, owner), form_data(open_survey)).status_code == 403
    assert Response.objects.count() == 0


def test_an_open_link_takes_many_answers_and_is_rate_limited(client, project, owner, settings):
    from samspill.surveys import public
    from samspill.surveys.tests.conftest import make_survey

    survey = make_survey(project, owner, link_mode="open")
    services.survey_open(actor=owner, survey=survey)
    url = reverse("surveys:answer", args=[survey.audiences.get(label="IT").open_token])
    public.OPEN_LINK_ANSWERS_PER_HOUR = "3/h"
    try:
        for _ in range(3):
            assert client.post(url, form_data(survey)).status_code == 302
        assert Response.objects.filter(audience__label="IT").count() == 3
        limited = client.post(url, form_data(survey))
    finally:
        public.OPEN_LINK_ANSWERS_PER_HOUR = "120/h"
    assert limited.status_code == 400
    assert "try again later" in limited.content.decode()
    assert Response.objects.count() == 3


def test_invitations_are_not_rate_limited(client, open_survey, owner):
    audience = open_survey.audiences.get(label="HR")
    plain = services.invitations_create(actor=owner, survey=open_survey, audience=audience, count=8)
    from samspill.surveys import public

    public.OPEN_LINK_ANSWERS_PER_HOUR = "2/h"
    try:
        for token in plain:
            url = reverse("surveys:answer", args=[token])
            assert client.post(url, form_data(open_survey)).status_code == 302
    finally:
        public.OPEN_LINK_ANSWERS_PER_HOUR = "120/h"
    assert Response.objects.count() == 8


def test_an_open_link_of_an_invitation_survey_does_not_work(client, open_survey):
    token = open_survey.audiences.first().open_token
    assert client.get(reverse("surveys:answer", args=[token])).status_code == 404


@pytest.mark.parametrize("nps", ["11", "-1", "x"])
def test_out_of_range_scores_are_refused(client, open_survey, owner, nps):
    response = client.post(_link(open_survey, owner), form_data(open_survey, nps=nps))
    assert response.status_code == 400
    assert Response.objects.count() == 0


def _visible(response) -> str:
    """The page without its CSRF tokens and script nonce, which differ on every request."""
    import re

    page = re.sub(r'(value|nonce)="[^"]+"', "", response.content.decode())
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", page)


@pytest.mark.parametrize(("chosen", "heading"), [("nb", "Takk"), ("en", "Thank you")])
def test_the_thanks_page_keeps_the_language_the_visitor_chose(
    client, project, owner, chosen, heading
):
    from samspill.surveys.tests.conftest import make_survey

    # The survey speaks the other language; the visitor switched with ?lang=.
    survey = make_survey(project, owner, language="en" if chosen == "nb" else "nb")
    services.survey_open(actor=owner, survey=survey)
    url = _link(survey, owner) + f"?lang={chosen}"
    response = client.post(url, form_data(survey))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/thanks/?lang={chosen}")
    page = client.get(response["Location"]).content.decode()
    assert f'<html lang="{chosen}">' in page
    assert f"<h1>{heading}</h1>" in page


def test_a_made_up_language_is_not_carried_to_the_thanks_page(client, open_survey, owner):
    response = client.post(_link(open_survey, owner) + "?lang=xx", form_data(open_survey))
    assert response.status_code == 302
    assert response["Location"].endswith("/thanks/")
