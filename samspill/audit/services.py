"""Appending to the audit trail. Every service that writes calls audit_record."""

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from method.audit_chain import GENESIS_HASH, ChainEntry, compute_hash
from samspill.audit.models import AuditAction, AuditChainHead, AuditEntry
from samspill.core import clock
from samspill.core.versioning import lock_for_edit

HEAD_ID = 1
Changes = dict[str, list[Any]]
ACTOR_LABEL_LENGTH = 150  # AuditEntry.actor_label
# How a change arrived when not through the pages: "API" for the REST API. It is part of the
# actor's label ("alice via API"), so the hash covers it and every reader of the trail sees it.
_channel: ContextVar[str] = ContextVar("audit_channel", default="")


@contextmanager
def audit_channel(name: str) -> Iterator[None]:
    """Mark every entry written inside the block as made through `name` (e.g. "API")."""
    token = _channel.set(name)
    try:
        yield
    finally:
        _channel.reset(token)


def actor_label(actor) -> str:
    label = actor.get_username() if actor is not None else "system"
    channel = _channel.get()
    if not channel:
        return label
    suffix = f" via {channel}"
    return label[: ACTOR_LABEL_LENGTH - len(suffix)] + suffix


def audit_value(value: Any) -> Any:
    """A JSON-safe, stable form of a field value for the trail."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        # 500, 500.0 and 500.00 are one value: record it one way, so only real changes show.
        return format(value.normalize(), "f")
    if isinstance(value, uuid.UUID | float):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(audit_value(item) for item in value)
    return str(value)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: audit_value(getattr(instance, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """Field-level changes as {field: [before, after]}, only for fields that changed."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def creation(after: dict[str, Any]) -> Changes:
    """Every recorded field, the empty ones included: reconciliation (reconcile.py) then
    knows the value each field started with. The trail's pages leave the empty ones out."""
    return {name: [None, value] for name, value in sorted(after.items())}


def deletion(before: dict[str, Any]) -> Changes:
    return {
        name: [value, None] for name, value in sorted(before.items()) if value not in (None, "")
    }


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the transaction ends. A migration creates it; after a
    `flush` it is created again, starting a fresh chain."""
    try:
        return AuditChainHead.objects.select_for_update().get(pk=HEAD_ID)
    except AuditChainHead.DoesNotExist:
        AuditChainHead.objects.get_or_create(pk=HEAD_ID)
        return AuditChainHead.objects.select_for_update().get(pk=HEAD_ID)


def _project_link(project, project_link: str | None) -> str:
    if project is None:
        return ""
    previous = (
        AuditEntry.objects.filter(project=project)
        .order_by("-sequence")
        .values_list("entry_hash", flat=True)
        .first()
    )
    if previous is not None:
        return previous
    return project_link or GENESIS_HASH


def audit_record(
    *,
    actor,
    project,
    action: AuditAction,
    obj: models.Model,
    changes: Changes,
    object_repr: str | None = None,
    project_link: str | None = None,
) -> AuditEntry | None:
    """Append one entry to the chain. An update that changed nothing is not recorded.

    `project_link` is the hash the project's first live entry links to when the project
    arrives with a history (an import); otherwise the project's previous entry is used.
    """
    if action == AuditAction.UPDATE and not changes:
        return None
    with transaction.atomic():
        head = _locked_head()  # taken first: it serialises writers, the link read included
        project_prev_hash = _project_link(project, project_link)
        created_at = clock.now()
        label = actor_label(actor)
        chain_entry = ChainEntry(
            sequence=head.sequence + 1,
            created_at=created_at.astimezone(dt.UTC).isoformat(),
            actor=label,
            project=str(project.uuid) if project is not None else "",
            action=str(action),
            object_type=obj._meta.label_lower,
            object_id=str(getattr(obj, "uuid", obj.pk)),
            object_repr=(object_repr if object_repr is not None else str(obj))[:300],
            changes=changes,
            prev_hash=head.last_hash,
            project_prev_hash=project_prev_hash,
        )
        entry_hash = compute_hash(chain_entry)
        entry = AuditEntry.objects.create(
            sequence=chain_entry.sequence,
            created_at=created_at,
            actor=actor,
            actor_label=label,
            project=project,
            project_label=chain_entry.project,
            action=chain_entry.action,
            object_type=chain_entry.object_type,
            object_id=chain_entry.object_id,
            object_repr=chain_entry.object_repr,
            changes=changes,
            prev_hash=chain_entry.prev_hash,
            entry_hash=entry_hash,
            project_prev_hash=project_prev_hash,
        )
        head.sequence = chain_entry.sequence
        head.last_hash = entry_hash
        head.save(update_fields=["sequence", "last_hash"])
    return entry


def save_created(
    *, actor, project, obj: models.Model, fields: list[str], relations: dict | None = None
):
    """Validate and save a new object, set its many-to-many `relations`, and record it all."""
    obj.full_clean()
    obj.save()
    changes = creation(snapshot(obj, fields))
    for name, items in (relations or {}).items():
        items = list(items)
        getattr(obj, name).set(items)
        changes[name] = [None, sorted(str(item) for item in items)]
    audit_record(actor=actor, project=project, action=AuditAction.CREATE, obj=obj, changes=changes)
    return obj


def save_versioned(
    *, actor, project, obj: models.Model, expected_version: int, fields: list[str], values: dict
):
    """Lock, check the version, apply `values`, validate, save and record: every edit's shape.

    Raises StaleEditError when someone saved since `expected_version`; nothing is written then.
    """
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    current = lock_for_edit(type(obj), pk=obj.pk, expected_version=expected_version)
    before = snapshot(current, fields)
    for field, value in values.items():
        if value is False and isinstance(current._meta.get_field(field), models.FileField):
            value = ""  # a form's "clear" box, as ModelForm.save would store it
        setattr(current, field, value)
    current.full_clean()
    changes = diff(before, snapshot(current, fields))
    if changes:
        current.version = models.F("version") + 1
        current.save()
        current.refresh_from_db()
        # Again after saving: a new file's name is the one storage gave it, not the upload's.
        changes = diff(before, snapshot(current, fields))
        audit_record(
            actor=actor, project=project, action=AuditAction.UPDATE, obj=current, changes=changes
        )
    return current


def save_deleted(*, actor, project, obj: models.Model, fields: list[str]) -> None:
    """Record what an object held, then delete it."""
    audit_record(
        actor=actor,
        project=project,
        action=AuditAction.DELETE,
        obj=obj,
        changes=deletion(snapshot(obj, fields)),
    )
    obj.delete()


def save_relations(*, actor, project, obj: models.Model, relations: dict) -> None:
    """Replace many-to-many `relations` of a saved object and record what changed."""
    changes = {}
    for name, items in relations.items():
        items = list(items)
        manager = getattr(obj, name)
        before = sorted(str(item) for item in manager.all())
        after = sorted(str(item) for item in items)
        if before != after:
            manager.set(items)
            changes[name] = [before, after]
    if changes:
        audit_record(
            actor=actor, project=project, action=AuditAction.UPDATE, obj=obj, changes=changes
        )
