import csv
import io
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from method.catalog import LANGUAGES, CatalogError
from method.spreadsheet import write_csv, write_xlsx
from method.surveys import (
    OTHER,
    Answer,
    LikertResult,
    NpsResult,
    likert,
    load_survey_catalogs,
    load_survey_questions,
    masked_breakdown,
    nps,
    nps_breakdown,
    nps_from_tally,
    period_start,
    result_rows,
    shown_counts,
    survey_questions,
    survey_results,
    themes,
)

DAY = date(2025, 3, 12)  # a Wednesday


def answers(audience: str, n: int, *, score: int = 9, day: date = DAY, **more) -> list[Answer]:
    """n people of one audience, each answering the NPS question and any statements given."""
    rows = []
    for _ in range(n):
        rows.append(Answer(audience, day, "recommend", score))
        rows += [Answer(audience, day, question, value) for question, value in more.items()]
    return rows


def by_key(results):
    return {cell.key: cell for cell in results.cells}


# Catalog

VALID = """
[scale]
likert = ["1", "2", "3", "4", "5"]
nps_low = "no"
nps_high = "yes"

[[question]]
key = "recommend"
kind = "nps"
text = "Recommend?"

[[question]]
key = "helps_work"
kind = "likert"
text = "It helps"
"""


def write_catalog(directory, language: str, text: str):
    (directory / language).mkdir(exist_ok=True)
    (directory / language / "survey_questions.toml").write_text(text, encoding="utf-8")
    return directory


def test_both_languages_ship_the_same_questions_with_one_nps():
    catalogs = [survey_questions(language) for language in LANGUAGES]
    shapes = {tuple((q.key, q.kind) for q in catalog.questions) for catalog in catalogs}
    assert len(shapes) == 1
    (shape,) = shapes
    assert [kind for _, kind in shape].count("nps") == 1
    assert {"helps_work", "understand_ai", "trust_data", "involved", "know_where_to_ask"} <= {
        key for key, kind in shape if kind == "likert"
    }
    assert "text" in {kind for _, kind in shape}
    assert all(catalog.nps_key == "recommend" for catalog in catalogs)
    assert len(survey_questions("nb").likert_labels) == 5


def test_english_and_norwegian_texts_differ():
    en, nb = survey_questions("en"), survey_questions("nb")
    assert en.questions[1].text == "The tool helps me in my work"
    assert all(a.text != b.text for a, b in zip(en.questions, nb.questions, strict=True))


def test_the_shipped_catalog_is_loaded_once():
    assert survey_questions("en") is survey_questions("en")


def test_unknown_language_is_refused():
    with pytest.raises(CatalogError):
        survey_questions("de")


def test_a_valid_file_loads(tmp_path):
    catalog = load_survey_questions("en", directory=write_catalog(tmp_path, "en", VALID))
    assert [q.key for q in catalog.questions] == ["recommend", "helps_work"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('"likert"', '"stars"'), "kind 'stars'"),
        (lambda t: t.replace('"helps_work"', '"recommend"'), "appears twice"),
        (lambda t: t.replace('kind = "likert"', 'kind = "nps"'), "exactly one nps"),
        (lambda t: t.replace('kind = "nps"', 'kind = "likert"'), "exactly one nps"),
        (lambda t: t.replace('"helps_work"', '"Helps work"'), "lower-case"),
        (lambda t: t.replace('text = "It helps"', 'text = "  "'), "'text'"),
        (lambda t: t.replace('"4", "5"', '"4"'), "5 labels"),
        (lambda t: t.replace('nps_low = "no"', ""), "nps_low"),
        (lambda t: t.split("[[question]]")[0], "no [[question]]"),
        (lambda t: t.replace("[scale]", "[scales]"), "[scale] is missing"),
        (lambda t: t + "\n[[question", "not valid TOML"),
    ],
)
def test_an_invalid_file_is_refused_with_the_reason(tmp_path, change, message):
    write_catalog(tmp_path, "en", change(VALID))
    with pytest.raises(CatalogError, match=message.replace("[", r"\[")):
        load_survey_questions("en", directory=tmp_path)


