from django.core.management import call_command

from samspill.audit.chain import verify_stored_chain
from samspill.overview.demo import DEMO_SLUG, demo_load
from samspill.projects.models import Project


def test_demo_loads_the_story_the_issue_describes(db):
    project, created = demo_load()
    assert created
    titles = set(project.people.values_list("title", flat=True))
    assert {"Chief executive, holds the budget", "IT director", "Data protection officer"} <= titles
    assert project.people.filter(group__preset_key="union").count() == 2
    assert project.people.filter(group__preset_key="partners").exists()
    roles = dict(project.memberships.values_list("user__username", "role"))
    assert roles == {"demo": "owner", "team": "editor", "leader": "viewer", "union": "observer"}


def test_demo_has_a_decision_taken_before_the_union_was_heard(db):
    project, _ = demo_load()
    decision = project.decisions.get()
    union = project.stakeholder_groups.get(preset_key="union")
    assert union in decision.affected_groups.all()
    assert union not in decision.heard_groups.all()
    first_union_meeting = union.engagements.order_by("date").first()
    assert first_union_meeting.date > decision.date


def test_loading_twice_keeps_data_and_does_not_duplicate(db):
    first, _ = demo_load()
    second, created = demo_load()
    assert not created
    assert first.pk == second.pk
    assert Project.objects.filter(slug=DEMO_SLUG).count() == 1


def test_reset_reloads_in_the_chosen_language_and_keeps_the_chain_intact(db):
    demo_load()
    project, created = demo_load(language="nb", reset=True)
    assert created
    assert project.stakeholder_groups.filter(name="Ledelsen").exists()
    assert Project.objects.count() == 1
    assert verify_stored_chain().ok


def test_demo_command_prints_the_login(db, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "demo (owner)" in out
    assert "samspill-demo" in out
