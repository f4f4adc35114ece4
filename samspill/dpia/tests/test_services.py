import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from method.dpia import RISK_KEYS
from samspill.audit.models import AuditEntry
from samspill.core.versioning import StaleEditError
from samspill.dpia import services
from samspill.dpia.models import Action, Dpia, Risk
from samspill.dpia.selectors import dpia_done
from samspill.projects.services import project_create


def test_starting_seeds_the_six_risks_and_every_part(project, dpia):
    assert [r.key for r in dpia.risks.all()] == list(RISK_KEYS)
    assert dpia.risks.get(key="discrimination").title == "Unfair or discriminatory outcomes"
    assert dpia.risks.get(key="illegitimate_access").threats  # typical threats filled in
    assert {o.kind for o in dpia.opinions.all()} == {"dpo", "representatives"}
    assert dpia.context and dpia.principles and dpia.decision
    assert project.dpia == dpia


def test_starting_twice_keeps_one_dpia(project, owner, dpia):
    assert services.dpia_start(actor=owner, project=project) == dpia
    assert Dpia.objects.count() == 1 and Risk.objects.count() == 6


def test_a_norwegian_project_gets_norwegian_risks(owner):
    project = project_create(
        actor=owner, name="Pilot", ai_tool="Bot", start_date=dt.date(2026, 10, 1), language="nb"
    )
    dpia = services.dpia_start(actor=owner, project=project)
    assert dpia.risks.get(key="chilling_effect").title.startswith("Nedkjølende effekt")


def test_starting_is_audited_part_by_part(project, dpia):
    types = list(
        AuditEntry.objects.filter(project=project, object_type__startswith="dpia.").values_list(
            "object_type", flat=True
        )
    )
    assert types.count("dpia.risk") == 6
    assert {"dpia.dpia", "dpia.context", "dpia.principles", "dpia.opinion", "dpia.decision"} <= set(
        types
    )


def test_screening_is_stored_in_method_order_dated_and_audited(owner, dpia):
    services.dpia_screening_update(
        actor=owner,
        dpia=dpia,
        expected_version=1,
        criteria=["vulnerable_subjects", "evaluation_scoring"],
        screening_notes="CV ranking of applicants.",
    )
    dpia.refresh_from_db()
    assert dpia.criteria == ["evaluation_scoring", "vulnerable_subjects"]
    assert dpia.screened_on is not None and dpia.version == 2
    entry = AuditEntry.objects.get(object_type="dpia.dpia", action="update")
    assert entry.changes["criteria"] == [[], ["evaluation_scoring", "vulnerable_subjects"]]


def test_an_unknown_criterion_is_refused(owner, dpia):
    with pytest.raises(ValidationError):
        services.dpia_screening_update(
            actor=owner, dpia=dpia, expected_version=1, criteria=["mind_reading"]
        )


def test_a_stale_edit_is_refused_and_changes_nothing(owner, dpia):
    context = dpia.context
    services.context_update(actor=owner, context=context, expected_version=1, processing="First")
    with pytest.raises(StaleEditError):
        services.context_update(
            actor=owner, context=context, expected_version=1, processing="Second"
        )
    context.refresh_from_db()
    assert context.processing == "First" and context.version == 2


def test_rating_a_risk_is_audited(owner, dpia):
    risk = dpia.risks.get(key="discrimination")
    services.risk_update(
        actor=owner, risk=risk, expected_version=1, severity_before=4, likelihood_before=3
    )
    entry = AuditEntry.objects.get(object_type="dpia.risk", action="update")
    assert entry.changes == {"likelihood_before": [None, 3], "severity_before": [None, 4]}


@pytest.mark.parametrize(
    "values",
    [
        {"severity_before": 3},
        {"severity_before": 3, "likelihood_before": 5},
        {"severity_after": 2, "likelihood_after": 2},
    ],
    ids=["half a rating", "off the scale", "after without before"],
)
def test_incomplete_or_impossible_ratings_are_refused(owner, dpia, values):
    risk = dpia.risks.first()
    with pytest.raises(ValidationError):
        services.risk_update(actor=owner, risk=risk, expected_version=1, **values)


def test_actions_are_created_updated_and_deleted_with_an_audit_trail(owner, dpia):
    risk = dpia.risks.get(key="discrimination")
    action = services.action_create(
        actor=owner, dpia=dpia, title="Bias audit", risk=risk, owner="HR lead"
    )
    services.action_update(actor=owner, action=action, expected_version=1, status="done")
    services.action_delete(actor=owner, action=Action.objects.get(pk=action.pk))
    actions = list(
        AuditEntry.objects.filter(object_type="dpia.action")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]


def test_removing_a_risk_keeps_its_actions_and_records_the_unlinking(owner, dpia):
    risk = dpia.risks.get(key="discrimination")
    action = services.action_create(actor=owner, dpia=dpia, title="Bias audit", risk=risk)
    services.risk_delete(actor=owner, risk=risk)
    action.refresh_from_db()
    assert action.risk is None and action.version == 2
    assert AuditEntry.objects.filter(object_type="dpia.risk", action="delete").exists()
    update = AuditEntry.objects.get(object_type="dpia.action", action="update")
    assert update.changes == {"risk": ["Unfair or discriminatory outcomes", None]}


def test_a_new_risk_goes_last(owner, dpia):
    risk = services.risk_create(actor=owner, dpia=dpia, title="Vendor lock-in")
    assert list(dpia.risks.all())[-1] == risk


