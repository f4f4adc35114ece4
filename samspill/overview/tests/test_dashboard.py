from django.urls import reverse

from samspill.overview.demo import demo_load
from samspill.trust import services as trust_services


def test_the_demo_dashboard_shows_warnings_gate_milestones_and_trust(client, db):
    project, _ = demo_load()
    owner = project.memberships.get(role="owner").user
    client.force_login(owner)
    response = client.get(reverse("projects:detail", args=[project.slug]))
    context = response.context
    assert [a.kind for a in context["actions"]] == ["warning", "warning", "gate"]
    gate_action = context["actions"][2]
    limits = project.checklist_items.get(key="limits_documented")
    assert gate_action.url == reverse("trust:item_edit", args=[project.slug, limits.uuid])
    assert context["trust"].next_gate.result.phase == "prototype"
    page = response.content.decode()
    assert "Where the groups stand" in page and "TRUST progress" in page
    assert "Coming milestones" in page


def test_a_met_gate_moves_the_dashboard_to_the_next_one(client, db):
    project, _ = demo_load()
    owner = project.memberships.get(role="owner").user
    item = project.checklist_items.get(key="limits_documented")
    trust_services.item_update(actor=owner, item=item, expected_version=item.version, status="done")
    client.force_login(owner)
    context = client.get(reverse("projects:detail", args=[project.slug])).context
    assert context["trust"].next_gate.result.phase == "pilot"
