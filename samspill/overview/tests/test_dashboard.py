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


def test_the_live_counts_read_in_one_query_agree_with_their_own_selectors(
    project, owner, make_user, django_assert_num_queries
):
    """The dashboard reads released answers and control breaches as subqueries of one
    query; each must equal its app's own selector, with nothing and with rows, and never
    count another project's."""
    import datetime as dt

    from django.utils import timezone

    from samspill.controls.models import BreachResponse, Control, ControlWeek
    from samspill.controls.services import controls_ensure_defaults
    from samspill.core import clock
    from samspill.overview.dashboard import live_counts
    from samspill.projects.services import project_create
    from samspill.surveys.models import Survey
    from samspill.surveys.selectors import release_marker

    def breach_counts(of, today):
        """The aggregate the dashboard used before its one query: the oracle."""
        from django.db.models import Count, Q

        from method import controls as rules

        breached = Q(state=rules.State.BREACHED)
        return ControlWeek.objects.filter(control__project=of).aggregate(
            breached=Count(
                "id", filter=breached & Q(week=rules.monday(today), control__active=True)
            ),
            unanswered=Count("id", filter=breached & Q(response__isnull=True)),
        )

    def agree(of):
        with django_assert_num_queries(2):  # the figures, then the desk's deadlines
            live = live_counts(of)
        assert live["released"] == release_marker(of)
        assert live["control_breaches"] == breach_counts(of, clock.today())
        return live

    assert agree(project)["released"] == 0
    assert agree(project)["control_breaches"] == {"breached": 0, "unanswered": 0}

    other = project_create(
        actor=make_user(username="other"), name="Other", ai_tool="T", start_date=clock.today()
    )
    this_monday = clock.today() - dt.timedelta(days=clock.today().weekday())
    now = timezone.now()
    for where in (project, other):
        Survey.objects.create(project=where, title="A", released_answers=7)
        Survey.objects.create(project=where, title="B", released_answers=5)
        controls = controls_ensure_defaults(actor=owner, project=where)[:3]
        weeks = (this_monday, this_monday, this_monday - dt.timedelta(7))
        for control, week in zip(controls, weeks, strict=True):
            ControlWeek.objects.create(
                control=control, week=week, state="breached", evaluated_at=now
            )
        answered = ControlWeek.objects.filter(control=controls[0]).get()
        BreachResponse.objects.create(
            breach=answered, cause="c", measure="m", responded_by=owner, responded_at=now
        )
        Control.objects.filter(pk=controls[1].pk).update(active=False)

    live = agree(project)
    assert live["released"] == 12
    # This week: controls 0 (on) and 1 (switched off): one counts; unanswered: 1 and 2.
    assert live["control_breaches"] == {"breached": 1, "unanswered": 2}
