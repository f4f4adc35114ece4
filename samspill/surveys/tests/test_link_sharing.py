"""An open survey link can be copied with one click and shown as a QR code on a poster."""

import re

import segno
from django.urls import reverse

from samspill.surveys import services
from samspill.surveys.tests.conftest import make_survey


def test_an_open_link_has_a_copy_button_and_an_inline_qr_code(client, project, owner):
    survey = make_survey(project, owner, link_mode="open")
    services.survey_open(actor=owner, survey=survey)
    client.force_login(owner)
    page = client.get(reverse("surveys:detail", args=[project.slug, survey.uuid])).content.decode()
    token = survey.audiences.get(label="IT").open_token
    url = "http://testserver" + reverse("surveys:answer", args=[token])
    assert page.count('data-copy="#link-') == survey.audiences.count()
    svgs = re.findall(r'<svg role="img" aria-label="QR code of the survey link for ([^"]+)"', page)
    assert sorted(svgs) == sorted(a.label for a in survey.audiences.all())
    # The code drawn is the link itself: the same matrix segno makes for the URL.
    expected = segno.make(url, error="m", micro=False).svg_inline(scale=4, border=4)
    path = re.search(r'd="([^"]+)"', expected).group(1)
    assert path in page
    assert "/static/surveys/links.js" in page


def test_invitation_surveys_and_closed_ones_show_no_qr_code(client, project, owner):
    survey = make_survey(project, owner)  # single-use invitations: nothing to put on a poster
    services.survey_open(actor=owner, survey=survey)
    client.force_login(owner)
    page = client.get(reverse("surveys:detail", args=[project.slug, survey.uuid])).content.decode()
    assert "<svg" not in page
