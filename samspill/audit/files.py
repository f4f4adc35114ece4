"""Stored files follow their rows: a replaced, cleared or deleted upload is removed.

Evidence is the one kind of upload a user can replace (trust.ChecklistItem.evidence_file,
the pilot report filed as evidence included). Without this, every replacement left the old
file under var/uploads, reachable by no page and listed nowhere. The trail keeps the old
file's name in the entry that records the change; the file itself goes once the change is
committed, and only if no row still names it (an import's copy, for one, has its own).

Connected for every model with a FileField (apps.py), so a row deleted by a cascade (a
project deleted) takes its files too. QuerySet.update() and bulk writes send no signals:
what they replace is not removed here (`samspill audit reconcile` reports such writes).
"""

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save

_OLD = "_samspill_stored_files"


def _file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _forget(model, field: models.FileField, name: str) -> None:
    """Delete `name` from the field's storage after the commit, unless a row names it."""
    if not name:
        return
    storage = field.storage

    def delete() -> None:
        if not model._base_manager.filter(**{field.attname: name}).exists():
            storage.delete(name)

    transaction.on_commit(delete)


def _remember(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    fields = _file_fields(sender)
    row = sender._base_manager.filter(pk=instance.pk).values(*(f.attname for f in fields)).first()
    setattr(instance, _OLD, row or {})


def _replaced(sender, instance, raw=False, **kwargs) -> None:
    old = instance.__dict__.pop(_OLD, None)
    if raw or not old:
        return
    for field in _file_fields(sender):
        before = old.get(field.attname) or ""
        after = getattr(instance, field.attname)
        after = (getattr(after, "name", "") or "") if after else ""
        if before and before != after:
            _forget(sender, field, before)


def _deleted(sender, instance, **kwargs) -> None:
    for field in _file_fields(sender):
        value = getattr(instance, field.attname)
        if value:
            _forget(sender, field, getattr(value, "name", "") or "")


def connect() -> None:
    for model in apps.get_models():
        if _file_fields(model):
            pre_save.connect(_remember, sender=model, dispatch_uid=f"files-pre-{model._meta.label}")
            post_save.connect(_replaced, sender=model, dispatch_uid=f"files-{model._meta.label}")
            post_delete.connect(
                _deleted, sender=model, dispatch_uid=f"files-del-{model._meta.label}"
            )
