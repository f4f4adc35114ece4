import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from method.objections import ObjectionCategory
from samspill.audit.models import AuditEntry
from samspill.core import clock
from samspill.objections import services
from samspill.objections.models import Objection
from samspill.overview.diagnostics import project_snapshot
from samspill.stakeholders.selectors import build_map
from samspill.stakeholders.services import person_create


def union(project):
    return project.stakeholder_groups.get(preset_key="union")


def log(project, actor, text="Will this AI take our jobs?", **kwargs):
    kwargs.setdefault("group", union(project))
    return services.objection_log(
        actor=actor, project=project, text=text, raised_on=dt.date(2026, 9, 8), **kwargs
    )


def test_an_observer_logs_an_objection_and_it_is_matched(client, project, members):
    client.force_login(members["observer"])
    response = client.post(
        reverse("objections:log", args=[project.slug]),
        {
            "text": "We are afraid the robot will replace people in recruitment.",
            "raised_on": "2026-09-08",
            "group": union(project).pk,
            "occasion": "Union meeting",
        },
    )
    objection = Objection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("objections:detail", args=[project.slug, objection.uuid])
    assert objection.category == "job_security"
    assert objection.suggestions[0]["category"] == "job_security"
    assert len(objection.suggestions) == 3
    scores = [s["score"] for s in objection.suggestions]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert objection.logged_by == members["observer"]
    page = client.get(response["Location"]).content.decode()
    assert "Job security" in page and "%" in page
    assert AuditEntry.objects.filter(object_type="objections.objection", action="create").exists()


def test_a_person_speaks_within_their_group(project, owner):
    hr = project.stakeholder_groups.get(preset_key="hr")
    person = person_create(actor=owner, project=project, group=hr, name="Ada")
    objection = log(project, owner, person=person, group=union(project))
    assert objection.group == hr


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"group": None}, "Say who raised it"),
        ({"raised_on": dt.date.today() + dt.timedelta(days=1)}, "cannot be raised in the future"),
        ({"text": "?!? 123"}, "No category fits the text by itself"),
    ],
)
def test_bad_objections_are_refused_and_nothing_is_saved(project, owner, kwargs, message):
    values = {
        "text": "Who decides in the end, the machine?",
        "raised_on": dt.date(2026, 9, 8),
        "group": union(project),
    } | kwargs
    with pytest.raises(ValidationError, match=message):
        services.objection_log(actor=owner, project=project, **values)
    assert not Objection.objects.exists()
    assert not AuditEntry.objects.filter(object_type="objections.objection").exists()


def test_a_chosen_category_is_kept_even_when_nothing_matches(project, owner):
    objection = log(project, owner, text="?!? 123", category="cost")
    assert objection.category == "cost" and objection.suggestions == []


def test_answering_needs_an_answer_and_is_tracked(project, owner):
    objection = log(project, owner)
    with pytest.raises(ValidationError, match="Write the answer"):
        services.objection_update(
            actor=owner, objection=objection, expected_version=1, status="answered"
        )
    services.objection_update(
        actor=owner,
        objection=objection,
        expected_version=1,
        status="answered",
        answer="Nobody loses their job; a written statement follows.",
    )
    services.objection_update(
        actor=owner, objection=objection, expected_version=2, status="resolved"
    )
    changes = [
        e.changes
        for e in AuditEntry.objects.filter(
            object_type="objections.objection", action="update"
        ).order_by("sequence")
    ]
    assert changes[0]["status"] == ["open", "answered"]
    assert changes[1] == {"status": ["answered", "resolved"]}


def test_answering_drops_the_groups_open_count_on_the_map(client, project, owner):
    objection = log(project, owner)
    log(project, owner, text="Is our personal data safe with the vendor?")
    counts = {
        s.group.preset_key: s.open_objections for s in build_map(project, clock.today()).groups
    }
    assert counts["union"] == 2 and counts["hr"] == 0
    client.force_login(owner)
    response = client.post(
        reverse("objections:answer", args=[project.slug, objection.uuid]),
        {"category": "job_security", "status": "answered", "answer": "No jobs go.", "version": 1},
    )
    assert response.status_code == 302
    counts = {
        s.group.preset_key: s.open_objections for s in build_map(project, clock.today()).groups
    }
    assert counts["union"] == 1


def test_open_job_security_objections_feed_the_diagnostics(project, owner):
    assert project_snapshot(project).open_job_security_objections == 0
    objection = log(project, owner)
    log(project, owner, text="The licence costs far too much money.")
    assert objection.category == ObjectionCategory.JOB_SECURITY
    assert project_snapshot(project).open_job_security_objections == 1


