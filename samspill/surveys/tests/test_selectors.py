"""The contract with the KPI dashboard and the PDF report, the demo data and the bench fill."""

import datetime as dt

import pytest
from django.urls import reverse

from samspill.surveys import services
from samspill.surveys.models import Response, Survey
from samspill.surveys.selectors import acceptance_summary, nps_points
from samspill.surveys.tests.conftest import answer, make_survey


def _wave(project, owner, title, opened, hr, it, nps_hr=10, nps_it=0):
    survey = make_survey(project, owner, title=title)
    services.survey_open(actor=owner, survey=survey)
    Survey.objects.filter(pk=survey.pk).update(opens_on=opened)
    survey.refresh_from_db()
    for _ in range(hr):
        answer(survey, "HR", nps=nps_hr, score=5)
    for _ in range(it):
        answer(survey, "IT", nps=nps_it, score=1)
    return survey


def test_nps_points_are_unmasked_cells_oldest_first(project, owner):
    _wave(project, owner, "Later", dt.date(2026, 10, 1), hr=5, it=5)
    _wave(project, owner, "Earlier", dt.date(2026, 9, 1), hr=6, it=2)
    make_survey(project, owner, title="Draft, never counted")
    points = nps_points(project)
    # September is still open: HR's first 5 answers are released, its sixth and IT's two
    # wait for k - 1 more, so neither moves a figure (docs/surveys.md, "Releases").
    assert points == [
        (dt.date(2026, 9, 1), None, 100.0),
        (dt.date(2026, 9, 1), "HR", 100.0),
        (dt.date(2026, 10, 1), None, 0.0),
        (dt.date(2026, 10, 1), "HR", 100.0),
        (dt.date(2026, 10, 1), "IT", -100.0),
    ]
    assert all(isinstance(point[2], float) for point in points)


def test_nps_points_of_a_project_without_surveys_is_empty(project):
    assert nps_points(project) == []


def test_nps_points_reads_in_three_queries_however_many_surveys(
    project, owner, django_assert_num_queries
):
    for month in range(1, 5):
        _wave(project, owner, f"W{month}", dt.date(2026, month, 1), hr=5, it=5)
    with django_assert_num_queries(3):
        nps_points(project)


def test_acceptance_summary_of_the_latest_survey(project, owner):
    assert acceptance_summary(project) is None
    _wave(project, owner, "Earlier", dt.date(2026, 9, 1), hr=6, it=0)
    _wave(project, owner, "Latest", dt.date(2026, 10, 1), hr=3, it=1)
    summary = acceptance_summary(project)
    assert summary["title"] == "Latest" and summary["date"] == dt.date(2026, 10, 1)
    assert summary["nps"] is None and summary["answers"] is None  # 4 answers < k
    assert [s["key"] for s in summary["statements"]] == ["helps_work", "trust_data"]
    assert summary["statements"][0]["label"] == "The tool helps me in my work"
    assert all(s["agree_share"] is None for s in summary["statements"])
    latest = Survey.objects.get(title="Latest")
    answer(latest, "HR", nps=0, score=1)
    # Five answers in all, but HR has four and IT one: nothing is released yet.
    assert acceptance_summary(project)["answers"] is None
    answer(latest, "HR", nps=0, score=1)
    summary = acceptance_summary(project)  # HR's five are released; IT's one waits
    assert summary["answers"] == 5 and summary["nps"] == pytest.approx(100 * (3 - 2) / 5)
    assert summary["statements"][0]["agree_share"] == pytest.approx(3 / 5)


def test_the_demo_has_two_closed_surveys_with_a_masked_audience(client, project, owner):
    from samspill.surveys.demo import demo_seed

    surveys = demo_seed(project=project, owner=owner, language="nb")
    assert [s.status for s in Survey.objects.filter(pk__in=[s.pk for s in surveys])] == [
        "closed",
        "closed",
    ]
    assert Response.objects.count() == 9 + 7 + 3 + 11 + 8 + 4
    labels = {label for _day, label, _score in nps_points(project)}
    assert None in labels and "HR" in labels and "IT" not in labels
    client.force_login(owner)
    page = client.get(reverse("surveys:results", args=[project.slug, surveys[1].uuid]))
    assert 'data-cell="IT" data-masked' in page.content.decode()


def test_the_bench_fill_and_tokens(client, project, owner):
    from bench.survey_fill import answer_form_data, fill, make_tokens

    made = fill(project, answers=1_000, surveys=4)
    assert Response.objects.count() == 1_000 and len(made) == 4
    assert len(nps_points(project)) >= 4
    survey = make_survey(project, owner, title="Throughput")
    services.survey_open(actor=owner, survey=survey)
    tokens = make_tokens(survey, 7)
    assert len(set(tokens)) == 7
    response = client.post(reverse("surveys:answer", args=[tokens[0]]), answer_form_data(survey))
    assert response.status_code == 302


def test_cached_results_follow_a_new_answer(project, owner):
    from samspill.surveys.selectors import results_of

    survey = _wave(project, owner, "Cached", dt.date(2026, 6, 1), hr=5, it=0)
    labels = dict(survey.audiences.values_list("id", "label"))
    first = results_of(survey, labels)
    assert results_of(survey, labels) == first
    for _ in range(4):
        answer(survey, "HR", nps=0)
        assert results_of(survey, labels) == first  # waiting: the cached result holds
    answer(survey, "HR", nps=0)
    assert results_of(survey, labels).overall.count == first.overall.count + 5
