"""The public survey page: no login, in the survey's language, nothing kept about visitors.

A link is either an audience's open link (its random token as stored) or a signed
single-use invitation, of which only the hash is stored.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from samspill.core import clock
from samspill.core.privacy import origin_only_referrer
from samspill.core.public_language import public_language, public_render
from samspill.surveys import services, tokens
from samspill.surveys.forms import AnswerForm
from samspill.surveys.models import Audience, LinkMode, Survey, SurveyStatus

# An open link can be answered again and again, so answers per visitor address are capped.
# The address lives only in the cache for the hour, never beside an answer. Generous,
# because a whole office can share one address; invitations are not limited at all.
OPEN_LINK_ANSWERS_PER_HOUR = "120/h"


@dataclass(slots=True)
class Link:
    survey: Survey
    audience: Audience | None  # an open link's; None for an invitation
    token_hash: str | None  # set for invitations


def _resolve(token: str) -> Link:
    if tokens.SEPARATOR not in token:  # open tokens are URL-safe base64, which has no "."
        audience = (
            Audience.objects.select_related("survey__project")
            .filter(open_token=token, survey__link_mode=LinkMode.OPEN)
            .first()
        )
        if audience is None:
            raise Http404
        return Link(audience.survey, audience, None)
    survey_uuid = tokens.survey_of(token)
    if survey_uuid is None:
        raise Http404
    # Whether the invitation is still unused is not looked up here: the page looks the
    # same either way, and answering decides (services.response_submit).
    survey = services.public_survey(survey_uuid)
    if survey is None:
        raise Http404
    return Link(survey, None, tokens.token_hash(token))


def _render(request, survey: Survey, template: str, context: dict, status: int = 200):
    return public_render(
        request, template, {"survey": survey, **context}, language=survey.language, status=status
    )


def _closed_now(survey: Survey) -> bool:
    if survey.status == SurveyStatus.OPEN and survey.closes_on and survey.closes_on < clock.today():
        services.close_due_surveys(project=survey.project)
        survey.refresh_from_db()
    return survey.status != SurveyStatus.OPEN


def _thanks_url(request, token: str) -> str:
    """The thanks page, in the language the visitor chose for the questions (if any)."""
    url = reverse("surveys:thanks", args=[token])
    chosen = request.GET.get("lang", "")
    if chosen in dict(settings.LANGUAGES):
        url += "?" + urlencode({"lang": chosen})
    return url


@origin_only_referrer
def answer(request, token: str):
    link = _resolve(token)
    survey = link.survey
    if _closed_now(survey):
        state = "draft" if survey.status == SurveyStatus.DRAFT else "closed"
        return _render(
            request,
            survey,
            "surveys/public_state.html",
            {"state": state},
            status=410 if state == "closed" else 409,
        )
    # A used invitation looks like an unused one until a complete answer is sent with it:
    # otherwise whoever holds the mail-merge list could watch one person's link turn
    # "used" and compare the results from just before and after.
    with translation.override(public_language(request, survey.language)):
        form = AnswerForm(request.POST or None, survey=survey)
        if request.method == "POST":
            limited = link.token_hash is None and is_ratelimited(
                request,
                group="surveys.open_link",
                key="ip",
                rate=OPEN_LINK_ANSWERS_PER_HOUR,
                method="POST",
                increment=True,
            )
            if limited:
                form.add_error(
                    None, _("Many answers came from here in the last hour; try again later.")
                )
            elif form.is_valid():
                try:
                    services.response_submit(
                        survey=survey,
                        audience=link.audience,
                        token_hash=link.token_hash,
                        **form.answer(),
                    )
                except services.LinkUsed:
                    return _render(
                        request, survey, "surveys/public_state.html", {"state": "used"}, status=410
                    )
                except services.SurveyNotOpen:
                    return _render(
                        request,
                        survey,
                        "surveys/public_state.html",
                        {"state": "closed"},
                        status=410,
                    )
                return redirect(_thanks_url(request, token))
        context = {
            "form": form,
            # Named only on open links: an invitation's audience would tell used from unused.
            "audience": link.audience if link.token_hash is None else None,
            "open_link": link.token_hash is None,
            "catalog": form.catalog,
            "public_language_switch": True,
        }
        status = 400 if form.is_bound and form.errors else 200
        return render(request, "surveys/answer.html", {"survey": survey, **context}, status=status)


@origin_only_referrer
def thanks(request, token: str):
    link = _resolve(token)
    return _render(request, link.survey, "surveys/public_state.html", {"state": "thanks"})
