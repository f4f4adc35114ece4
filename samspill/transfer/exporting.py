"""A whole project as one JSON document.

    {"format": "samspill-project", "schema": 1, "exported_at": …, "exported_by": …,
     "samspill_version": …,
     "project": {"uuid": …, "slug": …, "fields": {…}},
     "objects": {"<app_label>.<model>": [{"id": …, "fields": {…}}, …], …},
     "audit": [{"sequence": …, "created_at": …, …, "entry_hash": …}, …],
     "audit_head": {"sequence": …, "entry_hash": …, "entries": …}}

An object's id is its uuid, or "<app_label>.<model>#<n>" for a model without one. A foreign
key holds the id of the object it points to, an account its username, a many-to-many a list
of either, a file {name, size, sha256, content (base64)}. Models come in the order an import
creates them, objects in the order they were created. One query per model and per
many-to-many, whatever the project's size.
"""

import datetime as dt
import importlib.metadata
import json
from collections import defaultdict
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from samspill.core import clock
from samspill.transfer.codec import encode, file_encode
from samspill.transfer.errors import TransferError
from samspill.transfer.history import history_export, history_head
from samspill.transfer.schema import (
    FORMAT,
    KEPT_HERE,
    SCHEMA,
    FieldPlan,
    Kind,
    ModelPlan,
    project_fields,
    project_models,
    stable_order,
)


def _samspill_version() -> str:
    try:
        return importlib.metadata.version("samspill")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _rows(plan: ModelPlan, project) -> list[dict]:
    names = [f.field.attname for f in plan.fields if not f.field.many_to_many]
    if plan.has_uuid:
        names.append("uuid")
    # The base manager, so that a custom default manager can never hide an object.
    objects = plan.model._base_manager.filter(**{plan.path: project})
    if plan.label in KEPT_HERE:
        objects = objects.exclude(KEPT_HERE[plan.label])
    return list(objects.order_by(*stable_order(plan.model)).values("pk", *names))


def _links(plan: ModelPlan, many: FieldPlan, project) -> dict[int, list[int]]:
    """{source pk: [target pk, …]} of one many-to-many, in the targets' creation order."""
    field = many.field
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).attname
    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
    rows = through.objects.filter(**{f"{field.m2m_field_name()}__{plan.path}": project})
    links = defaultdict(list)
    for source_pk, target_pk in rows.order_by(target, "pk").values_list(source, target):
        links[source_pk].append(target_pk)
    return links


class _Exporter:
    def __init__(self, project) -> None:
        self.plans = project_models()
        self.rows = {plan.model: _rows(plan, project) for plan in self.plans}
        names = [f.field.attname for f in project_fields()]
        self.project_row = type(project).objects.filter(pk=project.pk).values("pk", *names).get()
        self.refs = {plan.model: self._refs(plan) for plan in self.plans}
        self.links = {
            (plan.model, many.name): _links(plan, many, project)
            for plan in self.plans
            for many in plan.fields
            if many.field.many_to_many
        }
        self.usernames = self._usernames()

    def _refs(self, plan: ModelPlan) -> dict[int, str]:
        rows = self.rows[plan.model]
        if plan.has_uuid:
            return {row["pk"]: str(row["uuid"]) for row in rows}
        return {row["pk"]: f"{plan.label}#{n}" for n, row in enumerate(rows, 1)}

    def _usernames(self) -> dict[int, str]:
        ids = {self.project_row[f.field.attname] for f in project_fields() if f.kind == Kind.USER}
        for plan in self.plans:
            for field in plan.fields:
                if field.kind != Kind.USER:
                    continue
                if field.field.many_to_many:
                    for targets in self.links[(plan.model, field.name)].values():
                        ids.update(targets)
                else:
                    ids.update(row[field.field.attname] for row in self.rows[plan.model])
        ids.discard(None)
        user_model = get_user_model()
        users = user_model._base_manager.filter(pk__in=ids)
        return dict(users.values_list("pk", user_model.USERNAME_FIELD))

    def _ref(self, label: str, field: FieldPlan, pk: int | None) -> str | None:
        if pk is None:
            return None
        if field.kind == Kind.USER:
            return self.usernames.get(pk)
        try:
            return self.refs[field.target][pk]
        except KeyError:
            # Only a damaged database points across projects; exporting it would lose data.
            raise TransferError(
                [f"{label}.{field.name} points to an object outside the project ({pk})"]
            ) from None

    def value(self, model, label: str, field: FieldPlan, row: dict) -> Any:
        if field.field.many_to_many:
            targets = self.links[(model, field.name)].get(row["pk"], [])
            return [self._ref(label, field, pk) for pk in targets]
        raw = row[field.field.attname]
        if field.kind in (Kind.REF, Kind.USER):
            return self._ref(label, field, raw)
        if field.kind == Kind.FILE:
            return file_encode(raw, field.field.storage)
        return encode(field.field, raw)

    def project_fields(self) -> dict[str, Any]:
        row = self.project_row
        return {f.name: self.value(None, "projects.project", f, row) for f in project_fields()}

    def objects(self) -> dict[str, list[dict]]:
        return {
            plan.label: [
                {
                    "id": self.refs[plan.model][row["pk"]],
                    "fields": {
                        f.name: self.value(plan.model, plan.label, f, row) for f in plan.fields
                    },
                }
                for row in self.rows[plan.model]
            ]
            for plan in self.plans
        }


@contextmanager
def _one_snapshot():
    """Every query of the export reads the same moment, so an edit made meanwhile cannot
    leave a stance change pointing at a person the export did not see.

    SQLite's transaction is one snapshot already; PostgreSQL's READ COMMITTED takes one per
    statement, so the export asks for REPEATABLE READ when it starts the transaction.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def project_export(project, *, actor=None) -> dict[str, Any]:
    """Everything in the project, its audit trail included, as JSON-ready data."""
    with _one_snapshot():
        exporter = _Exporter(project)
        objects, audit = exporter.objects(), history_export(project)
    return {
        "format": FORMAT,
        "schema": SCHEMA,
        "exported_at": clock.now().astimezone(dt.UTC).isoformat(),
        "exported_by": actor.get_username() if actor is not None else None,
        "samspill_version": _samspill_version(),
        "project": {
            "uuid": str(project.uuid),
            "slug": project.slug,
            "fields": exporter.project_fields(),
        },
        "objects": objects,
        "audit": audit,
        "audit_head": history_head(audit),
    }


def project_export_json(project, *, actor=None) -> bytes:
    """The export as UTF-8 JSON, indented so that a person can read and diff it."""
    document = project_export(project, actor=actor)
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
