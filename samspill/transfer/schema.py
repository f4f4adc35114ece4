"""Which models make up a project, found through django.apps so that new models travel too.

A model belongs to a project when it has a foreign key to projects.Project (usually named
`project`), or a foreign key to a model that belongs to one (StanceChange → Person →
Project, DraftVersion → Draft → Project). Nobody has to register a model here: a model
this module cannot carry raises SchemaError, and the transfer tests fail until it is taught.

The audit trail is not an object of the project. It travels in its own section (see
history.py), so AuditEntry and the imported history are left out here.
"""

import functools
from dataclasses import dataclass
from enum import StrEnum

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q

FORMAT = "samspill-project"
SCHEMA = 1

# Kept out of "objects": the audit trail is exported apart, in the "audit" section.
NOT_OBJECTS = {
    "audit.auditentry",
    "audit.auditchainhead",
    "transfer.importedauditentry",
    # Unused survey links and the addresses kept beside them stay on this server.
    "surveys.invitation",
    # Project invitations name people by e-mail and are keys to this server only.
    "accounts.invitation",
    # Requests for an explanation hold an affected person's contact details and decision:
    # they stay with the desk that answers them (docs/aifile.md).
    "desk.explanationrequest",
    # Keys to this server: API tokens (only their hash is kept, and they act as an account
    # here), calendar feed links, and webhook endpoints, whose URL and signing secret let
    # anyone post to a chat channel. A copy would open them or post from a second server.
    "accounts.apitoken",
    "notify.calendarfeed",
    "notify.webhookendpoint",
    # This server's notification outbox and its logs: the events sent to the channels, their
    # deliveries and attempts, and the states already announced. The audit trail is the
    # project's history and travels; a copy starts with nothing sent and nothing announced.
    "notify.event",
    "notify.webhookdelivery",
    "notify.webhookattempt",
    "notify.announced",
    # Background job rows (an API upload's bytes, a long import's progress) belong to the
    # run on this server; what the jobs made (imported weeks, cases) travels as objects.
    "api.apijob",
    "notify.jobprogress",
}

# Rows of a carried model that stay on this server. Survey answers still waiting for their
# release, and the close batch (release 0, whose rows still name audiences under k), would
# show whoever holds the export what the results page holds back (docs/surveys.md).
KEPT_HERE = {"surveys.response": Q(release__isnull=True) | Q(release=0)}

# The field types codec.py carries as plain JSON values, by Django's internal type.
VALUE_TYPES = {
    "CharField",
    "TextField",
    "SlugField",
    "GenericIPAddressField",
    "IntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "BooleanField",
    "FloatField",
    "DecimalField",
    "DateField",
    "DateTimeField",
    "TimeField",
    "DurationField",
    "UUIDField",
    "JSONField",
    "BinaryField",
}


class SchemaError(Exception):
    """A model the export cannot carry yet: a programming error, caught by the tests."""


class Kind(StrEnum):
    VALUE = "value"  # a plain value (codec.py)
    FILE = "file"  # a stored file: name, size, checksum and content
    REF = "ref"  # another object of the project, by its id in the file
    USER = "user"  # an account, by username; accounts are not exported


@dataclass(frozen=True, slots=True)
class FieldPlan:
    field: models.Field
    kind: Kind
    target: type[models.Model] | None = None  # for REF
    deferred: bool = False  # set after every object exists: self-references and cycles

    @property
    def name(self) -> str:
        return self.field.name


@dataclass(frozen=True, slots=True)
class ModelPlan:
    model: type[models.Model]
    path: str  # the lookup from this model to its project: "project", "person__project"
    owner: str | None  # the foreign key set to the new project on import; None if indirect
    fields: tuple[FieldPlan, ...]  # exported fields, many-to-many ones included
    regenerated: tuple[str, ...]  # unique fields with a default: new on import, not exported

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def has_uuid(self) -> bool:
        return has_uuid(self.model)


def has_uuid(model: type[models.Model]) -> bool:
    try:
        field = model._meta.get_field("uuid")
    except FieldDoesNotExist:
        return False
    return isinstance(field, models.UUIDField) and field.unique


def _is_user_model(model) -> bool:
    return model is not None and model._meta.label == settings.AUTH_USER_MODEL


def _regenerated(field: models.Field) -> bool:
    """A unique field with a default (a token, a key) identifies the object on its server.

    Copying it would collide with the original on the same server and would make, for
    example, a secret link of the original open the copy. Like the uuid it is made anew.
    """
    return field.unique and field.has_default() and not field.primary_key


def _field_plan(field: models.Field, owned: dict, model) -> FieldPlan:
    label = f"{model._meta.label_lower}.{field.name}"
    if field.is_relation:
        target = field.related_model
        if _is_user_model(target):
            return FieldPlan(field, Kind.USER)
        if field.many_to_many and not field.remote_field.through._meta.auto_created:
            raise SchemaError(f"{label}: a many-to-many with its own through model")
        if target in owned:
            self_reference = target is model and not field.many_to_many
            return FieldPlan(field, Kind.REF, target, deferred=self_reference)
        raise SchemaError(f"{label} points to {target._meta.label}, which is not in the project")
    if isinstance(field, models.FileField):
        return FieldPlan(field, Kind.FILE)
    if field.get_internal_type() not in VALUE_TYPES:
        raise SchemaError(f"{label}: field type {field.get_internal_type()} is not supported")
    return FieldPlan(field, Kind.VALUE)


