"""A file that is not right is refused with a clear message, and nothing changes."""

import json

import pytest

from samspill.overview.demo import demo_load
from samspill.transfer.errors import TransferError
from samspill.transfer.exporting import project_export_json
from samspill.transfer.importing import project_import
from samspill.transfer.tests.helpers import db_state, demo_owner, rich_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported():
    project, _created = demo_load()
    return json.loads(project_export_json(project, actor=demo_owner()))


def refused(data: bytes, file_storage=None) -> list[str]:
    """Import `data`, expecting a refusal; check that nothing changed, and return why."""
    before = db_state()
    files_before = sorted(file_storage.listdir("") if file_storage else [])
    with pytest.raises(TransferError) as error:
        project_import(actor=demo_owner(), data=data, filename="bad.json")
    assert db_state() == before
    if file_storage:
        assert sorted(file_storage.listdir("")) == files_before
    return error.value.problems


def encoded(document: dict) -> bytes:
    return json.dumps(document).encode()


def test_an_unknown_schema_version_is_refused(exported):
    exported["schema"] = 2
    (problem,) = refused(encoded(exported))
    assert "schema 2" in problem and "reads schema 1" in problem


def test_a_file_that_is_not_json_is_refused(exported):
    (problem,) = refused(b"{'format': 'samspill-project'}")
    assert "not valid JSON" in problem


def test_a_truncated_file_is_refused(exported):
    data = encoded(exported)
    (problem,) = refused(data[: len(data) // 2])
    assert "not valid JSON" in problem


def test_a_file_that_is_not_utf8_is_refused(exported):
    (problem,) = refused(b"\xff\xfe{}")
    assert "UTF-8" in problem


def test_another_kind_of_json_is_refused(exported):
    (problem,) = refused(b"[1, 2, 3]")
    assert "not a Samspill project export" in problem
    exported["format"] = "something-else"
    assert "not a Samspill project export" in refused(encoded(exported))[0]


def test_missing_keys_are_named(exported):
    del exported["objects"]
    del exported["project"]["fields"]
    problems = refused(encoded(exported))
    assert any("objects" in p for p in problems)
    assert any("fields" in p for p in problems)


def test_a_reference_to_an_object_not_in_the_file_is_refused(exported):
    person = exported["objects"]["stakeholders.person"][0]
    person["fields"]["group"] = "00000000-0000-4000-8000-000000000000"
    (problem,) = refused(encoded(exported))
    assert person["id"] in problem
    assert "group" in problem and "not in the file" in problem


def test_an_unknown_reference_in_a_many_to_many_is_refused(exported):
    exported["objects"]["stakeholders.engagement"][0]["fields"]["people"].append("nobody")
    assert "not in the file" in refused(encoded(exported))[0]


def test_values_of_the_wrong_type_are_refused_and_all_listed(exported):
    people = exported["objects"]["stakeholders.person"]
    people[0]["fields"]["influence"] = "high"
    people[1]["fields"]["name"] = 42
    people[2]["fields"]["influence"] = True
    exported["objects"]["rollout.phase"][0]["fields"]["start_date"] = "next week"
    problems = refused(encoded(exported))
    assert len(problems) == 4
    assert "influence: expected a whole number, found text" in problems[0]
    assert "name: expected text, found a number" in problems[1]


def test_values_the_model_refuses_are_refused(exported):
    exported["objects"]["stakeholders.person"][0]["fields"]["influence"] = 9
    exported["objects"]["rollout.phase"][0]["fields"]["end_date"] = "1999-01-01"
    problems = refused(encoded(exported))
    assert any("influence" in p and "less than or equal to 5" in p for p in problems)
    assert any("cannot end before it starts" in p for p in problems)


def test_unknown_fields_and_kinds_of_object_are_refused(exported):
    exported["objects"]["stakeholders.person"][0]["fields"]["shoe_size"] = 44
    exported["objects"]["auth.user"] = [{"id": "1", "fields": {"username": "root"}}]
    problems = refused(encoded(exported))
    assert any("shoe_size" in p for p in problems)
    assert any(p.startswith("auth.user") for p in problems)


def test_an_empty_required_key_is_refused(exported):
    exported["objects"]["stakeholders.person"][0]["fields"]["group"] = None
    exported["objects"]["projects.membership"][1]["fields"]["user"] = ["team"]
    problems = refused(encoded(exported))
    assert "user: expected a username" in problems[0]  # memberships come first
    assert "group: this cannot be empty" in problems[1]


def test_an_object_that_appears_twice_is_refused(exported):
    people = exported["objects"]["stakeholders.person"]
    people.append(people[0])
    assert "appears twice" in refused(encoded(exported))[0]


def test_a_malformed_object_is_refused(exported):
    exported["objects"]["rollout.phase"][0] = ["not", "an", "object"]
    assert "“id”" in refused(encoded(exported))[0]


def test_an_altered_audit_entry_is_refused(exported):
    exported["audit"][3]["actor"] = "someone else"
    (problem,) = refused(encoded(exported))
    assert "audit entry 4" in problem and "does not match its hash" in problem


def test_a_broken_file_rule_in_the_database_is_refused(exported):
    # Two groups with one name: only the database's unique constraint can tell.
    groups = exported["objects"]["stakeholders.stakeholdergroup"]
    groups[1]["fields"]["name"] = groups[0]["fields"]["name"]
    assert "breaks a rule of the database" in refused(encoded(exported))[0]


def test_an_evidence_file_that_does_not_match_its_checksum_is_refused(file_storage):
    document = json.loads(project_export_json(rich_project(), actor=demo_owner()))
    item = next(
        i for i in document["objects"]["trust.checklistitem"] if i["fields"]["evidence_file"]
    )
    item["fields"]["evidence_file"]["sha256"] = "0" * 64
    (problem,) = refused(encoded(document), file_storage)
    assert "does not match its size and checksum" in problem


def test_a_late_failure_leaves_no_stored_file_behind(file_storage):
    """The evidence file is written before the rows; a refused insert must delete it."""
    document = json.loads(project_export_json(rich_project(), actor=demo_owner()))
    groups = document["objects"]["stakeholders.stakeholdergroup"]
    groups[1]["fields"]["name"] = groups[0]["fields"]["name"]
    stored_before = _all_files(file_storage)
    refused(encoded(document))
    assert _all_files(file_storage) == stored_before


def _all_files(storage) -> set[str]:
    root = storage.path("")
    import os

    return {os.path.join(path, name) for path, _dirs, names in os.walk(root) for name in names}


def test_a_taken_slug_is_refused(exported):
    before = db_state()
    with pytest.raises(TransferError, match="“demo” is taken"):
        project_import(actor=demo_owner(), data=encoded(exported), filename="f.json", slug="demo")
    with pytest.raises(TransferError, match="slug"):
        project_import(
            actor=demo_owner(), data=encoded(exported), filename="f.json", slug="Not a slug!"
        )
    assert db_state() == before
