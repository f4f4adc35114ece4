"""Reconciliation: the data as it is, against the data as the trail last recorded it.

The trail is replayed object by object: a creation records the object's fields (those the
app shows), an update the fields that changed, a deletion that the object is gone. The
result is compared with each audited model's rows as they are now, and every difference is
listed: a field whose value is not the one last recorded, a row the trail never recorded,
a row the trail still holds that is gone. Any of them means a change made behind the app's
back (or a bug that wrote without recording).

Limits, by design: only fields the trail records are compared (the services choose them:
the fields the app shows), and a model is audited once the trail names it. A field left
empty at creation is not recorded then, so an empty value is read as "recorded empty" for
fields the trail records for that model elsewhere. Projects that arrived by import have no
per-object entries on this server; an app can supply a baseline for them (the transfer app
replays the imported history), see `BASELINES`.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from samspill.audit.models import AuditAction, AuditEntry
from samspill.audit.services import audit_value

# (object_type, object_id, action, changes, object_repr, project uuid) from sources other
# than the live trail, given the projects' pks (None: all); they run before the live entries.
Replay = Iterable[tuple[str, str, str, dict, str, str]]
BASELINES: list[Callable[[list | None], Replay]] = []


@dataclass
class Difference:
    object_type: str
    object_id: str
    kind: str  # "field", "unrecorded" or "deleted"
    field: str = ""
    recorded: Any = None
    current: Any = None

    def __str__(self) -> str:
        where = f"{self.object_type} {self.object_id}"
        if self.kind == "field":
            return (
                f"{where}: {self.field} is {self.current!r} but the trail last recorded "
                f"{self.recorded!r}"
            )
        if self.kind == "unrecorded":
            return f"{where}: the row exists but the trail never recorded it"
        return f"{where}: the trail records the row but it is gone, with no deletion recorded"


@dataclass
class _State:
    values: dict[str, Any] = field(default_factory=dict)
    deleted: bool = False
    # Every label the trail has shown the object by: a key to it is recorded by its label,
    # so a key recorded before the object was renamed still matches.
    labels: set[str] = field(default_factory=set)
    project: str = ""  # the uuid of the project it belongs to


def _replay(rows: Replay, states: dict, fields_seen: dict) -> None:
    for object_type, object_id, action, changes, label, project in rows:
        key = (object_type, object_id)
        if action == AuditAction.DELETE:
            states[key] = _State(deleted=True, project=project)
            continue
        state = states.get(key)
        if state is None or (action == AuditAction.CREATE and state.deleted):
            state = states[key] = _State()
        state.labels.add(label)
        state.project = project
        for name, pair in changes.items():
            if isinstance(pair, list) and len(pair) == 2:
                state.values[name] = pair[1]
                fields_seen[object_type].add(name)


def _project_path(model) -> str | None:
    """How a model's rows reach their project: itself, `project`, or one key further."""
    if model._meta.label_lower == "projects.project":
        return "pk"
    names = {
        f.name: f
        for f in model._meta.get_fields()
        if f.is_relation and f.concrete and (f.many_to_one or f.one_to_one)
    }
    if "project" in names:
        return "project"
    for name, relation in names.items():
        target = relation.related_model
        if any(f.name == "project" for f in target._meta.get_fields() if f.is_relation):
            return f"{name}__project"
    return None


def _current(row: models.Model, name: str, model) -> tuple[bool, Any, models.Model | None]:
    """(comparable, value as the trail writes it, the related object for a key)."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False, None, None
    if model_field.many_to_many:
        return True, audit_value([str(item) for item in getattr(row, name).all()]), None
    if not model_field.concrete:
        return False, None, None
    value = getattr(row, name)
    related = value if isinstance(value, models.Model) else None
    return True, audit_value(value), related


def _renamed(related: models.Model | None, expected: Any, states: dict) -> bool:
    """Whether a key's recorded label is one its target has had: renamed since, not moved."""
    if related is None or not isinstance(expected, str):
        return False
    object_id = str(getattr(related, "uuid", related.pk))
    state = states.get((related._meta.label_lower, object_id))
    return state is not None and expected in state.labels


def _empty(value: Any) -> bool:
    return value in (None, "", [])


def reconcile(*, project_slug: str | None = None) -> list[Difference]:
    project = None
    if project_slug is not None:
        project_model = apps.get_model("projects", "Project")
        project = project_model.objects.filter(slug=project_slug).first()
        if project is None:
            raise LookupError(f"No project with the slug {project_slug!r}.")
    states: dict[tuple[str, str], _State] = {}
    fields_seen: dict[str, set[str]] = defaultdict(set)
    scope = [project.pk] if project is not None else None
    imported: set[str] = set()
    for baseline in BASELINES:
        rows = list(baseline(scope))
        imported |= {row[5] for row in rows}
        _replay(rows, states, fields_seen)
    entries = AuditEntry.objects.order_by("sequence")
    if project is not None:
        entries = entries.filter(project=project)
    _replay(
        entries.values_list(
            "object_type", "object_id", "action", "changes", "object_repr", "project_label"
        ).iterator(chunk_size=5000),
        states,
        fields_seen,
    )
    # A project deleted through the app takes its objects with it, recorded as one deletion.
    gone = {
        object_id
        for (object_type, object_id), state in states.items()
        if object_type == "projects.project" and state.deleted
    }
    differences: list[Difference] = []
    for object_type in sorted(fields_seen.keys() | {key[0] for key in states}):
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            continue  # a model since removed from the code
        differences += _compare_model(
            model, object_type, states, fields_seen, project, gone, imported
        )
    return differences


def _compare_model(
    model, object_type, states, fields_seen, project, gone, imported
) -> list[Difference]:
    has_uuid = any(f.name == "uuid" for f in model._meta.concrete_fields)
    rows = model._base_manager.all()
    path = _project_path(model)
    if project is not None:
        if path is None:
            return []  # cannot tell which rows are the project's
        rows = rows.filter(**{path: project.pk if path == "pk" else project})
    if not has_uuid and imported and path not in (None, "pk"):
        # Imported history names such rows by their number on the old server: unmatchable.
        rows = rows.exclude(**{f"{path}__uuid__in": imported})
    recorded = {
        object_id: state for (kind, object_id), state in states.items() if kind == object_type
    }
    differences = []
    present = set()
    names = sorted(fields_seen[object_type])
    for row in rows.order_by("pk").iterator(chunk_size=2000):
        object_id = str(row.uuid if has_uuid else row.pk)
        present.add(object_id)
        state = recorded.get(object_id)
        if state is None or state.deleted:
            differences.append(Difference(object_type, object_id, "unrecorded"))
            continue
        for name in names:
            comparable, current, related = _current(row, name, model)
            if not comparable:
                continue
            expected = state.values.get(name)
            if current == expected or (_empty(current) and _empty(expected)):
                continue
            if _renamed(related, expected, states):
                continue
            differences.append(Difference(object_type, object_id, "field", name, expected, current))
    for object_id, state in sorted(recorded.items()):
        if not state.deleted and object_id not in present and state.project not in gone:
            differences.append(Difference(object_type, object_id, "deleted"))
    return differences