def test_languages_that_disagree_on_keys_are_refused(tmp_path):
    write_catalog(tmp_path, "en", VALID)
    write_catalog(tmp_path, "nb", VALID.replace('"helps_work"', '"useful"'))
    with pytest.raises(CatalogError, match="differ"):
        load_survey_catalogs(directory=tmp_path)


def test_matching_languages_load_together(tmp_path):
    write_catalog(tmp_path, "en", VALID)
    write_catalog(tmp_path, "nb", VALID.replace("It helps", "Det hjelper"))
    assert set(load_survey_catalogs(directory=tmp_path)) == set(LANGUAGES)


# NPS


def test_nps_worked_example():
    assert nps([10, 9, 8, 7, 6, 0]) == NpsResult(6, 2, 2, 2, 0.0)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([9], 100.0),
        ([10, 10], 100.0),
        ([6], -100.0),
        ([0, 0], -100.0),
        ([7, 8], 0.0),
        ([10, 10, 10, 0], 50.0),
        ([9, 6, 7], 0.0),
        ([9, 8, 8], 100 / 3),
    ],
)
def test_nps_boundaries(scores, expected):
    assert nps(scores).score == pytest.approx(expected)


def test_nps_without_answers_has_no_score():
    assert nps([]) == NpsResult(0, 0, 0, 0, None)


@pytest.mark.parametrize("bad", [-1, 11, 9.0, True, "9", None])
def test_nps_refuses_anything_but_whole_numbers_from_0_to_10(bad):
    with pytest.raises(ValueError):
        nps([9, bad])


# Likert


def test_likert_counts_mean_and_agreement():
    result = likert([1, 2, 4, 5, 5])
    assert result == LikertResult(5, {1: 1, 2: 1, 3: 0, 4: 1, 5: 2}, 3.4, 0.6)


def test_likert_without_answers_has_no_mean():
    assert likert([]) == LikertResult(0, {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}, None, None)


@pytest.mark.parametrize("bad", [0, 6, 3.0, False, "4"])
def test_likert_refuses_anything_but_1_to_5(bad):
    with pytest.raises(ValueError):
        likert([bad])


# Masking a breakdown


def test_the_subtraction_attack_is_closed_by_masking_one_more_cell():
    # Total 20 − 10 − 8 would give the 2 away, so the 8 goes too.
    assert masked_breakdown({"a": 10, "b": 8, "c": 2}, 5) == {"b", "c"}


def test_masking_worked_examples():
    assert masked_breakdown({"a": 5, "b": 9}) == set()
    # Two small cells that pool to k hide each other.
    assert masked_breakdown({"a": 2, "b": 3, "c": 20}) == {"a", "b"}
    # Pooled they hold 3, under k: the smallest shown cell goes too.
    assert masked_breakdown({"a": 1, "b": 2, "c": 20, "d": 30}) == {"a", "b", "c"}
    # Alone and under k: the total is under k as well, so it is masked too.
    assert masked_breakdown({"a": 3}) == {"a"}
    # An empty cell describes nobody and protects nobody.
    assert masked_breakdown({"a": 2, "b": 0}) == {"a"}


