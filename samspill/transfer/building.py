"""A file's objects as unsaved model instances, all checked before anything is written.

Every object is decoded field by field (codec.py), its references resolved against the
other objects in the file, and validated with full_clean(), so the import can refuse the
whole file, with every problem listed, before it touches the database.

New uuids are uuid5(new project uuid, old uuid): the original may live on this very server,
and the derivation lets anyone match the old ids in the imported audit history to today's
objects. Accounts are matched by username; accounts are never created.
"""

import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from method.roles import Role
from samspill.core.text import slug_base
from samspill.projects.models import Membership, Project
from samspill.transfer.codec import CodecError, OmittedFile, decode, file_decode
from samspill.transfer.errors import Problems
from samspill.transfer.schema import (
    FieldPlan,
    Kind,
    ModelPlan,
    has_uuid,
    project_fields,
    project_models,
)

MEMBERSHIP = "projects.membership"


def _normal_ref(model: type[models.Model], raw: str) -> str:
    """A uuid id in canonical form, so "ABC…" and "abc…" name the same object."""
    if has_uuid(model):
        try:
            return str(uuid.UUID(raw))
        except ValueError:
            return raw
    return raw


def _is_auto_time(field: models.Field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


class Builder:
    def __init__(self, document: dict, *, actor, keep_members: bool) -> None:
        self.document = document
        self.actor = actor
        self.keep_members = keep_members
        self.problems = Problems()
        self.project_uuid = uuid.uuid4()
        self.uuid_map = {_normal_ref(Project, document["project"]["uuid"]): str(self.project_uuid)}
        self.by_ref: dict[tuple[type, str], models.Model] = {}
        self.instances: dict[ModelPlan, list[models.Model]] = {}
        self.links: list[tuple[FieldPlan, models.Model, list]] = []  # many-to-many
        self.deferred: list[tuple[FieldPlan, models.Model, Any]] = []  # keys set after insert
        self.times: list[tuple[models.Model, str, Any]] = []  # auto_now values to restore
        self.files: list[tuple[models.Model, FieldPlan, Any]] = []
        self.users: dict[str, Any] = {}
        self.users_not_found: set[str] = set()
        self.members_not_added: list[str] = []
        self.files_not_included: list[str] = []
        self.given_to_actor: list[str] = []

    # The whole file --------------------------------------------------------------------

    def build(self, slug: str | None) -> "Builder":
        """Decode and check everything; raises TransferError listing the problems."""
        objects = self.document["objects"]
        self.users = self._accounts()
        self.project = self._project(slug)
        known = {plan.label for plan in project_models()}
        for label in sorted(set(objects) - known):
            self.problems.add(label, _("this Samspill has no such kind of object"))
        for plan in project_models():
            records = objects.get(plan.label, [])
            if not isinstance(records, list):
                self.problems.add(plan.label, _("expected a list of objects"))
                continue
            if plan.label == MEMBERSHIP:
                records = self._members(records)
            built = (self._object(plan, raw, n) for n, raw in enumerate(records, 1))
            self.instances[plan] = [instance for instance in built if instance is not None]
            if plan.label == MEMBERSHIP:
                self._ensure_owner(plan)
        self._resolve_later()
        self.problems.raise_if_any()
        return self

    @property
    def object_count(self) -> int:
        return sum(len(instances) for instances in self.instances.values())

    def _accounts(self) -> dict[str, Any]:
        """Every account the file names, looked up in one query."""
        names = set()

        def take(value):
            if isinstance(value, str):
                names.add(value)
            elif isinstance(value, list):
                names.update(item for item in value if isinstance(item, str))

        fields = self.document["project"]["fields"]
        for plan in project_fields():
            if plan.kind == Kind.USER:
                take(fields.get(plan.name))
        for plan in project_models():
            user_fields = [f.name for f in plan.fields if f.kind == Kind.USER]
            records = self.document["objects"].get(plan.label)
            if not user_fields or not isinstance(records, list):
                continue
            for raw in records:
                if isinstance(raw, dict) and isinstance(raw.get("fields"), dict):
                    for name in user_fields:
                        take(raw["fields"].get(name))
        user_model = get_user_model()
        lookup = f"{user_model.USERNAME_FIELD}__in"
        found = {}
        ordered = sorted(names)
        for start in range(0, len(ordered), 500):
            chunk = user_model._default_manager.filter(**{lookup: ordered[start : start + 500]})
            found.update({user.get_username(): user for user in chunk})
        return found

    def _project(self, slug: str | None) -> Project:
        raw = self.document["project"]
        project = Project(uuid=self.project_uuid, slug=self._slug(slug, raw["slug"]))
        refused = self._decode_fields(project, project_fields(), raw["fields"], "project")
        self._clean(project, "project", refused | {"slug"}, full=True)  # _slug checks it
        return project

    def _slug(self, wanted: str | None, exported: str) -> str:
        if wanted:
            try:
                Project._meta.get_field("slug").clean(wanted, None)
            except ValidationError as error:
                self.problems.add("slug", " ".join(error.messages))
            if Project.objects.filter(slug=wanted).exists():
                self.problems.add("", _("The address “%(slug)s” is taken.") % {"slug": wanted})
            return wanted
        base = slug_base(exported) or "project"
        taken = set(Project.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        candidate, counter = base, 2
        while candidate in taken:
            candidate, counter = f"{base}-{counter}", counter + 1
        return candidate

    # Members: who may open the new project is the importer's decision, not the file's.

    def _members(self, records: list) -> list:
        kept = []
        for raw in records:
            fields = raw.get("fields") if isinstance(raw, dict) else None
            username = fields.get("user") if isinstance(fields, dict) else None
            if not isinstance(username, str):
                kept.append(raw)  # malformed: _object reports it
                continue
            role = fields.get("role")
            if self.actor is not None and username == self.actor.get_username():
                kept.append({**raw, "fields": {**fields, "role": Role.OWNER.value}})
            elif self.keep_members and username in self.users:
                kept.append(raw)
            else:
                self.members_not_added.append(f"{username} ({role})")
        return kept

    def _ensure_owner(self, plan: ModelPlan) -> None:
        members = self.instances[plan]
        if self.actor is not None and not any(m.user_id == self.actor.pk for m in members):
            members.append(Membership(project=self.project, user=self.actor, role=Role.OWNER))
        if not any(member.role == Role.OWNER for member in members):
            self.problems.add(
                "",
                _(
                    "Nobody on this server can own the imported project: name an owner "
                    "(samspill import --owner USERNAME)."
                ),
            )

    # One object ------------------------------------------------------------------------

    def _object(self, plan: ModelPlan, raw: Any, number: int) -> models.Model | None:
        if (
            not isinstance(raw, dict)
            or set(raw) != {"id", "fields"}
            or not isinstance(raw["id"], str)
            or not isinstance(raw["fields"], dict)
        ):
            self.problems.add(
                f"{plan.label} #{number}",
                _("an object needs exactly an “id” (text) and “fields” (an object)"),
            )
            return None
        ref = _normal_ref(plan.model, raw["id"])
        where = f"{plan.label} {raw['id'][:64]}"
        if (plan.model, ref) in self.by_ref:
            self.problems.add(where, _("this id appears twice"))
            return None
        instance = plan.model()
        if plan.has_uuid:
            try:
                old = uuid.UUID(ref)
            except ValueError:
                self.problems.add(where, _("its id is not a UUID"))
                return None
            instance.uuid = uuid.uuid5(self.project_uuid, str(old))
            self.uuid_map[ref] = str(instance.uuid)
        if plan.owner:
            setattr(instance, plan.owner, self.project)
        self.by_ref[(plan.model, ref)] = instance
        refused = self._decode_fields(instance, plan.fields, raw["fields"], where)
        self._clean(instance, where, refused)
        return instance

    def _decode_fields(self, instance, plans, fields: dict, where: str) -> set[str]:
        """Set the fields from the file; returns those refused, so full_clean skips them."""
        refused = set()
        unknown = sorted(set(fields) - {plan.name for plan in plans})
        if unknown:
            self.problems.add(
                where, _("fields this Samspill does not know: %s") % ", ".join(unknown)
            )
        for plan in plans:
            if plan.name not in fields:
                continue  # a file from before the field existed: the model's default applies
            try:
                self._set(instance, plan, fields[plan.name], where)
            except CodecError as error:
                self.problems.add(f"{where}, {plan.name}", str(error))
                refused.add(plan.name)
        return refused

    def _set(self, instance, plan: FieldPlan, raw: Any, where: str) -> None:
        field = plan.field
        if field.many_to_many:
            if not isinstance(raw, list):
                raise CodecError(_("expected a list"))
            self.links.append((plan, instance, raw))
        elif plan.kind == Kind.VALUE:
            value = decode(field, raw)
            setattr(instance, field.attname, value)
            if value is not None and _is_auto_time(field):
                self.times.append((instance, field.attname, value))
        elif plan.kind == Kind.FILE:
            self._set_file(instance, plan, raw, where)
        elif raw is None and not field.null:
            # full_clean skips keys (they are resolved here), so check emptiness here too.
            raise CodecError(_("this cannot be empty"))
        elif plan.kind == Kind.USER:
            setattr(instance, field.name, self._user(plan, raw, where))
        elif plan.deferred:
            self.deferred.append((plan, instance, raw))
        else:
            setattr(instance, field.name, self._target(plan, raw))

    def _set_file(self, instance, plan: FieldPlan, raw: Any, where: str) -> None:
        content = file_decode(raw)
        if isinstance(content, OmittedFile):
            self.files_not_included.append(f"{content.name} ({where})")
            content = None
        if content is None:
            setattr(instance, plan.field.attname, "")
        else:
            setattr(instance, plan.field.name, content)
            self.files.append((instance, plan, content))

    def _user(self, plan: FieldPlan, raw: Any, where: str):
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise CodecError(_("expected a username"))
        if raw in self.users:
            return self.users[raw]
        self.users_not_found.add(raw)
        if plan.field.null:
            return None
        if self.actor is None:
            raise CodecError(_("there is no account “%s” here, and it cannot be empty") % raw)
        self.given_to_actor.append(f"{where}, {plan.name}: {raw}")
        return self.actor

    def _target(self, plan: FieldPlan, raw: Any):
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise CodecError(_("expected the id of an object"))
        target = self.by_ref.get((plan.target, _normal_ref(plan.target, raw)))
        if target is None:
            raise CodecError(
                _("refers to %(kind)s %(id)s, which is not in the file")
                % {"kind": plan.target._meta.label_lower, "id": raw}
            )
        return target

    def _clean(self, instance, where: str, refused: set[str], *, full: bool = False) -> None:
        # Keys are resolved in memory; Django's own check would query once per key and object.
        exclude = refused | {
            f.name
            for f in instance._meta.concrete_fields
            # A null in a nullable column is what the app itself stores, even where forms
            # require a value (StanceChange.previous of a person's first stance).
            if f.is_relation or (f.null and getattr(instance, f.attname) is None)
        }
        try:
            instance.full_clean(exclude=exclude, validate_unique=full, validate_constraints=full)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                place = where if name == NON_FIELD_ERRORS else f"{where}, {name}"
                for message in messages:
                    self.problems.add(place, message)

    # References that can only be resolved once every object exists ---------------------

    def _resolve_later(self) -> None:
        deferred, self.deferred = self.deferred, []
        for plan, instance, raw in deferred:
            try:
                self.deferred.append((plan, instance, self._target(plan, raw)))
            except CodecError as error:
                self.problems.add(f"{instance._meta.label_lower}, {plan.name}", str(error))
        links, self.links = self.links, []
        for plan, instance, raw in links:
            where = f"{instance._meta.label_lower}, {plan.name}"
            targets = []
            for item in raw:
                try:
                    target = self._member_of_list(plan, item)
                except CodecError as error:
                    self.problems.add(where, str(error))
                    continue
                if target is not None and not any(target is t for t in targets):
                    targets.append(target)
            self.links.append((plan, instance, targets))

    def _member_of_list(self, plan: FieldPlan, item: Any):
        if plan.kind != Kind.USER:
            return self._target(plan, item)
        if not isinstance(item, str):
            raise CodecError(_("expected a username"))
        if item not in self.users:
            self.users_not_found.add(item)  # left out of the list, and reported
        return self.users.get(item)
