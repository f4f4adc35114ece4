import uuid

import pytest
from django.db import models
from django.db.models import Q

from samspill.audit.chain import verify_stored_chain
from samspill.audit.models import AuditEntry
from samspill.overview.demo import demo_load
from samspill.projects.models import Project
from samspill.transfer.exporting import project_export_json
from samspill.transfer.history import history_check
from samspill.transfer.importing import project_import
from samspill.transfer.schema import KEPT_HERE, has_uuid, project_models, stable_order
from samspill.transfer.tests.helpers import (
    EVIDENCE,
    assert_same_export,
    autofill,
    demo_owner,
    export,
    normalised,
    rich_project,
)

pytestmark = pytest.mark.django_db


def round_trip(project, **options):
    owner = demo_owner()
    data = project_export_json(project, actor=owner)
    report = project_import(actor=owner, data=data, filename="project.json", **options)
    return export(project), report


def test_the_demo_survives_export_import_export_unchanged():
    project, _created = demo_load()
    first, report = round_trip(project, keep_members=True)
    assert report.project.slug == "demo-2"
    assert_same_export(first, normalised(export(report.project), report.uuid_map))


def test_a_project_with_every_kind_of_object_survives_unchanged():
    project = rich_project()
    autofill(project, demo_owner())
    first, report = round_trip(project, keep_members=True)
    assert_same_export(first, normalised(export(report.project), report.uuid_map))
    empty = {label for label, records in first["objects"].items() if not records}
    assert empty == set()


def _identity(obj, uuid_map: dict | None, positions: dict):
    """How an object is known across the two projects: its uuid (mapped), or its place."""
    if has_uuid(type(obj)):
        old = str(obj.uuid)
        return uuid_map.get(old, old) if uuid_map else old
    return (obj._meta.label_lower, positions[(type(obj), obj.pk)])


def _values(obj, uuid_map, positions) -> dict:
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name == "uuid" or field.related_model is Project:
            continue
        if field.unique and field.has_default():
            continue  # a token of this server: new on import
        if field.is_relation and field.related_model in {p.model for p in project_models()}:
            target = getattr(obj, field.name)
            values[field.name] = target and _identity(target, uuid_map, positions)
        elif isinstance(field, models.FileField):
            file = getattr(obj, field.name)
            values[field.name] = file and (file.name.rsplit("/", 1)[-1], file.read())
        else:
            values[field.name] = getattr(obj, field.attname)
    for field in obj._meta.many_to_many:
        targets = getattr(obj, field.name).all()
        values[field.name] = sorted(str(_identity(t, uuid_map, positions)) for t in targets)
    return values


def test_every_stored_value_is_the_same_in_the_copy():
    """Read from the database, not the export: a field the export forgot fails here."""
    project = rich_project()
    autofill(project, demo_owner())
    _first, report = round_trip(project, keep_members=True)
    copy = report.project
    plans = project_models()
    rows = {
        side: {
            plan.model: list(
                plan.model.objects.filter(**{plan.path: p})
                .exclude(KEPT_HERE.get(plan.label, Q()))
                .order_by(*stable_order(plan.model))
            )
            for plan in plans
        }
        for side, p in (("old", project), ("new", copy))
    }
    positions = {
        (type(obj), obj.pk): n
        for side in rows.values()
        for objects in side.values()
        for n, obj in enumerate(objects)
    }
    compared = 0
    for plan in plans:
        old, new = rows["old"][plan.model], rows["new"][plan.model]
        assert len(old) == len(new), plan.label
        for before, after in zip(old, new, strict=True):
            expected = _values(before, report.uuid_map, positions)
            assert _values(after, None, positions) == expected, plan.label
            compared += 1
    assert compared == report.objects
    assert _values(copy, None, {}) | {"slug": None} == _values(project, None, {}) | {"slug": None}


def test_the_evidence_file_travels_with_its_name_and_content():
    project = rich_project()
    _first, report = round_trip(project)
    item = report.project.checklist_items.exclude(evidence_file="").get()
    assert item.evidence_file.name.rsplit("/", 1)[-1] == "data-inventory.pdf"
    assert item.evidence_file.read() == EVIDENCE


def test_new_uuids_are_derived_from_the_new_project_and_the_old_uuid():
    project, _created = demo_load()
    _first, report = round_trip(project)
    copy = report.project
    assert str(copy.uuid) == report.uuid_map[str(project.uuid)]
    for person in project.people.all():
        new = uuid.uuid5(copy.uuid, str(person.uuid))
        assert copy.people.filter(uuid=new, name=person.name).exists()


def test_the_audit_chain_verifies_after_an_import_and_the_history_is_sealed():
    project = rich_project()
    first, report = round_trip(project)
    assert verify_stored_chain().ok
    check = history_check(report.project)
    assert check.ok
    assert check.checked == len(first["audit"]) == report.history_entries


def test_the_import_is_one_entry_in_the_live_trail_naming_the_file():
    project, _created = demo_load()
    owner = demo_owner()
    data = project_export_json(project, actor=owner)
    report = project_import(actor=owner, data=data, filename="demo.json")
    seal = AuditEntry.objects.get(project=report.project)
    assert seal.action == "create"
    assert seal.actor_label == "demo"
    assert seal.changes["imported_from"] == [None, "demo.json"]
    assert seal.changes["original_project"] == [None, str(project.uuid)]
    assert seal.changes["history_entries"] == [None, report.history_entries]
    assert len(seal.changes["file_sha256"][1]) == 64


def test_the_same_file_imports_again_as_another_project():
    project, _created = demo_load()
    owner = demo_owner()
    data = project_export_json(project, actor=owner)
    slugs = [project_import(actor=owner, data=data, filename="d.json").project.slug for _ in "ab"]
    assert slugs == ["demo-2", "demo-3"]


def test_an_exported_copy_carries_the_whole_history_on_a_second_move():
    project, _created = demo_load()
    owner = demo_owner()
    once = project_import(
        actor=owner, data=project_export_json(project, actor=owner), filename="a.json"
    )
    twice = project_import(
        actor=owner, data=project_export_json(once.project, actor=owner), filename="b.json"
    )
    assert twice.history_entries == once.history_entries + 1  # plus the first import's seal
    assert history_check(twice.project).ok
    assert verify_stored_chain().ok


def test_a_chosen_slug_is_used():
    project, _created = demo_load()
    _first, report = round_trip(project, slug="cv-screening-copy")
    assert report.project.slug == "cv-screening-copy"
    assert Project.objects.filter(slug="demo").exists()
