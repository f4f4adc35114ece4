"""Writes for the objection arsenal. Each validates, saves and audits."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from method.objection_matcher import MatcherError, match
from samspill.audit.services import save_created, save_deleted, save_versioned
from samspill.core import clock
from samspill.notify.events import publish
from samspill.objections.models import ArsenalEntry, Objection

OBJECTION_FIELDS = [
    "text",
    "raised_on",
    "person",
    "group",
    "occasion",
    "engagement",
    "category",
    "status",
    "answer",
]
ENTRY_FIELDS = ["category", "title", "reality", "response", "compromise"]


def suggest(text: str) -> list[dict]:
    """The matcher's top three for `text`, as stored and shown: [{category, score}, …]."""
    try:
        suggestions = match(text)
    except MatcherError:
        return []
    return [{"category": s.category.value, "score": round(s.score, 3)} for s in suggestions]


def _category_label(category: str):
    field = Objection._meta.get_field("category")
    return dict(field.flatchoices).get(category, category)


@transaction.atomic
def objection_log(
    *,
    actor,
    project,
    text: str,
    raised_on: dt.date,
    person=None,
    group=None,
    occasion: str = "",
    engagement=None,
    category: str = "",
) -> Objection:
    """Log an objection in the raiser's words; without a category the best match is taken."""
    if person is None and group is None:
        raise ValidationError(_("Say who raised it: a person or a group."))
    if person is not None:
        group = person.group  # a person speaks within their group
    if raised_on > clock.today():
        raise ValidationError({"raised_on": _("An objection cannot be raised in the future.")})
    suggestions = suggest(text)
    if not category:
        if not suggestions:
            raise ValidationError(
                {"category": _("No category fits the text by itself; please choose one.")}
            )
        category = suggestions[0]["category"]
    objection = Objection(
        project=project,
        text=text,
        raised_on=raised_on,
        person=person,
        group=group,
        occasion=occasion,
        engagement=engagement,
        category=category,
        suggestions=suggestions,
        logged_by=actor,
    )
    save_created(actor=actor, project=project, obj=objection, fields=OBJECTION_FIELDS)
    # The category only: the words and who raised them stay in the project.
    publish(
        project,
        "objection_logged",
        summary=format_lazy(
            gettext_lazy("Objection logged: {category}"),
            category=_category_label(objection.category),
        ),
        path=reverse("objections:detail", args=[project.slug, objection.uuid]),
        actor=actor,
    )
    return objection


@transaction.atomic
def objection_update(*, actor, objection: Objection, expected_version: int, **values) -> Objection:
    """Answer, re-categorise or move an objection along (Objection.clean checks the answer)."""
    return save_versioned(
        actor=actor,
        project=objection.project,
        obj=objection,
        expected_version=expected_version,
        fields=OBJECTION_FIELDS,
        values=values,
    )


@transaction.atomic
def objection_delete(*, actor, objection: Objection) -> None:
    save_deleted(actor=actor, project=objection.project, obj=objection, fields=OBJECTION_FIELDS)


@transaction.atomic
def entry_create(*, actor, project, **values) -> ArsenalEntry:
    return save_created(
        actor=actor,
        project=project,
        obj=ArsenalEntry(project=project, **values),
        fields=ENTRY_FIELDS,
    )


@transaction.atomic
def entry_update(*, actor, entry: ArsenalEntry, expected_version: int, **values) -> ArsenalEntry:
    return save_versioned(
        actor=actor,
        project=entry.project,
        obj=entry,
        expected_version=expected_version,
        fields=ENTRY_FIELDS,
        values=values,
    )


@transaction.atomic
def entry_delete(*, actor, entry: ArsenalEntry) -> None:
    save_deleted(actor=actor, project=entry.project, obj=entry, fields=ENTRY_FIELDS)
