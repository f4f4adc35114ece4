import datetime as dt
from decimal import Decimal

from django.urls import reverse

from samspill.overview.demo import demo_load
from samspill.overview.diagnostics import project_findings, project_snapshot
from samspill.stakeholders.services import engagement_create


def rules(findings):
    return [f.rule for f in findings]


def test_the_demo_shows_the_decision_taken_before_the_union_was_heard(db):
    project, _ = demo_load()
    findings = project_findings(project)
    informed = [f for f in findings if f.rule == "informed_after_decision"]
    union = next(f for f in informed if "Union representatives" in f.reasons[0])
    assert "after “Buy a TalentSift licence for a pilot in recruitment”" in union.reasons[0]
    group = project.stakeholder_groups.get(preset_key="union")
    assert (
        union.fix_url
        == reverse("stakeholders:engagement_create", args=[project.slug]) + f"?group={group.uuid}"
    )


def test_logging_the_earlier_consultation_clears_the_finding(db):
    project, _ = demo_load()
    decision = project.decisions.get()
    union = project.stakeholder_groups.get(preset_key="union")
    owner = project.memberships.get(role="owner").user
    engagement_create(
        actor=owner,
        project=project,
        date=decision.date - dt.timedelta(days=1),
        kind="meeting",
        topic="Early consultation",
        groups=[union],
    )
    reasons = [r for f in project_findings(project) for r in f.reasons]
    assert not any("Union representatives" in r for r in reasons)
    assert any("Affected employees" in r for r in reasons)  # still never engaged


def test_a_new_project_is_told_what_is_missing(project):
    assert rules(project_findings(project)) == [
        "privacy_late",
        "job_fear_unanswered",
        "union_not_heard_before_pilot",  # the plan's pilot starts in week 5
        "value_not_quantified",
        "it_left_out",
    ]


def test_snapshot_reads_the_business_case(project, owner):
    from samspill.business.services import business_case_save

    business_case_save(
        actor=owner,
        project=project,
        expected_version=None,
        hours_saved_per_week=5,
        licence_setup_cost=90000,
        training_cost=1000,
        training_share_target_pct=10,
    )
    snapshot = project_snapshot(project)
    assert snapshot.roi_saved and snapshot.hours_saved_known
    assert snapshot.training_share == Decimal(1000) / Decimal(91000)
    assert "training_underfunded" in rules(project_findings(project))


def test_findings_follow_the_interface_language(client, project, owner):
    client.force_login(owner)
    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    page = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert "Personvernet kommer for sent" in page
    assert "Fix it" not in page and "Rett det opp" in page
