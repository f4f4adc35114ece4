import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from method.catalog import LANGUAGES, pitfalls
from method.diagnostics import (
    RULE_KEYS,
    DecisionFacts,
    GroupFacts,
    ProjectSnapshot,
    Severity,
    diagnose,
    informed_after_decision,
    it_left_out,
    job_fear_unanswered,
    privacy_late,
    top_down,
    training_underfunded,
    union_not_heard_before_pilot,
    value_not_quantified,
)

D = dt.date
EARLY = D(2026, 9, 1)


def group(key, people=1, first=EARLY):
    return GroupFacts(
        id=f"g-{key}", preset_key=key, name=key.upper(), people=people, first_engaged=first
    )


def healthy(**changes) -> ProjectSnapshot:
    """A project where every rule is satisfied; tests break one thing at a time."""
    snapshot = ProjectSnapshot(
        groups=tuple(group(k) for k in ("leadership", "hr", "it", "union", "employees", "dpo")),
        decisions=(DecisionFacts("Buy licence", D(2026, 9, 20), ("g-union", "g-hr"), ("g-it",)),),
        roi_saved=True,
        hours_saved_known=True,
        training_share=Decimal("0.15"),
        real_data_in_use=True,
        dpia_done=True,
        job_security_statement=True,
        open_job_security_objections=0,
        integration_checked=True,
        pilot_start=D(2026, 10, 1),
    )
    return replace(snapshot, **changes)


def regroup(key, **changes):
    s = healthy()
    return tuple(replace(g, **changes) if g.preset_key == key else g for g in s.groups)


def without(key):
    return tuple(g for g in healthy().groups if g.preset_key != key)


def test_a_healthy_project_has_no_findings():
    assert diagnose(healthy()) == []


def test_every_rule_has_texts_in_every_language():
    for language in LANGUAGES:
        assert set(pitfalls(language)) == set(RULE_KEYS)


# Top-down


def test_top_down_fires_when_a_decision_came_before_hr_was_heard():
    snapshot = healthy(groups=regroup("hr", first_engaged=D(2026, 9, 25)))
    [finding] = top_down(snapshot)
    assert finding.reasons == ("decided_without_hr",)
    assert finding.params["decision"] == "Buy licence"


def test_top_down_fires_without_an_hr_group():
    assert top_down(healthy(groups=without("hr")))[0].reasons == ("no_hr_group",)


def test_top_down_is_quiet_when_hr_was_listed_as_heard():
    snapshot = healthy(
        groups=regroup("hr", first_engaged=None),
        decisions=(DecisionFacts("Buy", D(2026, 9, 20), (), ("g-hr",)),),
    )
    assert top_down(snapshot) == []


# Value


@pytest.mark.parametrize(
    ("changes", "reason"),
    [({"roi_saved": False}, "no_roi"), ({"hours_saved_known": False}, "no_baseline_hours")],
)
def test_value_not_quantified(changes, reason):
    assert value_not_quantified(healthy(**changes))[0].reasons == (reason,)


def test_value_quantified_is_quiet():
    assert value_not_quantified(healthy()) == []


# Privacy


def test_privacy_late_without_a_named_dpo():
    assert privacy_late(healthy(groups=regroup("dpo", people=0)))[0].reasons == ("no_dpo",)
    assert privacy_late(healthy(groups=without("dpo")))[0].group_id is None


def test_privacy_late_when_real_data_comes_before_the_dpia():
    assert privacy_late(healthy(dpia_done=False))[0].reasons == ("real_data_before_dpia",)


def test_privacy_unknown_dpia_is_not_judged():
    assert privacy_late(healthy(dpia_done=None, real_data_in_use=None)) == []


# Job fear


def test_job_fear_when_employees_were_never_engaged():
    [finding] = job_fear_unanswered(healthy(groups=regroup("employees", first_engaged=None)))
    assert finding.reasons == ("employees_not_engaged",)
    assert finding.group_id == "g-employees"


def test_job_fear_collects_every_reason():
    finding = job_fear_unanswered(
        healthy(job_security_statement=False, open_job_security_objections=2)
    )[0]
    assert finding.reasons == ("no_job_security_statement", "open_job_security_objections")
    assert finding.params["count"] == 2


def test_job_fear_answered_is_quiet():
    assert job_fear_unanswered(healthy()) == []


# IT


def test_it_left_out():
    assert it_left_out(healthy(groups=regroup("it", first_engaged=None)))[0].reasons == (
        "it_not_engaged",
    )
    assert it_left_out(healthy(integration_checked=False))[0].reasons == ("no_integration_check",)
    assert it_left_out(healthy(integration_checked=None)) == []


# Informed after the decision


def test_informed_after_the_decision_names_group_decision_and_dates():
    snapshot = healthy(groups=regroup("union", first_engaged=D(2026, 9, 27)))
    [finding] = informed_after_decision(snapshot)
    assert finding.reasons == ("engaged_after",)
    assert finding.params == {
        "group": "UNION",
        "decision": "Buy licence",
        "date": D(2026, 9, 20),
        "first_engaged": D(2026, 9, 27),
    }
    assert finding.group_id == "g-union"


def test_never_engaged_affected_group_is_reported_too():
    finding = informed_after_decision(healthy(groups=regroup("union", first_engaged=None)))[0]
    assert finding.reasons == ("never_engaged",)


def test_an_engagement_on_or_before_the_decision_day_counts_as_heard():
    assert (
        informed_after_decision(healthy(groups=regroup("union", first_engaged=D(2026, 9, 20))))
        == []
    )


# Union before the pilot


def test_union_not_heard_before_the_pilot():
    snapshot = healthy(groups=regroup("union", first_engaged=D(2026, 10, 5)))
    assert union_not_heard_before_pilot(snapshot)[0].reasons == ("not_heard",)
    assert union_not_heard_before_pilot(healthy(groups=without("union")))[0].reasons == (
        "no_union_group",
    )


def test_without_a_pilot_date_the_union_rule_waits():
    assert union_not_heard_before_pilot(healthy(pilot_start=None, groups=without("union"))) == []


# Training


def test_training_underfunded_below_the_editable_target():
    [finding] = training_underfunded(healthy(training_share=Decimal("0.04")))
    assert finding.params == {"share": Decimal("0.04"), "target": Decimal("0.10")}
    assert (
        training_underfunded(
            healthy(training_share=Decimal("0.04"), training_share_target=Decimal("0.03"))
        )
        == []
    )
    assert training_underfunded(healthy(training_share=None)) == []


def test_findings_come_most_severe_first():
    findings = diagnose(healthy(roi_saved=False, groups=regroup("union", first_engaged=None)))
    assert [f.rule for f in findings] == [
        "informed_after_decision",
        "union_not_heard_before_pilot",
        "value_not_quantified",
    ]
    assert findings[0].severity is Severity.HIGH
