import dataclasses
import typing
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from method import controls
from method.catalog import CatalogError
from method.controls import (
    DEFAULTS,
    Comparison,
    FieldShape,
    ModelShape,
    Rule,
    RuleError,
    State,
    WeekFacts,
    evaluate,
    individual_findings,
    rule_check,
)

MONDAY = date(2026, 11, 2)


def _rule(key: str) -> Rule:
    return next(d.rule for d in DEFAULTS if d.key == key)


def _last(key: str, *weeks: WeekFacts) -> State:
    return evaluate(_rule(key), weeks)[-1].state


def _week(offset: int = 0, **counts) -> WeekFacts:
    return WeekFacts(week=MONDAY + timedelta(weeks=offset), **counts)


# One test per default control and state ---------------------------------------------------

CASES = {
    # key: (holds, breached, no data), each a list of weeks, the last one judged
    "reviewed_rejects": (
        [_week(cases=40, ai_rejects=20, ai_rejects_reviewed=20)],
        [_week(cases=40, ai_rejects=20, ai_rejects_reviewed=18)],
        [_week()],
    ),
    "override_floor": (
        # two failing weeks in a row are tolerated, the third is a breach
        [_week(i, cases=50, compared=50, overrides=0) for i in range(2)],
        [_week(i, cases=50, compared=50, overrides=0) for i in range(3)],
        [_week(cases=3, compared=3, overrides=0)],  # under k compared cases
    ),
    "no_automatic_rejection": (
        [_week(cases=10)],
        [_week(cases=10, rejects_without_person=1)],
        [_week()],
    ),
    "no_individual_monitoring": (
        [_week(individual_findings=0)],
        [_week(individual_findings=1)],
        [_week()],
    ),
    "fairness_floor": (
        [_week(lowest_selection_ratio=0.85)],
        [_week(lowest_selection_ratio=0.7)],
        [_week()],
    ),
    "training_before_access": (
        [_week(usage_departments=3, untrained_departments=0)],
        [_week(usage_departments=3, untrained_departments=1)],
        [_week(usage_departments=0)],
    ),
    "explanations_in_time": (
        [_week(explanations_due=2, explanations_late=0)],
        [_week(explanations_due=2, explanations_late=1)],
        [_week(explanations_due=0)],
    ),
    "evaluation_held": (
        [_week(days_since_evaluation=200)],
        [_week(days_since_evaluation=400)],
        [_week()],
    ),
}


def test_every_default_control_has_its_three_cases():
    assert set(CASES) == {d.key for d in DEFAULTS}


@pytest.mark.parametrize("key", sorted(CASES))
def test_a_default_control_holds(key):
    assert _last(key, *CASES[key][0]) is State.HOLDS


@pytest.mark.parametrize("key", sorted(CASES))
def test_a_default_control_is_breached(key):
    assert _last(key, *CASES[key][1]) is State.BREACHED


@pytest.mark.parametrize("key", sorted(CASES))
def test_a_default_control_without_data_says_so(key):
    assert _last(key, *CASES[key][2]) is State.NO_DATA


def test_a_week_without_data_breaks_a_run_of_failing_weeks():
    bad = dict(cases=50, compared=50, overrides=0)
    weeks = [_week(0, **bad), _week(1, **bad), _week(2), _week(3, **bad)]
    states = [o.state for o in evaluate(_rule("override_floor"), weeks)]
    assert states == [State.HOLDS, State.HOLDS, State.NO_DATA, State.HOLDS]


def test_the_override_rate_is_a_percentage_of_compared_cases():
    outcome = evaluate(_rule("override_floor"), [_week(cases=200, compared=200, overrides=3)])[0]
    assert outcome.value == pytest.approx(1.5)
    assert outcome.failing_weeks == 1


# The rule form ----------------------------------------------------------------------------


def test_an_owner_rule_is_checked_part_by_part():
    assert rule_check("override_rate", "ge", 5, 2) == Rule(
        "override_rate", Comparison.AT_LEAST, 5.0, 2
    )
    for args, field in [
        (("__import__('os')", "ge", 1, 1), "metric"),
        (("override_rate", "==", 1, 1), "comparison"),
        (("override_rate", "ge", 120, 1), "threshold"),
        (("automatic_rejects", "le", -1, 1), "threshold"),
        (("override_rate", "ge", float("nan"), 1), "threshold"),
        (("override_rate", "ge", 1, 0), "period"),
        (("override_rate", "ge", 1, 13), "period"),
    ]:
        with pytest.raises(RuleError) as refused:
            rule_check(*args)
        assert refused.value.field == field


# No control reads a per-person row ----------------------------------------------------------