def test_masked_cells_of_one_each_are_not_given_away_by_the_total():
    # Five cells of one pool to k, but 15 − 10 = 5 over five cells says each holds one.
    counts = {"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 10}
    assert masked_breakdown(counts, 5) == set(counts)


@pytest.mark.parametrize("k", [2, 1, 0, -5, 3.5, True])
def test_k_below_three_is_refused(k):
    with pytest.raises(ValueError):
        masked_breakdown({"a": 10}, k)


@pytest.mark.parametrize("count", [-1, 2.5, True])
def test_counts_must_be_whole_and_not_negative(count):
    with pytest.raises(ValueError):
        masked_breakdown({"a": count, "b": 10})


@settings(max_examples=500, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from("abcdefgh"), st.one_of(st.integers(0, 6), st.integers(0, 60)), max_size=8
    ),
    st.integers(3, 8),
)
def test_no_masked_cell_can_be_derived_from_the_shown_cells_and_total(counts, k):
    masked = masked_breakdown(counts, k)
    shown = {cell: n for cell, n in counts.items() if cell not in masked}
    assert all(n == 0 or n >= k for n in shown.values())
    assert all(counts[cell] > 0 for cell in masked)
    total = sum(counts.values())
    if total < k:
        assert masked == {cell for cell, n in counts.items() if n}
        return
    if not masked:
        return
    # The total is shown, so the masked cells pool to total − shown. Each listed cell holds
    # at least one, so a cell can hold 1 … pooled − (m − 1).
    pooled = total - sum(shown.values())
    assert len(masked) >= 2
    assert pooled >= k
    if any(shown.values()):
        assert pooled - (len(masked) - 1) > 1


# Results per audience and period


def test_the_subtraction_attack_on_audiences():
    data = answers("HR", 10) + answers("IT", 8, score=6) + answers("Union", 2, score=0)
    results = survey_results(data, nps_key="recommend")
    cells = by_key(results)
    assert not cells["HR"].masked and cells["HR"].count == 10
    assert cells["HR"].nps == NpsResult(10, 10, 0, 0, 100.0)
    for audience in ("IT", "Union"):
        cell = cells[audience]
        assert cell.masked and cell.count is None and cell.nps is None
        assert cell.likert == {} and cell.texts == {}
    assert not results.overall.masked
    assert results.overall.count == 20
    assert results.overall.nps == NpsResult(20, 10, 0, 10, 0.0)


def test_overall_is_masked_only_under_k():
    assert survey_results(answers("HR", 4), nps_key="recommend").overall.masked
    results = survey_results(answers("HR", 2) + answers("IT", 3), nps_key="recommend")
    assert all(cell.masked for cell in results.cells)
    assert not results.overall.masked and results.overall.count == 5


def test_statements_and_texts_for_shown_cells():
    data = answers("HR", 5, helps_work=4, trust_data=2)
    data += [Answer("HR", DAY, "comment", text) for text in ("b", "  ", "A", "c")]
    cell = survey_results(data, nps_key="recommend").cells[0]
    assert cell.likert["helps_work"] == LikertResult(5, {1: 0, 2: 0, 3: 0, 4: 5, 5: 0}, 4.0, 1.0)
    assert cell.likert["trust_data"].agree_share == 0.0
    # Blank boxes are no answer, and the texts come sorted, not in the order they arrived.
    assert cell.texts == {"comment": ("A", "b", "c")}


def test_nps_is_computed_only_on_the_nps_question():
    data = answers("HR", 5, score=0, helps_work=5)
    cell = survey_results(data, nps_key="recommend").cells[0]
    assert cell.nps.score == -100.0 and cell.nps.count == 5


def test_a_statement_answered_by_too_few_masks_the_cell():
    # Six people, only two answered the statement: its result would rest on two answers.
    data = answers("HR", 6) + [Answer("HR", DAY, "helps_work", 5)] * 2 + answers("IT", 20)
    cells = by_key(survey_results(data, nps_key="recommend"))
    assert cells["HR"].masked and cells["IT"].masked


def test_a_cell_of_only_texts_counts_its_writers():
    data = answers("HR", 10) + answers("IT", 10) + [Answer("Union", DAY, "comment", "hi")] * 3
    cells = by_key(survey_results(data, nps_key="recommend"))
    assert cells["Union"].masked and sum(cell.masked for cell in cells.values()) == 2


