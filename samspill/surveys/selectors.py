"""Reads of survey results that pages, the KPI dashboard and reports share.

Every figure is computed from released answers only (`Response.release` set; see
docs/surveys.md, "Releases") and goes through method.surveys' masking, one survey at a
time. The trend only puts the per-survey cells side by side and never adds surveys up, so
the per-survey mask is all it needs (docs/surveys.md).
"""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from method.surveys import (
    Answer,
    NpsResult,
    Results,
    nps_breakdown,
    shown_counts,
    survey_questions,
    survey_results,
)
from samspill.core.subqueries import sum_of
from samspill.surveys.models import POOLED, Audience, Response, Survey, SurveyStatus

RESULTS_CACHE_SECONDS = 60 * 60


def released(survey_ids) -> QuerySet[Response]:
    """The answers owners may see: those of a release, never one still waiting."""
    return Response.objects.filter(survey_id__in=survey_ids, release__isnull=False)


def release_marker(project) -> int:
    """How many of the project's answers were released, from one small row per survey.
    Answers and releases are never audited, so the project version does not move with
    them; this number does: each release raises its survey's count in the release's own
    transaction, and removing answers (a survey deleted) is audited. Read models that show
    survey figures add it to their cache key (audit/readcache.py)."""
    return Survey.objects.filter(project=project).aggregate(n=Sum("released_answers"))["n"] or 0


def release_marker_of(project_ref: OuterRef) -> Coalesce:
    """release_marker as a subquery of a query over projects (`project_ref` their pk)."""
    return sum_of(Survey.objects.filter(project=project_ref), "released_answers")


def answers_of(survey: Survey, labels: dict[int, str]) -> tuple[list[Answer], list[Answer]]:
    """The survey's released answers as method.surveys wants them, per audience and pooled
    at close (`labels` maps audience ids)."""
    nps_key = survey_questions(survey.language).nps_key
    answers: list[Answer] = []
    pooled: list[Answer] = []
    rows = released([survey.pk]).values_list(
        "audience_id", "answered_on", "nps", "scores", "comment", "release"
    )
    for audience_id, day, score, scores, comment, release in rows.iterator(chunk_size=2000):
        label = labels[audience_id]
        into = pooled if release == POOLED else answers
        into.append(Answer(label, day, nps_key, score))
        into.extend(Answer(label, day, key, value) for key, value in scores.items())
        if comment:
            into.append(Answer(label, day, "comment", comment))
    return answers, pooled


def results_of(survey: Survey, labels: dict[int, str]) -> Results:
    """The masked results of the released answers, cached: releases only ever add answers,
    so their number, k and the audiences' names say whether a cached result still holds."""
    count = released([survey.pk]).count()
    names = hashlib.sha256(repr(sorted(labels.items())).encode()).hexdigest()[:16]
    key = f"surveys:results:{survey.uuid}:{count}:{survey.k}:{survey.language}:{names}"
    results = cache.get(key)
    if results is None:
        nps_key = survey_questions(survey.language).nps_key
        answers, pooled = answers_of(survey, labels)
        results = survey_results(answers, nps_key=nps_key, k=survey.k, pooled=pooled)
        cache.set(key, results, RESULTS_CACHE_SECONDS)
    return results


