"""Results move only in releases of at least k answers per audience (docs/surveys.md).

The property test plays random answer sequences into a survey and, after every answer (and
after the close), captures everything an owner, viewer or observer can read about it: the
results page's figures and comments, the CSV and the XLSX, the trend, the KPI NPS, the
dashboard's KPI list and the PDF report's survey summary. Between any two consecutive
states, every figure that changed must be explained by at least k new answers in its cell.
"""

import csv
import io

import openpyxl
import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from method.surveys import K_MINIMUM
from samspill.kpis import selectors as kpi_selectors
from samspill.kpis import services as kpi_services
from samspill.surveys import presenting, selectors, services
from samspill.surveys.tests.conftest import make_survey

LABELS = ("Alpha", "Beta", "Gamma")
OVERALL = None  # the cell of the overall row and of every figure built from it


NO_FIGURES = ("no figures",)  # a masked cell, or one without answers: nothing to compare


def _cell_view(view) -> tuple:
    if view.masked or not view.count:
        return NO_FIGURES
    statements = tuple((row.label, row.count, row.agree) for row in view.statements)
    return (
        view.masked,
        view.count,
        view.nps,
        view.promoters,
        view.passives,
        view.detractors,
        statements,
    )


def _table(header: list, rows: list[list]) -> dict:
    """Rows of an export by their cell: audience label, or OVERALL for the overall row."""
    table = {}
    for row in rows:
        if str(row[2]) == "True":
            continue  # a masked row: no figure in it
        key = OVERALL if row[0] == "overall" else row[1]
        table[key] = tuple("" if value is None else str(value) for value in row)
    return table


