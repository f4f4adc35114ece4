"""The export covers every model and every field, found independently of schema.py."""

import pytest
from django.apps import apps
from django.db import models

from samspill.projects.models import Project
from samspill.transfer.schema import NOT_OBJECTS, project_fields, project_models
from samspill.transfer.tests.helpers import autofill, demo_owner, export, rich_project

# The audit trail travels in the file's "audit" section, not among the objects.


def _samspill_models():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_config.name.startswith("samspill.") and m is not Project
    ]


def _relates_to_a_project(model, seen=()) -> bool:
    """Any forward key or many-to-many, at any depth, that ends at a project."""
    for field in model._meta.get_fields():
        if not field.is_relation or field.auto_created or field.related_model is None:
            continue
        target = field.related_model
        if target is Project:
            return True
        if (
            target not in seen
            and target is not model
            and _relates_to_a_project(target, (*seen, model))
        ):
            return True
    return False


def test_every_model_that_relates_to_a_project_is_exported():
    exported = {plan.label for plan in project_models()}
    related = {
        m._meta.label_lower
        for m in _samspill_models()
        if _relates_to_a_project(m) and m._meta.label_lower not in NOT_OBJECTS
    }
    assert related - exported == set(), "teach samspill/transfer to carry these"


def expected_fields(model) -> set[str]:
    """Every field an object's record must hold: all but its id, its project and tokens."""
    names = set()
    for field in model._meta.concrete_fields:
        if field.primary_key or field.related_model is Project:
            continue
        if field.name == "uuid" or (field.unique and field.has_default()):
            continue
        names.add(field.name)
    return names | {field.name for field in model._meta.many_to_many}


@pytest.mark.django_db
def test_every_record_holds_every_field_of_its_model():
    project = rich_project()
    autofill(project, demo_owner())
    document = export(project)
    assert set(document["project"]["fields"]) == expected_fields(Project) - {"slug"}
    for label, records in document["objects"].items():
        wanted = expected_fields(apps.get_model(label))
        assert records, label
        for record in records:
            assert set(record["fields"]) == wanted, label


def test_models_come_after_the_models_their_keys_need():
    placed = set()
    for plan in project_models():
        for field in plan.fields:
            if field.target and not field.field.many_to_many and not field.deferred:
                assert field.target in placed | {plan.model}, (plan.label, field.name)
        placed.add(plan.model)


def test_the_project_fields_are_all_plain_values():
    assert {f.name for f in project_fields()} == expected_fields(Project) - {"slug"}
    assert all(not isinstance(f.field, models.ForeignKey) for f in project_fields())
