"""Shared test helpers: a project with something in every corner, and exact comparisons."""

import copy
import datetime as dt
import json
import uuid
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models

from samspill.audit.models import AuditChainHead
from samspill.overview.demo import demo_load
from samspill.transfer.exporting import project_export_json
from samspill.transfer.schema import Kind, project_models

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples"
EVIDENCE = b"%PDF-1.4 the data inventory, signed \xe6\xf8\xe5"


def demo_owner():
    return get_user_model().objects.get(username="demo")


def rich_project():
    """The demo, plus what it leaves empty: training, a gate override, the library, the
    pilot, an evidence file, and a stance change whose author's account is gone."""
    from samspill.objections.services import entry_create
    from samspill.pilot.services import pilot_import
    from samspill.trust.services import gate_override, session_create

    project, _created = demo_load()
    owner = demo_owner()
    groups = list(project.stakeholder_groups.all())
    session_create(
        actor=owner,
        project=project,
        audience=groups[:2],
        tier="superuser",
        title="Super-user course",
        date=project.start_date + dt.timedelta(days=30),
        invited=12,
        attended=9,
    )
    gate_override(actor=owner, project=project, phase_key="pilot", reason="Agreed in writing.")
    entry_create(
        actor=owner,
        project=project,
        category="cost",
        title="The licence is too dear",
        reality="It costs less than one hire.",
        response="Here are the numbers.",
        compromise="A smaller first year.",
    )
    pilot_import(
        actor=owner,
        project=project,
        data=(SAMPLES / "pilot.csv").read_bytes(),
        filename="pilot.csv",
        attributes=["gender", "age_band"],
    )
    item = project.checklist_items.first()
    item.evidence_file.save("data-inventory.pdf", ContentFile(EVIDENCE), save=True)
    gone = get_user_model().objects.create(username="gone")
    person = project.people.first()
    person.stance_changes.create(
        changed_on=project.start_date, previous=0, stance=1, author=gone, author_label="gone"
    )
    gone.delete()  # the change keeps its label; the key becomes null
    return project


_SAMPLES = {
    "DecimalField": Decimal("1.5"),
    "FloatField": 1.5,
    "DateTimeField": dt.datetime(2026, 3, 4, 5, 6, 7, 89, tzinfo=dt.UTC),
    "TimeField": dt.time(9, 30),
    "DurationField": dt.timedelta(hours=1, seconds=3),
    "JSONField": {"sample": [1, "two"]},
    "BinaryField": b"\x00\x01sample bytes",
    "BooleanField": True,
}


def _sample(field: models.Field, project):
    """A valid, non-empty value for a field, for a model nobody has filled by hand yet."""
    if field.choices:
        return field.flatchoices[0][0]
    if field.has_default():
        return field.get_default()
    kind = field.get_internal_type()
    if isinstance(field, models.EmailField):
        return "sample@example.org"
    if isinstance(field, models.URLField):
        return "https://example.org/sample"
    if kind in ("CharField", "TextField", "SlugField"):
        return "sample"[: field.max_length or 6]
    if kind.endswith("IntegerField"):
        return 1
    if kind == "DateField":
        return project.start_date
    if kind == "UUIDField":
        return uuid.uuid4()
    return _SAMPLES[kind]


def autofill(project, user) -> None:
    """One object of every project model the project has none of: models added later
    round-trip in the tests without anyone writing a fixture for them."""
    for plan in project_models():
        if plan.model._base_manager.filter(**{plan.path: project}).exists():
            continue
        obj, links = plan.model(), {}
        if plan.owner:
            setattr(obj, plan.owner, project)
        for field in plan.fields:
            target = (
                field.target._base_manager.filter(
                    **{next(p.path for p in project_models() if p.model is field.target): project}
                ).first()
                if field.kind == Kind.REF
                else None
            )
            if field.field.many_to_many:
                links[field.name] = [user] if field.kind == Kind.USER else [target]
            elif field.kind == Kind.REF:
                setattr(obj, field.name, target)
            elif field.kind == Kind.USER:
                setattr(obj, field.name, user)
            elif field.kind == Kind.FILE:
                setattr(obj, field.name, ContentFile(b"sample", name="sample.txt"))
            else:
                setattr(obj, field.field.attname, _sample(field.field, project))
        try:
            obj.full_clean()
        except ValidationError as error:
            raise AssertionError(f"autofill cannot make a valid {plan.label}: {error}") from None
        obj.save()
        for name, targets in links.items():
            getattr(obj, name).set([t for t in targets if t is not None])


def export(project, actor=None) -> dict:
    return json.loads(project_export_json(project, actor=actor or demo_owner()))


def db_state() -> dict:
    """Row counts of every table and the audit chain's head: what a refused import must keep."""
    counts = {model._meta.label: model._base_manager.count() for model in apps.get_models()}
    head = AuditChainHead.objects.filter(pk=1).values_list("sequence", "last_hash").first()
    return {"counts": counts, "head": head}


def _map_strings(value, mapping: dict):
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [_map_strings(item, mapping) for item in value]
    if isinstance(value, dict):
        return {key: _map_strings(item, mapping) for key, item in value.items()}
    return value


def normalised(second: dict, uuid_map: dict) -> dict:
    """The second export as the first would read: only what must differ is undone.

    The new uuids map back to the old ones; the slug and the export time differ; the new
    project's own live audit entries (the import's seal) are left out.
    """
    document = copy.deepcopy(second)
    new_project = document["project"]["uuid"]
    document["audit"] = [e for e in document["audit"] if e["project"] != new_project]
    for key in ("exported_at", "audit_head"):  # the head counts the seal: tested apart
        document.pop(key)
    document["project"].pop("slug")
    back = {new: old for old, new in uuid_map.items()}
    return _map_strings(document, back)


def assert_same_export(first: dict, second: dict) -> None:
    """Field by field, so a failure names the object and the field that differ."""
    first = copy.deepcopy(first)
    first.pop("exported_at")
    first.pop("audit_head")
    first["project"].pop("slug")
    assert set(first) == set(second)
    for key in first:
        if key not in ("objects", "audit"):
            assert first[key] == second[key], key
    assert list(first["objects"]) == list(second["objects"])
    for label, records in first["objects"].items():
        others = second["objects"][label]
        assert len(records) == len(others), label
        for record, other in zip(records, others, strict=True):
            assert record["id"] == other["id"], label
            assert set(record["fields"]) == set(other["fields"]), (label, record["id"])
            for name, value in record["fields"].items():
                assert value == other["fields"][name], (label, record["id"], name)
    assert len(first["audit"]) == len(second["audit"])
    for entry, other in zip(first["audit"], second["audit"], strict=True):
        assert entry == other, entry["sequence"]
