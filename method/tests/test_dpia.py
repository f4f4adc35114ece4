from pathlib import Path

import pytest

from method.catalog import CATALOG_DIR, LANGUAGES, CatalogError
from method.dpia import (
    CONTEXT_KEYS,
    CRITERIA,
    PRINCIPLE_KEYS,
    RIGHT_KEYS,
    RISK_KEYS,
    Completion,
    Level,
    RiskLevel,
    completion,
    decision_problem,
    dpia_catalog,
    load_dpia_catalog,
    needs_prior_consultation,
    rating_problem,
    residual_problem,
    risk_level,
    screening,
)

L, M, H, V = RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.VERY_HIGH


def test_no_criterion_means_no_dpia_required():
    result = screening(set())
    assert (result.count, result.required, result.reasons) == (0, False, ("no_criteria",))


def test_one_ordinary_criterion_is_not_enough_but_says_so():
    result = screening({"large_scale"})
    assert (result.count, result.required, result.reasons) == (1, False, ("one_criterion",))


def test_two_criteria_make_a_dpia_required():
    result = screening({"evaluation_scoring", "vulnerable_subjects"})
    assert (result.count, result.required) == (2, True)
    assert result.reasons == ("two_or_more",)


def test_all_nine_criteria_give_every_reason():
    result = screening(set(CRITERIA))
    assert (result.count, result.required) == (9, True)
    assert result.reasons == ("two_or_more", "datatilsynet_monitoring", "datatilsynet_ai")


def test_monitoring_employees_alone_is_on_datatilsynets_list():
    result = screening({"systematic_monitoring"})
    assert (result.count, result.required) == (1, True)
    assert result.reasons == ("datatilsynet_monitoring",)


def test_ai_that_evaluates_people_is_named_by_datatilsynet():
    assert "datatilsynet_ai" in screening({"innovative_technology", "evaluation_scoring"}).reasons
    assert "datatilsynet_ai" in screening({"innovative_technology", "automated_decision"}).reasons
    assert "datatilsynet_ai" not in screening({"innovative_technology", "large_scale"}).reasons


def test_unknown_criteria_are_refused():
    with pytest.raises(ValueError, match="mood_reading"):
        screening({"mood_reading"})


def test_there_are_nine_criteria_and_six_default_risks():
    assert len(CRITERIA) == 9 and len(set(CRITERIA)) == 9
    assert RISK_KEYS[:3] == ("illegitimate_access", "unwanted_change", "disappearance")
    assert set(RISK_KEYS[3:]) == {"discrimination", "explainability", "chilling_effect"}


# The whole table, row by row: severity 1..4, likelihood 1..4 across.
EXPECTED_TABLE = [
    [L, L, M, M],
    [L, M, H, H],
    [M, H, V, V],
    [H, H, V, V],
]


@pytest.mark.parametrize("severity", range(1, 5))
@pytest.mark.parametrize("likelihood", range(1, 5))
def test_risk_level_table(severity, likelihood):
    assert risk_level(severity, likelihood) == EXPECTED_TABLE[severity - 1][likelihood - 1]


def test_maximum_severity_is_never_below_high_however_unlikely():
    assert risk_level(Level.MAXIMUM, Level.NEGLIGIBLE) == H
    assert risk_level(Level.NEGLIGIBLE, Level.MAXIMUM) == M


def test_risk_level_never_falls_when_either_rating_rises():
    order = list(RiskLevel)
    for s in range(1, 5):
        for lk in range(1, 5):
            here = order.index(risk_level(s, lk))
            if s < 4:
                assert order.index(risk_level(s + 1, lk)) >= here
            if lk < 4:
                assert order.index(risk_level(s, lk + 1)) >= here


@pytest.mark.parametrize("bad", [(0, 1), (5, 2), (2, None), (True, 2)])
def test_risk_level_refuses_values_off_the_scale(bad):
    with pytest.raises(ValueError):
        risk_level(*bad)


def test_rating_problems():
    assert rating_problem(None, None) is None
    assert rating_problem(3, 2) is None
    assert rating_problem(3, None) == "incomplete"
    assert rating_problem(None, 1) == "incomplete"
    assert rating_problem(3, 7) == "out_of_range"
    assert residual_problem((None, None), (2, 2)) == "after_without_before"
    assert residual_problem((3, 3), (None, None)) is None
    assert residual_problem((3, 3), (2, 2)) is None


def test_a_high_residual_risk_means_prior_consultation():
    """Art. 36(1) as Datatilsynet applies it: high is enough, not only very high."""
    assert needs_prior_consultation([L, V])
    assert needs_prior_consultation([H])
    assert needs_prior_consultation([L, M, H])
    assert not needs_prior_consultation([L, M, M])
    assert not needs_prior_consultation([])


