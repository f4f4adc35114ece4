"""Reads for the objection arsenal: the library, open counts and an objection's story."""

from collections import Counter
from dataclasses import dataclass, field

from method.comms_catalog import Filled, ObjectionText, objection_texts
from method.figures import round_half_up, to_decimal
from method.objections import ObjectionCategory
from samspill.audit.models import AuditEntry
from samspill.objections.models import ArsenalEntry, Category, Objection, ObjectionStatus


def open_counts_by_group(project) -> Counter:
    """Open objections per group id, for the map and the diagnostics."""
    return Counter(
        Objection.objects.filter(project=project, status=ObjectionStatus.OPEN)
        .exclude(group=None)
        .values_list("group_id", flat=True)
    )


def open_count(project, category: ObjectionCategory) -> int:
    return Objection.objects.filter(
        project=project, status=ObjectionStatus.OPEN, category=category.value
    ).count()


@dataclass
class FilledText:
    title: str
    reality: Filled
    response: Filled
    compromise: Filled


@dataclass
class Shelf:
    """One category of the library: the catalog's entry and the project's own."""

    category: str
    label: str
    catalog: FilledText
    entries: list[ArsenalEntry] = field(default_factory=list)
    open: int = 0


def _filled(text: ObjectionText, filler) -> FilledText:
    return FilledText(
        title=text.title,
        reality=filler(text.reality),
        response=filler(text.response),
        compromise=filler(text.compromise),
    )


def library(project, filler) -> list[Shelf]:
    texts = objection_texts(filler.language)
    labels = dict(Category.choices)
    open_counts = Counter(
        Objection.objects.filter(project=project, status=ObjectionStatus.OPEN).values_list(
            "category", flat=True
        )
    )
    shelves = {
        category.value: Shelf(
            category=category.value,
            label=labels[category.value],
            catalog=_filled(texts[category], filler),
            open=open_counts[category.value],
        )
        for category in ObjectionCategory
    }
    for entry in ArsenalEntry.objects.filter(project=project):
        shelves[entry.category].entries.append(entry)
    return list(shelves.values())


@dataclass
class SuggestionView:
    category: str
    label: str
    percent: int
    title: str
    response: Filled


def suggestions(objection: Objection, filler) -> list[SuggestionView]:
    """The stored suggestions worth showing: a category the matcher gives 0 % is no suggestion."""
    texts = objection_texts(filler.language)
    labels = dict(Category.choices)
    shown = []
    for s in objection.suggestions:
        if s.get("category") not in labels:
            continue
        percent = int(round_half_up(to_decimal(s["score"]) * 100))
        if percent < 1:
            continue
        category = ObjectionCategory(s["category"])
        shown.append(
            SuggestionView(
                category=s["category"],
                label=labels[s["category"]],
                percent=percent,
                title=texts[category].title,
                response=filler(texts[category].response),
            )
        )
    return shown


def history(objection: Objection):
    """Every recorded change of the objection, oldest first, from the audit trail."""
    return AuditEntry.objects.filter(
        object_type="objections.objection", object_id=str(objection.uuid)
    ).order_by("sequence")
