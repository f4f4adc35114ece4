"""Writes for projects and their members. Each validates, saves and audits."""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from method.roles import Role
from samspill.audit.models import AuditAction
from samspill.audit.services import (
    audit_record,
    deletion,
    diff,
    save_created,
    save_versioned,
    snapshot,
)
from samspill.core import clock
from samspill.core.text import slug_base
from samspill.projects.models import Membership, Project
from samspill.projects.seeding import seed_project

PROJECT_FIELDS = [
    "name",
    "ai_tool",
    "ai_will_do",
    "ai_will_not_do",
    "departments",
    "start_date",
    "language",
]
EDITABLE_PROJECT_FIELDS = [f for f in PROJECT_FIELDS if f != "language"] + [
    "engagement_alert_weeks"
]
# The facts letters, messages and the transparency page are filled from (Project facts).
PROJECT_FACT_FIELDS = [
    "employer_name",
    "org_number",
    "employee_representatives",
    "contact_person",
    "dpo",
    "public_employer",
]


def _unique_slug(name: str) -> str:
    base = slug_base(name) or "project"
    slug, counter = base, 2
    while Project.objects.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


@transaction.atomic
def project_create(
    *,
    actor: AbstractBaseUser,
    name: str,
    ai_tool: str,
    start_date: dt.date,
    language: str = "en",
    ai_will_do: str = "",
    ai_will_not_do: str = "",
    departments: str = "",
    slug: str | None = None,
) -> Project:
    """Create a project owned by its creator, filled from the method's presets."""
    project = Project(
        slug=slug or _unique_slug(name),
        name=name,
        ai_tool=ai_tool,
        start_date=start_date,
        language=language,
        ai_will_do=ai_will_do,
        ai_will_not_do=ai_will_not_do,
        departments=departments,
    )
    # save_created saves before it audits, so the project's trail starts with its creation.
    save_created(actor=actor, project=project, obj=project, fields=PROJECT_FIELDS)
    save_created(
        actor=actor,
        project=project,
        obj=Membership(project=project, user=actor, role=Role.OWNER),
        fields=["user", "role"],
    )
    seed_project(actor=actor, project=project)
    return project


@transaction.atomic
def project_update(
    *, actor: AbstractBaseUser, project: Project, expected_version: int, **values
) -> Project:
    """Change a project's details; raises StaleEditError if someone saved in between."""
    return save_versioned(
        actor=actor,
        project=project,
        obj=project,
        expected_version=expected_version,
        fields=EDITABLE_PROJECT_FIELDS,
        values=values,
    )


@transaction.atomic
def project_facts_update(
    *, actor: AbstractBaseUser, project: Project, expected_version: int | None = None, **values
) -> Project:
    """Change the project facts; raises StaleEditError if someone saved in between.

    Without an expected version (a form that asks one fact among others, such as the
    applicability check's public-employer question) the current version is taken."""
    if expected_version is None:
        expected_version = Project.objects.values_list("version", flat=True).get(pk=project.pk)
    return save_versioned(
        actor=actor,
        project=project,
        obj=project,
        expected_version=expected_version,
        fields=PROJECT_FACT_FIELDS,
        values=values,
    )


@transaction.atomic
def membership_add(
    *, actor: AbstractBaseUser, project: Project, user: AbstractBaseUser, role: str
) -> Membership:
    if Membership.objects.filter(project=project, user=user).exists():
        raise ValidationError(
            _("%(user)s is already a member of this project.") % {"user": user.get_username()}
        )
    return save_created(
        actor=actor,
        project=project,
        obj=Membership(project=project, user=user, role=Role(role)),
        fields=["user", "role"],
    )


def _ensure_an_owner_remains(membership: Membership) -> None:
    others = Membership.objects.filter(project=membership.project_id, role=Role.OWNER).exclude(
        pk=membership.pk
    )
    if membership.role == Role.OWNER and not others.exists():
        raise ValidationError(
            _("A project needs at least one owner. Make someone else owner first.")
        )


@transaction.atomic
def membership_change_role(
    *, actor: AbstractBaseUser, membership: Membership, role: str
) -> Membership:
    # Lock every membership of the project so two owners cannot demote each other at once.
    list(Membership.objects.select_for_update().filter(project=membership.project_id))
    membership.refresh_from_db()
    if Role(role) != Role.OWNER:
        _ensure_an_owner_remains(membership)
    before = snapshot(membership, ["role"])
    membership.role = Role(role)
    membership.full_clean()
    membership.save(update_fields=["role"])
    audit_record(
        actor=actor,
        project=membership.project,
        action=AuditAction.UPDATE,
        obj=membership,
        changes=diff(before, snapshot(membership, ["role"])),
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: AbstractBaseUser, membership: Membership) -> None:
    list(Membership.objects.select_for_update().filter(project=membership.project_id))
    membership.refresh_from_db()
    _ensure_an_owner_remains(membership)
    audit_record(
        actor=actor,
        project=membership.project,
        action=AuditAction.DELETE,
        obj=membership,
        changes=deletion(snapshot(membership, ["user", "role"])),
    )
    membership.delete()


def _set_archived(*, actor: AbstractBaseUser, project: Project, archived: bool) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.is_archived == archived:
        raise ValidationError(
            _("The project is already archived.") if archived else _("The project is not archived.")
        )
    before = snapshot(project, ["archived_at"])
    project.archived_at = clock.now() if archived else None
    project.save(update_fields=["archived_at"])
    audit_record(
        actor=actor,
        project=project,
        action=AuditAction.UPDATE,
        obj=project,
        changes=diff(before, snapshot(project, ["archived_at"])),
    )
    return project


@transaction.atomic
def project_archive(*, actor: AbstractBaseUser, project: Project) -> Project:
    """Make the project read-only for every role and hide it from the default list."""
    return _set_archived(actor=actor, project=project, archived=True)


@transaction.atomic
def project_restore(*, actor: AbstractBaseUser, project: Project) -> Project:
    return _set_archived(actor=actor, project=project, archived=False)


@transaction.atomic
def project_delete(*, actor: AbstractBaseUser, project: Project) -> None:
    """Delete a project and everything in it.

    The deletion is the project's last audit entry. Audit entries outlive their project
    (their link to it is set to empty; the label keeps its uuid), so the site-wide chain
    keeps who deleted which project and when, for as long as the chain is kept.
    """
    audit_record(
        actor=actor,
        project=project,
        action=AuditAction.DELETE,
        obj=project,
        changes=deletion({"slug": project.slug, **snapshot(project, PROJECT_FIELDS)}),
    )
    project.delete()