def test_weeks_start_on_monday_and_months_on_the_first():
    assert period_start(date(2025, 3, 16), "week") == date(2025, 3, 10)
    assert period_start(date(2025, 3, 10), "week") == date(2025, 3, 10)
    assert period_start(date(2025, 3, 31), "month") == date(2025, 3, 1)
    data = answers("HR", 6, day=date(2025, 3, 3)) + answers("HR", 6, day=date(2025, 3, 9))
    data += answers("HR", 7, day=date(2025, 3, 10))
    weekly = survey_results(data, nps_key="recommend", by="period", period="week")
    assert [(cell.key, cell.count) for cell in weekly.cells] == [
        (date(2025, 3, 3), 12),
        (date(2025, 3, 10), 7),
    ]
    monthly = survey_results(data, nps_key="recommend", by="period")
    assert [(cell.key, cell.count) for cell in monthly.cells] == [(date(2025, 3, 1), 19)]


def test_the_time_series_of_one_audience_is_masked_the_same_way():
    data = answers("HR", 10, day=date(2025, 1, 6)) + answers("HR", 8, day=date(2025, 2, 3))
    data += answers("HR", 2, day=date(2025, 3, 3))
    results = survey_results(data, nps_key="recommend", by="period")
    assert [cell.masked for cell in results.cells] == [False, True, True]
    assert results.overall.count == 20


@pytest.mark.parametrize(
    ("data", "options"),
    [
        ([Answer("HR", DAY, "recommend", "great")], {}),
        ([Answer("HR", DAY, "recommend", 11)], {}),
        ([Answer("HR", DAY, "helps_work", 6)], {}),
        ([Answer("HR", DAY, "helps_work", 0)], {}),
        ([Answer("HR", datetime(2025, 3, 12, 9, 30), "recommend", 9)], {}),
        ([Answer("", DAY, "recommend", 9)], {}),
        ([Answer("HR", DAY, "x", 3), Answer("HR", DAY, "x", "text")], {}),
        ([], {"k": 2}),
        ([], {"by": "team"}),
        ([], {"period": "year"}),
        ([], {"nps_key": ""}),
    ],
)
def test_bad_answers_and_options_are_refused(data, options):
    with pytest.raises(ValueError):
        survey_results(data, **({"nps_key": "recommend"} | options))


def test_answers_in_a_masked_cell_are_checked_too():
    with pytest.raises(ValueError):
        survey_results(answers("HR", 10) + answers("IT", 1, score=12), nps_key="recommend")


