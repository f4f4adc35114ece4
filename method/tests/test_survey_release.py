"""The release rules of method.surveys: when waiting answers become visible, and the
pooled release at close (docs/surveys.md, "Releases")."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from method.surveys import (
    K_MINIMUM,
    Answer,
    nps_breakdown,
    pooled_at_close,
    release_due,
    survey_results,
)

DAY = date(2026, 10, 14)


def test_an_audience_is_released_at_k_waiting_answers_and_not_before():
    assert not release_due(0, 5)
    assert not release_due(4, 5)
    assert release_due(5, 5)
    assert release_due(7, 5)  # k raised while answers waited: still one batch


@pytest.mark.parametrize("waiting", [-1, 1.5, "5", None, True])
def test_a_waiting_count_must_be_a_whole_number(waiting):
    with pytest.raises(ValueError, match="waiting"):
        release_due(waiting, 5)


@pytest.mark.parametrize("k", [2, 0, -5, 3.0, True, None])
def test_release_needs_a_valid_k(k):
    with pytest.raises(ValueError, match="k must be"):
        release_due(3, k)
    with pytest.raises(ValueError, match="k must be"):
        pooled_at_close({"A": 3}, k)


def test_remainders_are_pooled_at_close_only_when_they_reach_k_together():
    assert pooled_at_close({"A": 3, "B": 2, "C": 0}, 5) == {"A", "B"}
    assert pooled_at_close({"A": 3, "B": 1}, 5) == frozenset()
    assert pooled_at_close({}, 5) == frozenset()
    assert pooled_at_close({"A": 4}, 3) == {"A"}


@pytest.mark.parametrize("count", [-1, 2.5, "2", None, False])
def test_a_remainder_must_be_a_whole_number(count):
    with pytest.raises(ValueError, match="whole number"):
        pooled_at_close({"A": count}, 5)


@given(
    st.dictionaries(st.sampled_from("ABCDE"), st.integers(0, 8), max_size=5),
    st.integers(K_MINIMUM, 6),
)
def test_a_pooled_release_always_holds_k_answers_or_none(waiting, k):
    pooled = pooled_at_close(waiting, k)
    assert pooled <= {key for key, n in waiting.items() if n}
    assert not pooled or sum(waiting[key] for key in pooled) >= k
    if sum(waiting.values()) >= k:
        assert pooled == {key for key, n in waiting.items() if n}


def _answers(audience, scores):
    return [Answer(audience, DAY, "recommend", score) for score in scores]


def test_pooled_answers_count_in_the_overall_row_only():
    cells = _answers("A", [10] * 5)
    pooled = (
        _answers("A", [0, 0])
        + _answers("B", [0, 0, 0])
        + [Answer("B", DAY, "comment", "late but heard")]
    )
    results = survey_results(cells, nps_key="recommend", k=5, pooled=pooled)
    assert [cell.key for cell in results.cells] == ["A"]
    assert results.cells[0].count == 5 and results.cells[0].nps.score == 100
    assert results.overall.count == 10 and results.overall.nps.score == 0
    assert results.overall.texts == {"comment": ("late but heard",)}


def test_pooled_answers_are_checked_like_the_others():
    with pytest.raises(ValueError, match="0 to 10"):
        survey_results([], nps_key="recommend", pooled=[Answer("A", DAY, "recommend", 11)])
    with pytest.raises(ValueError, match="both scores and texts"):
        survey_results(
            [Answer("A", DAY, "helps", 3)],
            nps_key="recommend",
            pooled=[Answer("A", DAY, "helps", "text")],
        )


def test_nps_breakdown_adds_the_pooled_tally_to_the_overall_only():
    cells, overall = nps_breakdown({"A": {10: 5}}, 5, pooled={0: 5})
    assert cells["A"].score == 100
    assert overall.count == 10 and overall.score == 0
    _cells, overall = nps_breakdown({}, 5, pooled={0: 4})
    assert overall is None  # under k in all
    with pytest.raises(ValueError):
        nps_breakdown({}, 5, pooled={11: 5})