def test_an_opinion_needs_its_author_and_date_once_it_takes_a_stance(owner, dpia):
    opinion = dpia.opinions.get(kind="dpo")
    with pytest.raises(ValidationError):
        services.opinion_update(
            actor=owner, opinion=opinion, expected_version=1, stance="favourable", text="Fine."
        )
    services.opinion_update(
        actor=owner,
        opinion=opinion,
        expected_version=1,
        stance="favourable",
        text="Fine.",
        author="Dana DPO",
        given_on=dt.date(2026, 11, 20),
    )
    assert AuditEntry.objects.filter(object_type="dpia.opinion", action="update").exists()


def test_a_decision_with_conditions_must_name_them(owner, dpia):
    values = {
        "outcome": "go_with_conditions",
        "decided_by": "Olga Owner",
        "decided_on": dt.date(2026, 11, 27),
        "reasoning": "Residual risks are acceptable.",
    }
    with pytest.raises(ValidationError) as error:
        services.decision_update(actor=owner, decision=dpia.decision, expected_version=1, **values)
    assert "conditions" in error.value.message_dict
    services.decision_update(
        actor=owner,
        decision=dpia.decision,
        expected_version=1,
        conditions="Bias audit before the pilot.",
        **values,
    )
    entry = AuditEntry.objects.get(object_type="dpia.decision", action="update")
    assert entry.changes["outcome"] == ["", "go_with_conditions"]


def test_dpia_done_is_unknown_until_started_then_follows_the_decision(project, owner):
    assert dpia_done(project) is None
    dpia = services.dpia_start(actor=owner, project=project)
    assert dpia_done(project) is False
    services.decision_update(
        actor=owner,
        decision=dpia.decision,
        expected_version=1,
        outcome="go",
        decided_by="Olga Owner",
        decided_on=dt.date(2026, 11, 27),
        reasoning="Risks are low after the measures.",
    )
    assert dpia_done(project) is True


def test_a_decision_to_go_ahead_counts_as_dpia_done_for_the_diagnostics(project, owner):
    import datetime as dt

    from samspill.dpia.services import decision_update, dpia_start
    from samspill.overview.diagnostics import project_snapshot

    assert project_snapshot(project).dpia_done is False
    dpia = dpia_start(actor=owner, project=project)
    assert project_snapshot(project).dpia_done is False
    decision_update(
        actor=owner,
        decision=dpia.decision,
        expected_version=dpia.decision.version,
        outcome="go_with_conditions",
        decided_by="Olga Owner",
        decided_on=dt.date(2026, 9, 20),
        conditions="Train the reviewers first.",
        reasoning="The residual risks are acceptable with these measures.",
    )
    assert project_snapshot(project).dpia_done is True


# ── Prior consultation (GDPR Art. 36(1)) and the go decision ─────────────────────────────

GO = {
    "outcome": "go",
    "decided_by": "Olga Owner",
    "decided_on": dt.date(2026, 12, 3),
    "reasoning": "The measures are in place.",
}


def _residual(owner, dpia, severity, likelihood):
    risk = dpia.risks.get(key="discrimination")
    return services.risk_update(
        actor=owner,
        risk=risk,
        expected_version=risk.version,
        severity_before=4,
        likelihood_before=3,
        severity_after=severity,
        likelihood_after=likelihood,
    )


def test_a_residual_high_risk_needs_prior_consultation(owner, dpia):
    _residual(owner, dpia, 3, 2)  # significant x limited: "high"
    assert services.consultation_needed(dpia)
    _residual(owner, dpia, 2, 2)  # limited x limited: "medium"
    assert not services.consultation_needed(dpia)


def test_a_go_is_refused_while_the_needed_consultation_is_not_recorded(owner, dpia):
    _residual(owner, dpia, 3, 2)
    with pytest.raises(ValidationError, match="prior consultation"):
        services.decision_update(actor=owner, decision=dpia.decision, expected_version=1, **GO)
    dpia.decision.refresh_from_db()
    assert dpia.decision.outcome == ""
    assert not AuditEntry.objects.filter(object_type="dpia.decision", action="update").exists()


def test_a_go_with_a_recorded_consultation_is_saved(owner, dpia):
    _residual(owner, dpia, 3, 2)
    services.decision_update(
        actor=owner,
        decision=dpia.decision,
        expected_version=1,
        consultation_on=dt.date(2026, 11, 2),
        consultation_reference="Datatilsynet 26/01234",
        **GO,
    )
    dpia.decision.refresh_from_db()
    assert dpia.decision.outcome == "go"


def test_a_go_as_an_explicit_override_is_saved_with_its_reason_in_the_audit_trail(owner, dpia):
    _residual(owner, dpia, 4, 1)  # maximum severity: at least "high" however unlikely
    services.decision_update(
        actor=owner,
        decision=dpia.decision,
        expected_version=1,
        override_reason="The DPO and the authority agreed the revised design no longer needs it.",
        **GO,
    )
    entry = AuditEntry.objects.get(object_type="dpia.decision", action="update")
    assert entry.changes["override_reason"][1].startswith("The DPO and the authority")


def test_a_no_go_needs_no_consultation_first(owner, dpia):
    _residual(owner, dpia, 3, 2)
    services.decision_update(
        actor=owner, decision=dpia.decision, expected_version=1, **(GO | {"outcome": "no_go"})
    )
    dpia.decision.refresh_from_db()
    assert dpia.decision.outcome == "no_go"