answer_rows = st.lists(
    st.tuples(
        st.sampled_from(["HR", "IT", "Union", "Legal", "Sales"]),
        st.integers(0, 10),
        st.one_of(st.none(), st.integers(1, 5)),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(answer_rows, st.integers(3, 7))
def test_no_masked_audience_can_be_rebuilt_from_the_shown_numbers(rows, k):
    data = []
    for audience, score, statement in rows:
        data.append(Answer(audience, DAY, "recommend", score))
        if statement is not None:
            data.append(Answer(audience, DAY, "helps_work", statement))
    results = survey_results(data, nps_key="recommend", k=k)
    shown = [cell for cell in results.cells if not cell.masked]
    masked = [cell.key for cell in results.cells if cell.masked]
    for cell in shown:
        assert cell.count >= k
        assert cell.nps.count == 0 or cell.nps.count >= k
        for result in cell.likert.values():
            assert result.count == 0 or result.count >= k
    overall = results.overall
    if overall.masked or not masked:
        return
    # What subtraction gives: the masked cells pooled, never one alone.
    assert len(masked) >= 2
    pooled_nps = overall.nps.count - sum(cell.nps.count for cell in shown)
    assert pooled_nps == 0 or pooled_nps >= k
    for question, result in overall.likert.items():
        pooled = result.count - sum(cell.likert[question].count for cell in shown)
        assert pooled == 0 or pooled >= k


# Themes


def test_themes_group_texts_by_objection_category_with_other_last():
    texts = [
        "I am worried the AI will replace my job",
        "Will I lose my job to this?",
        "Hvem ser dataene mine?",
        "Nice colours",
        "   ",
    ]
    found = themes(texts)
    assert [(theme.category, theme.count) for theme in found] == [
        ("job_security", 2),
        ("privacy", 1),
        (OTHER, 1),
    ]
    assert found[0].examples == (
        "I am worried the AI will replace my job",
        "Will I lose my job to this?",
    )
    assert found[-1].examples == ("Nice colours",)


def test_themes_cap_examples_and_respect_the_minimum_score():
    texts = ["Will I lose my job to this?"] * 5
    assert themes(texts, examples=2)[0].examples == ("Will I lose my job to this?",) * 2
    assert [theme.category for theme in themes(["Hvem ser dataene mine?"], min_score=1.0)] == [
        OTHER
    ]
    assert themes([]) == []


@pytest.mark.parametrize("options", [{"min_score": 1.5}, {"min_score": -0.1}, {"examples": -1}])
def test_themes_refuse_bad_options(options):
    with pytest.raises(ValueError):
        themes(["text"], **options)


def test_themes_refuse_what_is_not_text():
    with pytest.raises(ValueError):
        themes([42])


# Export


def test_export_rows_carry_no_masked_numbers_and_no_free_text():
    data = answers("HR", 10, helps_work=4, comment="only me in this team says this")
    data += answers("IT", 8, score=6, helps_work=2) + answers("Union", 2, score=0, helps_work=1)
    header, rows = result_rows(survey_results(data, nps_key="recommend"))
    assert header[:5] == ["row", "audience", "masked", "answers", "nps"]
    assert all(len(row) == len(header) for row in rows)
    by_audience = {row[1]: row for row in rows}
    for audience in ("IT", "Union"):
        assert by_audience[audience][2] is True
        assert by_audience[audience][3:] == [""] * (len(header) - 3)
    assert by_audience["HR"][2:5] == [False, 10, 100.0]
    overall = by_audience[""]
    assert overall[0] == "overall" and overall[3] == 20
    assert not any("only me" in str(value) for row in rows for value in row)


def test_export_rows_write_to_csv_and_xlsx():
    data = answers("HR", 5, day=date(2025, 3, 3))
    header, rows = result_rows(survey_results(data, nps_key="recommend", by="period"))
    lines = list(
        csv.reader(io.StringIO(write_csv(header, rows).decode("utf-8-sig")), delimiter=";")
    )
    assert lines[1][:4] == ["cell", "2025-03-01", "False", "5"]
    assert write_xlsx(header, rows).startswith(b"PK")


# Aggregates counted by the database


def test_nps_from_a_tally_matches_nps_of_the_scores():
    scores = [10, 9, 9, 8, 7, 6, 0, 3, 10]
    tally = {score: scores.count(score) for score in set(scores)}
    assert nps_from_tally(tally) == nps(scores)
    assert nps_from_tally({}).score is None


@pytest.mark.parametrize("tally", [{11: 1}, {5: -1}, {5: 1.5}, {True: 1}])
def test_a_bad_tally_is_refused(tally):
    with pytest.raises(ValueError):
        nps_from_tally(tally)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["HR", "IT", "Sales", "Legal"]),
        st.dictionaries(st.integers(0, 10), st.integers(1, 4), min_size=1, max_size=4),
        min_size=1,
    ),
    st.integers(3, 6),
)
def test_nps_breakdown_masks_as_survey_results_does(tallies, k):
    answers = [
        Answer(audience, date(2026, 9, 1), "recommend", score)
        for audience, tally in tallies.items()
        for score, count in tally.items()
        for _ in range(count)
    ]
    expected = survey_results(answers, nps_key="recommend", k=k)
    cells, overall = nps_breakdown(tallies, k)
    for cell in expected.cells:
        assert (cells[cell.key] is None) == cell.masked
        if not cell.masked:
            assert cells[cell.key] == cell.nps
    assert (overall is None) == expected.overall.masked
    if overall is not None:
        assert overall == expected.overall.nps


def test_shown_counts_hide_small_cells_and_a_small_total():
    assert shown_counts({"HR": 6, "IT": 2, "Sales": 7}, 5) == (
        {"HR": None, "IT": None, "Sales": 7},
        15,
    )
    assert shown_counts({"HR": 4}, 5) == ({"HR": None}, None)
    assert shown_counts({"HR": 0, "IT": 0}, 5) == ({"HR": 0, "IT": 0}, 0)