def owner_state(client: Client, survey, project) -> dict:
    """Every figure an owner can see about the survey, keyed by (where, cell)."""
    state: dict = {}
    labels = dict(survey.audiences.values_list("id", "label"))
    view = presenting.results_view(survey, labels)
    for cell in view["audiences"]:
        state["page", cell.label] = _cell_view(cell)
    state["page", OVERALL] = _cell_view(view["overall"])
    state["comments", OVERALL] = tuple(
        (label, theme.count, theme.examples) for label, theme in view["themes"]
    )
    base = (project.slug, survey.uuid)
    answer = client.get(reverse("surveys:export", args=[*base, "csv"]))
    assert answer.status_code == 200
    header, *rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    for key, row in _table(header, rows).items():
        state["csv", key] = row
    answer = client.get(reverse("surveys:export", args=[*base, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    for key, row in _table(header, rows).items():
        state["xlsx", key] = row
    for point in selectors.nps_trend(project):
        state["trend", OVERALL] = point.overall
        for label, result in point.cells.items():
            if result is not None:  # a masked cell: no figure
                state["trend", label] = result
    trend = presenting.trend_view(project)
    if trend:
        (row,) = trend["rows"]
        state["trend page", OVERALL] = row["overall"]
        for label, text in zip(trend["labels"], row["cells"], strict=True):
            if text:
                state["trend page", label] = text
    for day, label, score in selectors.nps_points(project):
        state["kpi points", label] = (day, score)
    board = [c for c in kpi_selectors.kpi_board(project) if c.kpi.kind == "nps"]
    state["kpi board", OVERALL] = tuple((c.kpi.name, c.latest, tuple(c.points)) for c in board)
    state["dashboard", OVERALL] = tuple(
        (c.kpi.name, c.extra.get("latest")) for c in kpi_selectors.below_target(project)
    )
    state["pdf", OVERALL] = repr(selectors.acceptance_summary(project))
    return state


def _count(state: dict, cell) -> int:
    """The answer count the results page shows for a cell; a masked cell counts as 0."""
    shown = state["page", cell]
    return 0 if shown == NO_FIGURES else shown[1]


@pytest.mark.long
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    k=st.integers(K_MINIMUM, 6),
    audiences=st.integers(1, len(LABELS)),
    answers=st.lists(
        st.tuples(
            st.integers(0, len(LABELS) - 1),
            st.integers(0, 10),
            st.integers(1, 5),
            st.sampled_from(["", "", "The tool saves me time.", "I worry about my data."]),
        ),
        min_size=1,
        max_size=24,
    ),
    close=st.booleans(),
)
def test_no_owner_visible_figure_moves_by_fewer_than_k_answers(
    project, owner, k, audiences, answers, close
):
    labels = LABELS[:audiences]
    with transaction.atomic():
        survey = make_survey(project, owner, title=f"Pulse k={k}", k=k, departments=list(labels))
        services.survey_open(actor=owner, survey=survey)
        kpi_services.kpi_create(actor=owner, project=project, name="NPS", kind="nps", target=100)
        client = Client()
        client.force_login(owner)
        by_label = {a.label: a for a in survey.audiences.all()}
        states = [owner_state(client, survey, project)]
        arrived = dict.fromkeys(labels, 0)
        seen: dict = {}
        for index, nps, score, comment in answers:
            label = labels[index % len(labels)]
            services.response_submit(
                survey=survey,
                audience=by_label[label],
                nps=nps,
                scores=dict.fromkeys(survey.statements, score),
                comment=comment,
            )
            arrived[label] += 1
            states.append(owner_state(client, survey, project))
            _check(states[-2], states[-1], k, arrived, seen)
        if close:
            services.survey_close(actor=owner, survey=survey)
            states.append(owner_state(client, survey, project))
            _check(states[-2], states[-1], k, arrived, seen)
        transaction.set_rollback(True)


def _check(before: dict, after: dict, k: int, arrived: dict, seen: dict) -> None:
    """`arrived`: answers sent per audience so far; `seen`: that count when each figure
    last changed."""
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    overall_jump = _count(after, OVERALL) - _count(before, OVERALL)
    for key in sorted(changed, key=repr):
        _where, cell = key
        if cell is OVERALL:
            # The overall row is the sum of the released cells: whatever is built from it
            # may change only together with a jump of at least k in its answer count.
            assert overall_jump >= k, (key, before.get(key), after.get(key), overall_jump)
            continue
        new = arrived[cell] - seen.get(key, 0)
        assert new >= k, (key, before.get(key), after.get(key), new)
        jump = _count(after, cell) - _count(before, cell)
        assert jump >= k, (key, before.get(key), after.get(key), jump)
        seen[key] = arrived[cell]


# The release step itself


def _answer(survey, label, nps=9, comment="", day=None):
    services.response_submit(
        survey=survey,
        audience=survey.audiences.get(label=label),
        nps=nps,
        scores=dict.fromkeys(survey.statements, 4),
        comment=comment,
        day=day,
    )


def test_a_release_rewrites_its_batch_with_new_keys_and_one_day(open_survey):
    import datetime as dt

    from samspill.core import clock
    from samspill.surveys.models import Response

    days = [clock.today() - dt.timedelta(days=n) for n in range(4)]
    for day in days:
        _answer(open_survey, "HR", day=day)
    waiting = set(Response.objects.values_list("pk", flat=True))
    assert Response.objects.filter(release__isnull=True).count() == 4
    assert set(Response.objects.values_list("answered_on", flat=True)) == set(days)
    _answer(open_survey, "HR", day=days[-1])
    rows = list(Response.objects.values_list("pk", "release", "answered_on"))
    assert len(rows) == 5
    assert not waiting & {pk for pk, _release, _day in rows}  # every key is new
    assert {(release, day) for _pk, release, day in rows} == {(1, clock.today())}
    for _ in range(5):
        _answer(open_survey, "IT")
    for _ in range(6):
        _answer(open_survey, "HR")
    releases = Response.objects.values_list("audience__label", "release")
    assert set(releases) == {("HR", 1), ("HR", 2), ("HR", None), ("IT", 1)}


def test_the_release_marker_moves_with_each_release_and_only_then(open_survey, project):
    """The cached pages' key for survey figures (selectors.release_marker)."""
    marker = selectors.release_marker
    for _ in range(4):
        _answer(open_survey, "HR")
        assert marker(project) == 0  # waiting answers show nowhere: the key stays
    _answer(open_survey, "HR")
    assert marker(project) == 5
    for _ in range(4):
        _answer(open_survey, "IT")
    assert marker(project) == 5
    _answer(open_survey, "IT")
    assert marker(project) == 10
    other = make_survey(project, open_survey.created_by, title="Second wave")
    services.survey_open(actor=open_survey.created_by, survey=other)
    for _ in range(5):
        _answer(other, "HR")
    assert marker(project) == 15  # summed over the project's surveys


def test_answers_of_a_closed_survey_are_refused_and_release_nothing(open_survey, owner):
    from samspill.surveys.models import Response

    for _ in range(4):
        _answer(open_survey, "HR")
    services.survey_close(actor=owner, survey=open_survey)
    import pytest

    with pytest.raises(services.SurveyNotOpen):
        _answer(open_survey, "HR")
    assert Response.objects.count() == 4
    assert not Response.objects.filter(release__isnull=False).exists()  # 4 < k: held


def test_at_close_remainders_join_the_overall_row_only_when_they_reach_k(
    client, open_survey, owner, project
):
    from samspill.surveys.models import POOLED, Response

    for _ in range(5):
        _answer(open_survey, "HR", nps=10)
    for _ in range(3):
        _answer(open_survey, "HR", nps=0, comment="late from HR")
    for _ in range(2):
        _answer(open_survey, "IT", nps=0, comment="late from IT")
    labels = dict(open_survey.audiences.values_list("id", "label"))
    before = selectors.results_of(open_survey, labels)
    assert before.overall.count == 5 and before.overall.nps.score == 100
    services.survey_close(actor=owner, survey=open_survey)
    after = selectors.results_of(open_survey, labels)
    # No audience's figures move at close.
    assert [(c.key, c.count, c.nps, c.likert) for c in after.cells] == [
        (c.key, c.count, c.nps, c.likert) for c in before.cells
    ]
    assert after.overall.count == 10 and after.overall.nps.score == 0
    assert "late from IT" in after.overall.texts["comment"]
    assert Response.objects.filter(release=POOLED).count() == 5
    (point,) = selectors.nps_trend(project)
    assert point.overall.count == 10 and point.cells["HR"].count == 5
    assert "IT" not in point.cells


def test_at_close_a_remainder_under_k_in_all_stays_unreleased(client, open_survey, owner, project):
    for _ in range(5):
        _answer(open_survey, "HR", nps=10)
    _answer(open_survey, "HR", nps=0)
    for _ in range(3):
        _answer(open_survey, "IT", nps=0)
    services.survey_close(actor=owner, survey=open_survey)
    labels = dict(open_survey.audiences.values_list("id", "label"))
    results = selectors.results_of(open_survey, labels)
    assert results.overall.count == 5 and results.overall.nps.score == 100
    client.force_login(owner)
    page = client.get(reverse("surveys:results", args=[project.slug, open_survey.uuid]))
    text = page.content.decode()
    assert 'id="waiting">The survey is closed. 4 answers were never released' in text
    assert 'data-cell="IT" data-masked' in text


def test_the_results_page_states_the_release_model_in_english_and_norwegian(
    client, open_survey, owner, project, settings
):
    for _ in range(7):
        _answer(open_survey, "HR")
    client.force_login(owner)
    url = reverse("surveys:results", args=[project.slug, open_survey.uuid])
    page = client.get(url).content.decode()
    assert "How results are released" in page
    assert "once 5 new answers have come in from it" in page
    assert 'id="waiting">2 answers are waiting for the next update.' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    page = client.get(url).content.decode()
    assert "Slik blir resultatene frigitt" in page
    assert "når det har kommet 5 nye svar fra den" in page
    assert 'id="waiting">2 svar venter på neste oppdatering.' in page
    assert "How results are released" not in page


def test_a_waiting_count_is_not_shown_while_fewer_than_k_answered(
    client, open_survey, owner, project
):
    for _ in range(3):
        _answer(open_survey, "HR")
    client.force_login(owner)
    page = client.get(
        reverse("surveys:results", args=[project.slug, open_survey.uuid])
    ).content.decode()
    assert 'id="waiting">Fewer than 5 answers have come in so far' in page
    assert "3 answers are waiting" not in page


def test_the_project_export_carries_released_answers_only(open_survey, project):
    from samspill.transfer.exporting import project_export

    for _ in range(5):
        _answer(open_survey, "HR")
    for _ in range(2):
        _answer(open_survey, "HR")
    _answer(open_survey, "IT")

    exported = project_export(project)["objects"]["surveys.response"]

    assert len(exported) == 5
    assert {row["fields"]["release"] for row in exported} == {1}


def test_the_close_batch_stays_out_of_the_project_export(open_survey, project, owner):
    from samspill.transfer.exporting import project_export

    for label in ("HR", "HR", "HR", "IT", "IT"):
        _answer(open_survey, label)
    services.survey_close(actor=owner, survey=open_survey)
    assert open_survey.responses.filter(release=0).count() == 5

    assert project_export(project)["objects"].get("surveys.response", []) == []