def test_week_facts_hold_numbers_and_dates_only():
    hints = typing.get_type_hints(WeekFacts)
    allowed = {date, int, float, int | None, float | None}
    assert {name: hints[name] for name in hints if hints[name] not in allowed} == {}


facts_strategy = st.builds(
    WeekFacts,
    week=st.just(MONDAY),
    cases=st.none() | st.integers(0, 10_000),
    ai_rejects=st.integers(0, 10_000),
    ai_rejects_reviewed=st.integers(0, 10_000),
    compared=st.integers(0, 10_000),
    overrides=st.integers(0, 10_000),
    rejects_without_person=st.integers(0, 100),
    usage_departments=st.none() | st.integers(0, 50),
    untrained_departments=st.integers(0, 50),
    individual_findings=st.none() | st.integers(0, 5),
    lowest_selection_ratio=st.none() | st.floats(0, 2),
    explanations_due=st.none() | st.integers(0, 20),
    explanations_late=st.integers(0, 20),
    days_since_evaluation=st.none() | st.integers(0, 2000),
)


class _Guard:
    """Week facts that fail the test on any attribute a control might reach for beyond
    the counts: a person, a case, a row."""

    def __init__(self, facts: WeekFacts):
        self._facts = facts

    def __getattr__(self, name):
        assert name in controls.fact_fields(), f"a control read {name!r}"
        return getattr(self._facts, name)


@given(st.lists(facts_strategy, min_size=1, max_size=6))
def test_no_control_reads_anything_but_the_weekly_counts(weeks):
    guarded = [_Guard(w) for w in weeks]
    for default in DEFAULTS:
        outcomes = evaluate(default.rule, guarded)
        assert len(outcomes) == len(weeks)
        # The same counts give the same verdict: nothing else goes in.
        assert outcomes == evaluate(default.rule, [dataclasses.replace(w) for w in weeks])


@given(st.lists(st.integers(0, 100), max_size=10))
def test_a_shown_head_count_under_k_is_a_finding(counts):
    found = individual_findings([], counts)
    assert len(found) == sum(1 for c in counts if 0 < c < controls.K_MIN)


def test_a_per_user_usage_table_fails_the_monitoring_check():
    weekly = ModelShape(
        "kpis.UsageWeek",
        (
            FieldShape("id", "id"),
            FieldShape("project", "project"),
            FieldShape("week", "date"),
            FieldShape("department", "label"),
            FieldShape("active_users", "count"),
        ),
    )
    assert individual_findings([weekly], [12, 0]) == []
    per_user = ModelShape(
        "kpis.UsageUserWeek",
        (FieldShape("week", "date"), FieldShape("pseudonym", "label")),
    )
    assert individual_findings([weekly, per_user], []) == ["kpis.UsageUserWeek.pseudonym"]
    by_fk = ModelShape("kpis.Seat", (FieldShape("holder", "person"),))
    assert individual_findings([by_fk], []) == ["kpis.Seat.holder"]


# The catalog -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_catalog_words_every_control_metric_and_comparison(language):
    words = controls.load_control_catalog(language)
    assert set(words.controls) == {d.key for d in DEFAULTS}
    assert set(words.metrics) == set(controls.METRICS)


def test_a_catalog_missing_a_control_is_refused(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "controls.toml").write_text('[metrics]\noverride_rate = "x"\n')
    with pytest.raises(CatalogError, match="no control text"):
        controls.load_control_catalog("en", directory=tmp_path)


def test_the_threshold_reads_as_the_agreement_says_it():
    assert controls.threshold_text(_rule("override_floor"), "en") == (
        "override rate ≥ 2.0 % (3 weeks in a row)"
    )


def test_a_production_file_may_leave_the_person_out_only_where_the_ai_decided():
    from method.pilot_import import parse_pilot_cases

    data = (
        b"case_id;decided_on;department;ai_decision;human_decision;minutes;arm\n"
        b"A;2026-10-12;HR;reject;;0;pilot\n"
        b"B;2026-10-12;HR;;;0;control\n"
    )
    key = b"k" * 32
    pilot = parse_pilot_cases(data, "c.csv", key=key)
    assert [(e.row, e.column, e.code) for e in pilot.errors] == [
        (2, "human_decision", "required"),
        (3, "human_decision", "required"),
    ]
    production = parse_pilot_cases(data, "c.csv", key=key, allow_undecided=True)
    assert [(e.row, e.column) for e in production.errors] == [(3, "human_decision")]
    alone = parse_pilot_cases(data.rsplit(b"B;", 1)[0], "c.csv", key=key, allow_undecided=True)
    assert alone.cases[0].human_decision == ""