def answer_counts(survey: Survey) -> dict[str, int]:
    """Every answer per audience label, released or waiting."""
    rows = (
        Response.objects.filter(survey=survey)
        .values_list("audience__label")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def masked_answer_counts(survey: Survey, labels) -> tuple[dict[str, int | None], int | None]:
    """Answers per audience as the owner may see them: None stands for "fewer than k"."""
    counts = answer_counts(survey)
    return shown_counts({label: counts.get(label, 0) for label in labels}, survey.k)


@dataclass(frozen=True, slots=True)
class Arrivals:
    """Answers per audience label, released or not, and those still waiting (one query)."""

    arrived: dict[str, int]
    waiting: dict[str, int]

    def waiting_shown(self, labels, k: int) -> tuple[dict[str, int | None], int | None]:
        """Waiting answers for "n answers are waiting", shown only where the detail page
        shows the count of answers (`shown_counts`; None: not shown): a waiting count of
        an audience under k would tell its exact size."""
        shown, total = shown_counts({label: self.arrived.get(label, 0) for label in labels}, k)
        per_audience = {
            label: None if shown[label] is None else self.waiting.get(label, 0) for label in labels
        }
        return per_audience, None if total is None else sum(self.waiting.values())


def arrivals(survey: Survey) -> Arrivals:
    rows = (
        Response.objects.filter(survey=survey)
        .values_list("audience__label")
        .annotate(
            n=Count("id"),
            waiting=ExpressionWrapper(Q(release__isnull=True), output_field=BooleanField()),
        )
        .order_by()
    )
    arrived: dict[str, int] = defaultdict(int)
    waiting: dict[str, int] = {}
    for label, n, is_waiting in rows:
        arrived[label] += n
        if is_waiting:
            waiting[label] = n
    return Arrivals(dict(arrived), waiting)


def release_counts(survey: Survey) -> list[tuple[int, int | None, int]]:
    """(audience id, release, answers) of the survey: which answers are released, in one
    pass over the (survey, audience, release) index, no join. It keys the cached results
    page (a release only ever adds answers, so the counts name the released set)."""
    return list(
        Response.objects.filter(survey=survey)
        .values_list("audience_id", "release")
        .annotate(n=Count("pk"))
        .order_by("audience_id", "release")
    )


def unused_counts(survey: Survey) -> dict[str, int]:
    """Unused invitations per audience label. Shown only beside an unmasked answer count:
    links issued minus unused is the answer count."""
    rows = survey.invitations.values_list("audience__label").annotate(n=Count("id")).order_by()
    return dict(rows)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    survey: Survey
    day: dt.date
    overall: NpsResult | None  # None when masked
    cells: dict[str, NpsResult | None]  # by audience label; None when masked


def nps_trend(project) -> list[TrendPoint]:
    """NPS per open or closed survey, overall and per audience, oldest first. Three queries."""
    surveys = {
        s.pk: s
        for s in Survey.objects.filter(
            project=project, status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED]
        )
    }
    labels = dict(Audience.objects.filter(survey_id__in=list(surveys)).values_list("id", "label"))
    tallies: dict[int, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    pooled: dict[int, dict[int, int]] = defaultdict(dict)
    # Grouped by the audience's id, not its label: the index then answers on its own.
    rows = (
        released(list(surveys))
        .values_list("survey_id", "audience_id", "nps")
        .annotate(
            n=Count("*"),
            pooled=ExpressionWrapper(Q(release=POOLED), output_field=BooleanField()),
        )
        .order_by()
    )
    for survey_id, audience_id, score, n, at_close in rows:
        if at_close:
            pooled[survey_id][score] = pooled[survey_id].get(score, 0) + n
        else:
            tally = tallies[survey_id][labels[audience_id]]
            tally[score] = tally.get(score, 0) + n
    points = []
    for survey_id, survey in surveys.items():
        cells, overall = nps_breakdown(
            tallies.get(survey_id, {}), survey.k, pooled=pooled.get(survey_id)
        )
        points.append(TrendPoint(survey, survey.day, overall, dict(sorted(cells.items()))))
    points.sort(key=lambda p: (p.day, p.survey.created_at))
    return points


def nps_points(project) -> list[tuple[dt.date, str | None, float]]:
    """For the KPI dashboard: (survey date, audience label or None for the overall, NPS)
    for every survey and audience whose cell is not masked, oldest first."""
    points: list[tuple[dt.date, str | None, float]] = []
    for point in nps_trend(project):
        if point.overall is not None and point.overall.score is not None:
            points.append((point.day, None, point.overall.score))
        for label, result in point.cells.items():
            if result is not None and result.score is not None:
                points.append((point.day, label, result.score))
    return points


def acceptance_summary(project) -> dict | None:
    """For the PDF report: the latest open or closed survey, masked as on its page.

    {"title", "date", "nps" (None if masked), "answers" (None if masked),
     "statements": [{"key", "label", "agree_share" (0–1, None if masked)}]}
    The statement labels are in the survey's language, as the people were asked.
    """
    survey = (
        Survey.objects.filter(project=project, status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED])
        .order_by("-opens_on", "-created_at")
        .first()
    )
    if survey is None:
        return None
    labels = dict(survey.audiences.values_list("id", "label"))
    overall = results_of(survey, labels).overall
    texts = {q.key: q.text for q in survey_questions(survey.language).questions}
    statements = []
    for key in survey.statements:
        result = None if overall.masked else overall.likert.get(key)
        statements.append(
            {
                "key": key,
                "label": texts.get(key, key),
                "agree_share": result.agree_share if result else None,
            }
        )
    return {
        "title": survey.title,
        "date": survey.day,
        "nps": None if overall.masked or overall.nps is None else overall.nps.score,
        "answers": None if overall.masked else overall.count,
        "statements": statements,
    }