def _exported_fields(model, owned: dict, skip: set[str]) -> tuple[tuple, tuple]:
    plans, regenerated = [], []
    for field in model._meta.get_fields():
        if field.auto_created or (not field.concrete and not field.many_to_many):
            continue  # reverse relations and the primary key
        if field.name in skip or field.primary_key:
            continue
        if field.many_to_many and not field.remote_field.through._meta.auto_created:
            continue  # the through model travels as objects of its own
        if _regenerated(field):
            regenerated.append(field.name)
            continue
        plans.append(_field_plan(field, owned, model))
    return tuple(plans), tuple(regenerated)


def _candidates() -> list[type[models.Model]]:
    from samspill.projects.models import Project

    return [
        model
        for model in apps.get_models()
        if model._meta.app_config.name.startswith("samspill.")
        and model is not Project
        and model._meta.label_lower not in NOT_OBJECTS
        and not model._meta.proxy
    ]


def _forward_keys(model) -> list[models.Field]:
    """Foreign and one-to-one keys, required ones first, `project` first of all."""
    keys = [f for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]
    return sorted(keys, key=lambda f: (f.name != "project", f.null))


def owned_models() -> dict[type[models.Model], tuple[str, str | None]]:
    """{model: (path to the project, the direct project key or None)} for every owned model."""
    from samspill.projects.models import Project

    owned: dict = {}
    candidates = _candidates()
    for model in candidates:
        direct = [f for f in _forward_keys(model) if f.related_model is Project]
        if direct:
            owned[model] = (direct[0].name, direct[0].name)
    grew = True
    while grew:  # one hop at a time, until nothing new joins
        grew = False
        for model in candidates:
            if model in owned:
                continue
            for key in _forward_keys(model):
                if key.related_model in owned and key.related_model is not model:
                    owned[model] = (f"{key.name}__{owned[key.related_model][0]}", None)
                    grew = True
                    break
    return {model: owned[model] for model in candidates if model in owned}  # app order


def _required(plans: dict) -> dict:
    """{model: the models its non-deferred foreign keys point to}."""
    return {
        model: {
            p.target
            for p in plan.fields
            if p.kind == Kind.REF and not p.field.many_to_many and not p.deferred
        }
        - {model}
        for model, plan in plans.items()
    }


def _stable_order(required: dict) -> list | None:
    """The models in app order, each moved after the models it needs; None on a cycle."""
    order, placed, pending = [], set(), list(required)
    while pending:
        ready = next((model for model in pending if required[model] <= placed), None)
        if ready is None:
            return None
        order.append(ready)
        placed.add(ready)
        pending.remove(ready)
    return order


def _dependency_order(plans: dict) -> list:
    """An order where every foreign key points to a model created before it.

    A cycle through nullable keys is broken by setting those keys once all objects exist.
    """
    order = _stable_order(_required(plans))
    if order is not None:
        return order
    for model, plan in list(plans.items()):
        fields = tuple(
            FieldPlan(p.field, p.kind, p.target, deferred=p.deferred or p.field.null)
            if p.kind == Kind.REF and not p.field.many_to_many
            else p
            for p in plan.fields
        )
        plans[model] = ModelPlan(plan.model, plan.path, plan.owner, fields, plan.regenerated)
    order = _stable_order(_required(plans))
    if order is None:
        raise SchemaError("required foreign keys between project models form a cycle")
    return order


@functools.cache
def project_models() -> tuple[ModelPlan, ...]:
    """Every model of a project, in the order an import creates them."""
    owned = owned_models()
    plans = {}
    for model, (path, owner) in owned.items():
        if model._meta.parents:
            raise SchemaError(f"{model._meta.label}: multi-table inheritance is not supported")
        skip = {owner} if owner else set()
        if has_uuid(model):
            skip.add("uuid")  # the uuid is the object's id in the file
        fields, regenerated = _exported_fields(model, owned, skip)
        for plan in fields:
            if plan.deferred and not plan.field.null:
                raise SchemaError(f"{model._meta.label}.{plan.name} refers to itself, not null")
        plans[model] = ModelPlan(model, path, owner, fields, regenerated)
    order = _dependency_order(plans)
    return tuple(plans[model] for model in order if model in plans)


@functools.cache
def project_fields() -> tuple[FieldPlan, ...]:
    """The project's own fields; its uuid and slug travel apart and are new on import."""
    from samspill.projects.models import Project

    fields, _regenerated_fields = _exported_fields(Project, {}, {"uuid", "slug"})
    if any(plan.field.many_to_many for plan in fields):
        raise SchemaError("projects.Project: a many-to-many on the project is not supported")
    return fields


def plan_for(label: str) -> ModelPlan | None:
    return next((plan for plan in project_models() if plan.label == label), None)


def stable_order(model: type[models.Model]) -> list[str]:
    """An order both a project and its imported copy share: by id where ids count up, and
    by content where the id is random (a survey response's, so that rows do not keep the
    order they arrived in)."""
    if isinstance(model._meta.pk, models.AutoField):
        return ["pk"]
    skipped = (models.BinaryField, models.FileField)
    content = [
        field.attname
        for field in model._meta.concrete_fields
        if not field.primary_key and not isinstance(field, skipped)
    ]
    return [*content, "pk"]