def test_a_residual_high_dpia_worked_example():
    """A CV screener's discrimination risk, significant severity, limited likelihood after
    the measures, is "high": the authority is consulted before the go."""
    residual = risk_level(3, 2)
    assert residual is H
    assert needs_prior_consultation([risk_level(1, 1), residual])


@pytest.mark.parametrize("outcome", ["go", "go_with_conditions"])
def test_a_go_without_the_needed_consultation_is_refused_unless_overridden(outcome):
    refuse = decision_problem(
        outcome, consultation_needed=True, consultation_recorded=False, override_reason=""
    )
    assert refuse == "consultation_missing"
    assert (
        decision_problem(
            outcome, consultation_needed=True, consultation_recorded=False, override_reason="   "
        )
        == "consultation_missing"
    )
    assert (
        decision_problem(
            outcome,
            consultation_needed=True,
            consultation_recorded=False,
            override_reason="The authority confirmed in a meeting that no consultation is due.",
        )
        is None
    )
    assert (
        decision_problem(
            outcome, consultation_needed=True, consultation_recorded=True, override_reason=""
        )
        is None
    )
    assert (
        decision_problem(
            outcome, consultation_needed=False, consultation_recorded=False, override_reason=""
        )
        is None
    )


@pytest.mark.parametrize("outcome", ["no_go", ""])
def test_no_go_or_no_decision_never_needs_the_consultation_first(outcome):
    assert (
        decision_problem(
            outcome, consultation_needed=True, consultation_recorded=False, override_reason=""
        )
        is None
    )


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_dpia_asks_about_the_processor_agreement(language):
    catalog = dpia_catalog(language)
    assert "processors" in PRINCIPLE_KEYS
    assert "28" in catalog.principles["processors"].source
    assert "4a" in catalog.principles["legal_basis"].source


def test_completion():
    assert completion(0, 6) is Completion.NOT_STARTED
    assert completion(0, 0) is Completion.NOT_STARTED
    assert completion(3, 6) is Completion.IN_PROGRESS
    assert completion(6, 6) is Completion.COMPLETE


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_every_text_of_the_method(language):
    catalog = dpia_catalog(language)
    assert tuple(catalog.criteria) == CRITERIA
    assert tuple(catalog.context) == CONTEXT_KEYS
    assert tuple(catalog.principles) == PRINCIPLE_KEYS
    assert tuple(catalog.rights) == RIGHT_KEYS
    assert tuple(catalog.risks) == RISK_KEYS
    assert sorted(catalog.severity) == sorted(catalog.likelihood) == [1, 2, 3, 4]
    assert set(catalog.risk_levels) == set(RiskLevel)
    assert all(c.source for c in catalog.criteria.values())
    assert all(p.source for p in (*catalog.principles.values(), *catalog.rights.values()))


def test_languages_differ_in_words_not_in_structure():
    english, norwegian = dpia_catalog("en"), dpia_catalog("nb")
    assert english.checked_on == norwegian.checked_on
    assert english.severity[4].label == "Maximum" and norwegian.severity[4].label == "Maksimal"
    assert english.risks["discrimination"].title != norwegian.risks["discrimination"].title


def copy_catalog(tmp_path: Path, edit) -> Path:
    (tmp_path / "en").mkdir()
    text = (CATALOG_DIR / "en" / "dpia.toml").read_text(encoding="utf-8")
    (tmp_path / "en" / "dpia.toml").write_text(edit(text), encoding="utf-8")
    return tmp_path


def test_a_missing_criterion_is_named(tmp_path):
    directory = copy_catalog(tmp_path, lambda t: t.replace('key = "blocks_right"', 'key = "x"'))
    with pytest.raises(CatalogError, match=r"missing \['blocks_right'\], unknown \['x'\]"):
        load_dpia_catalog("en", directory=directory)


def test_a_level_off_the_scale_is_named(tmp_path):
    directory = copy_catalog(tmp_path, lambda t: t.replace("level = 4", "level = 5", 1))
    with pytest.raises(CatalogError, match=r"severity: level must be 1\.\.4"):
        load_dpia_catalog("en", directory=directory)


def test_an_empty_text_is_named(tmp_path):
    directory = copy_catalog(tmp_path, lambda t: t.replace('label = "Retention"', 'label = ""'))
    with pytest.raises(CatalogError, match="principle retention: 'label' must be"):
        load_dpia_catalog("en", directory=directory)
