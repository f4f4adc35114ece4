"""Accounts are matched by username; membership is the importer's decision, not the file's."""

import json

import pytest
from django.contrib.auth import get_user_model

from samspill.overview.demo import demo_load
from samspill.transfer.exporting import project_export_json
from samspill.transfer.importing import project_import
from samspill.transfer.presenting import report_notes
from samspill.transfer.tests.helpers import demo_owner

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_file():
    project, _created = demo_load()
    return project_export_json(project, actor=demo_owner())


def roles(project) -> dict[str, str]:
    return dict(project.memberships.values_list("user__username", "role"))


def test_the_importer_is_the_only_member_unless_members_are_kept(demo_file, make_user):
    someone = make_user(username="someone")
    report = project_import(actor=someone, data=demo_file, filename="demo.json")
    assert roles(report.project) == {"someone": "owner"}
    assert report.members_not_added == [
        "demo (owner)",
        "team (editor)",
        "leader (viewer)",
        "union (observer)",
    ]
    assert any("Not added as members" in note for note in report_notes(report))


def test_kept_members_keep_their_roles_and_the_importer_owns(demo_file):
    team = get_user_model().objects.get(username="team")
    report = project_import(actor=team, data=demo_file, filename="demo.json", keep_members=True)
    assert roles(report.project) == {
        "demo": "owner",
        "team": "owner",
        "leader": "viewer",
        "union": "observer",
    }


def test_an_account_missing_here_is_left_empty_and_reported(demo_file):
    document = json.loads(demo_file)
    items = document["objects"]["trust.checklistitem"]
    owned = [item for item in items if item["fields"]["owner"] == "demo"]
    for item in owned:
        item["fields"]["owner"] = "ghost"
    document["objects"]["stakeholders.stancechange"][0]["fields"]["author"] = "ghost"
    report = project_import(
        actor=demo_owner(), data=json.dumps(document).encode(), filename="demo.json"
    )
    assert report.users_not_found == ["ghost"]
    assert not report.project.checklist_items.filter(owner__isnull=False).exists()
    change = (
        report.project.people.get(
            uuid=report.uuid_map[document["objects"]["stakeholders.person"][0]["id"]]
        )
        .stance_changes.order_by("pk")
        .first()
    )
    assert change.author is None
    assert change.author_label == "demo"  # the label keeps who it was
    assert "No account here for ghost" in report_notes(report)[0]


def test_existing_accounts_are_matched_by_username(demo_file, make_user):
    report = project_import(actor=make_user(username="x"), data=demo_file, filename="d.json")
    owners = set(report.project.checklist_items.values_list("owner__username", flat=True))
    assert owners == {"demo", None}


def test_from_the_command_line_an_owner_comes_from_the_file_or_must_be_named(demo_file):
    report = project_import(actor=None, data=demo_file, filename="d.json", keep_members=True)
    assert roles(report.project)["demo"] == "owner"
    assert report.project.audit_entries.get().actor_label == "system"
