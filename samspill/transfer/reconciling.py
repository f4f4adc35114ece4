"""The imported history as reconciliation's starting point for imported projects.

An import inserts a project's objects in bulk, with one live entry for the whole import, so
without this every imported row would count as "never recorded". The imported history
names objects by their ids on the servers they came from; each import gave them
uuid5(new project uuid, old uuid) (building.py), so the ids of every run of the history
are carried forward through each later import to today's ids.
"""

import uuid
from collections.abc import Iterator

from samspill.projects.models import Project
from samspill.transfer.models import ImportedAuditEntry


def _forward(object_id: str, labels: list[str]) -> str:
    """An id from the run of `labels[0]` as it is named after the imports into each of
    `labels[1:]` (the project's later uuids, the last one today's)."""
    for index, label in enumerate(labels[1:], 1):
        if object_id == labels[index - 1]:
            object_id = label  # the project itself took the new project's uuid
            continue
        try:
            object_id = str(uuid.uuid5(uuid.UUID(label), str(uuid.UUID(object_id))))
        except ValueError:
            return object_id  # not a uuid: a model without one, not matched
    return object_id


def _not_carried(seal_changes: dict, values: dict) -> tuple[list, list]:
    """What the import itself left out, as the seal records it: the file's members who were
    not added (their memberships are gone) and accounts not found here (fields naming them
    were left empty). Returned as (memberships to delete, (key, field) to empty)."""
    facts = {key: pair[1] for key, pair in seal_changes.items() if isinstance(pair, list)}
    missing = set(facts.get("users_not_found") or [])
    not_added = set(facts.get("members_not_added") or [])
    deleted, emptied = [], []
    for key, fields in values.items():
        member = f"{fields.get('user')} ({fields.get('role')})"
        if key[0] == "projects.membership" and member in not_added:
            deleted.append(key)
            continue
        emptied += [
            (key, name)
            for name, value in fields.items()
            if isinstance(value, str) and value in missing
        ]
    return deleted, emptied


def imported_baseline(project_pks: list[int] | None) -> Iterator[tuple]:
    projects = Project.objects.filter(imported_audit_entries__isnull=False).distinct()
    if project_pks is not None:
        projects = projects.filter(pk__in=project_pks)
    for project in projects:
        rows = list(
            ImportedAuditEntry.objects.filter(project=project)
            .order_by("position")
            .values_list(
                "project_label", "object_type", "object_id", "action", "changes", "object_repr"
            )
        )
        seal = (
            ImportedAuditEntry.objects.filter(project=project)
            .values_list("sealed_by__changes", flat=True)
            .first()
        )
        runs: list[str] = []
        for label, *_rest in rows:
            if not runs or runs[-1] != label:
                runs.append(label)
        current = str(project.uuid)
        runs.append(current)
        run = 0
        values: dict[tuple[str, str], dict] = {}
        for label, object_type, object_id, action, changes, object_repr in rows:
            while runs[run] != label:
                run += 1
            new_id = _forward(object_id, runs[run:])
            key = (object_type, new_id)
            if action == "delete":
                values.pop(key, None)
            else:
                values.setdefault(key, {}).update(
                    {name: pair[1] for name, pair in changes.items() if isinstance(pair, list)}
                )
            yield object_type, new_id, action, changes, object_repr, current
        deleted, emptied = _not_carried(seal or {}, values)
        for object_type, object_id in deleted:
            yield object_type, object_id, "delete", {}, "", current
        for (object_type, object_id), name in emptied:
            yield object_type, object_id, "update", {name: [None, None]}, "", current