def test_free_text_from_observers_is_rendered_safely(client, project, members):
    objection = log(
        project, members["observer"], text="<script>alert('x')</script> will we lose our jobs?"
    )
    client.force_login(members["viewer"])
    for url in (
        reverse("objections:list", args=[project.slug]),
        reverse("objections:detail", args=[project.slug, objection.uuid]),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_live_suggestions_while_typing(client, project, members):
    client.force_login(members["observer"])
    response = client.post(
        reverse("objections:suggest", args=[project.slug]),
        {"text": "Wird das Tool unsere Leistung überwachen?"},
    )
    assert response.status_code == 200
    assert 'data-category="surveillance"' in response.content.decode()
    empty = client.post(reverse("objections:suggest", args=[project.slug]), {"text": ""})
    assert "Suggestions appear as you type" in empty.content.decode()


def test_the_library_shows_every_category_and_the_projects_own(client, project, owner):
    services.entry_create(
        actor=owner,
        project=project,
        category="cost",
        title="Our budget is frozen",
        reality="The pilot is funded from this year's HR budget.",
        response="We start small and stop if it does not pay.",
    )
    client.force_login(owner)
    page = client.get(reverse("objections:library", args=[project.slug])).content.decode()
    for category in ObjectionCategory:
        assert f'id="category-{category.value}"' in page
    assert "Our budget is frozen" in page


def test_cli_match_json_always_prints_three_padding_with_zero(capsys):
    call_command("objections", "match", "Vil KI-en ta jobben min?", "--json")
    result = json.loads(capsys.readouterr().out)
    assert len(result) == 3 and result[0]["category"] == "job_security"
    assert len({r["category"] for r in result}) == 3
    assert all(0 <= r["score"] <= 1 for r in result)


def test_cli_match_json_prints_the_top_three(capsys):
    call_command(
        "objections",
        "match",
        "Vi er redde for at roboten tar jobbene våre",
        "--lang",
        "nb",
        "--json",
    )
    result = json.loads(capsys.readouterr().out)
    assert len(result) == 3 and result[0]["category"] == "job_security"
    assert set(result[0]) == {"category", "score"}
    assert [r["score"] for r in result] == sorted((r["score"] for r in result), reverse=True)


def test_cli_match_table_shows_a_response(capsys):
    call_command("objections", "match", "Who can see my personal data?")
    out = capsys.readouterr().out
    assert out.splitlines()[1].split()[1] == "privacy"
    assert "score" in out.splitlines()[0]


def test_cli_match_refuses_empty_text():
    with pytest.raises(CommandError, match="no text"):
        call_command("objections", "match", "   ")


def test_an_objection_can_name_the_engagement_it_came_up_in(client, project, members):
    from samspill.stakeholders.services import engagement_create

    meeting = engagement_create(
        actor=members["owner"],
        project=project,
        date=dt.date(2026, 9, 8),
        kind="meeting",
        topic="Union meeting",
        groups=[union(project)],
    )
    client.force_login(members["observer"])
    response = client.post(
        reverse("objections:log", args=[project.slug]),
        {
            "text": "Will people lose their jobs?",
            "raised_on": "2026-09-08",
            "group": union(project).pk,
            "engagement": meeting.pk,
        },
    )
    assert response.status_code == 302
    assert Objection.objects.get().engagement == meeting


def test_a_text_that_matches_nothing_asks_for_a_category_instead_of_failing(client, project, owner):
    client.force_login(owner)
    url = reverse("objections:log", args=[project.slug])
    data = {"text": "?!? 123", "raised_on": "2026-09-08", "group": union(project).pk}
    response = client.post(url, data)
    assert response.status_code == 200 and "please choose one" in response.content.decode()
    assert client.post(url, {**data, "category": "cost"}).status_code == 302


def test_a_zero_percent_match_is_never_listed_as_a_suggestion(client, project, members):
    objection = log(project, members["owner"])
    objection.suggestions = [
        {"category": "job_security", "score": 0.93},
        {"category": "cost", "score": 0.004},
        {"category": "privacy", "score": 0.0},
    ]
    objection.save(update_fields=["suggestions"])
    client.force_login(members["viewer"])
    page = client.get(reverse("objections:detail", args=[project.slug, objection.uuid]))
    text = page.content.decode()
    assert 'data-category="job_security"' in text
    assert 'data-category="cost"' not in text and 'data-category="privacy"' not in text
    assert "0 %" not in text
