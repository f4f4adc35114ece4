"""Texts of the communication planner and the objection arsenal (DESIGN.md capabilities 5 and 6).

Four catalog files per language: placeholders.toml (the project facts a text may use and
what to show when one is unknown), objections.toml (reality, response and compromise for
every objection category), messages.toml (message drafts per audience) and guides.toml
(one conversation guide per audience).

Drafts are templates in Python's str.format syntax with plain field names only:
"{payback_month}" is a fact, "{{" a literal brace. :func:`fill` substitutes the facts
without ever re-reading what it inserts, so braces inside a fact stay as they are.
"""

import string
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from method.audiences import Audience
from method.catalog import CATALOG_DIR, CatalogError, _read, _text
from method.objections import ObjectionCategory

# The facts the web side supplies, one per placeholder; placeholders.toml must define exactly these.
FACT_KEYS = (
    "project",
    "tool",
    "ai_will_do",
    "ai_will_not_do",
    "pilot_department",
    "pilot_start",
    "full_rollout",
    "hours_saved_per_year",
    "annual_benefit",
    "one_off_cost",
    "payback_month",
    "fte_equivalent",
    "guarantees",
    "integration",
    "training",
    "contact",
    "employer",
    "union",
    "dpo",
)
CHANNELS = ("meeting", "email", "intranet", "workshop", "town_hall")


class TemplateFieldError(ValueError):
    """A template has a malformed brace or a field that is not a known fact.

    ``field`` is the offending field name, or None when the braces themselves are malformed,
    so a form can point at the problem.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def template_fields(template: str, known: Collection[str] | None = None) -> tuple[str, ...]:
    """The field names of a template, in order of first appearance, without duplicates.

    Only plain names are allowed: no positional "{}", no attribute, index, conversion or
    format spec. With ``known``, a name outside it is refused as well.
    """
    names: list[str] = []
    for _literal, name in _pieces(template, known):
        if name is not None and name not in names:
            names.append(name)
    return tuple(names)


def _pieces(template: str, known: Collection[str] | None) -> list[tuple[str, str | None]]:
    """(literal text, field name or None) pairs; literal text has its doubled braces undone."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise TemplateFieldError(
            f"Malformed braces ({exc}); write {{{{ or }}}} for a literal brace."
        ) from None
    pieces: list[tuple[str, str | None]] = []
    for literal, name, spec, conversion in parsed:
        if name is not None:
            if not name.isidentifier():
                raise TemplateFieldError(
                    f"Placeholder {{{name}}} is not allowed: use a plain name such as {{project}}.",
                    name or "{}",
                )
            if spec or conversion:
                raise TemplateFieldError(
                    f"Placeholder {{{name}}} may not carry a format (':' or '!').", name
                )
            if known is not None and name not in known:
                raise TemplateFieldError(f"Unknown placeholder {{{name}}}.", name)
        pieces.append((literal, name))
    return pieces


@dataclass(frozen=True, slots=True)
class Placeholder:
    key: str
    label: str
    missing: str

    def gap(self) -> str:
        """What a text shows where this fact is unknown."""
        return f"[{self.label}: {self.missing}]"


@dataclass(frozen=True, slots=True)
class Filled:
    text: str
    missing: tuple[str, ...]


def fill(
    template: str,
    facts: Mapping[str, str | None],
    placeholders: Mapping[str, Placeholder],
) -> Filled:
    """The template with the project's facts in place, and the facts it still lacks.

    A fact that is None, empty or only whitespace shows as "[label: missing]". Values are
    inserted verbatim. A field outside ``placeholders`` or a malformed brace raises
    TemplateFieldError (templates may be edited by users).
    """
    parts: list[str] = []
    missing: list[str] = []
    for literal, name in _pieces(template, placeholders):
        parts.append(literal)
        if name is None:
            continue
        value = facts.get(name)
        if value is None or not value.strip():
            parts.append(placeholders[name].gap())
            if name not in missing:
                missing.append(name)
        else:
            parts.append(value)
    return Filled("".join(parts), tuple(missing))


@dataclass(frozen=True, slots=True)
class ObjectionText:
    category: ObjectionCategory
    title: str
    reality: str
    response: str
    compromise: str


@dataclass(frozen=True, slots=True)
class MessageDraft:
    key: str
    audience: Audience
    title: str
    channel: str
    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class ConversationGuide:
    audience: Audience
    title: str
    opening: str
    cares: tuple[str, ...]
    fears: tuple[str, ...]
    arguments: tuple[str, ...]
    questions: tuple[str, ...]
    objections: tuple[ObjectionCategory, ...]
    commitment: str


def _items(data: dict, table: str, fields: Collection[str], name: str) -> list[tuple[dict, str]]:
    """The [[table]] items of a file with a "where" for messages; unknown fields are refused."""
    items = data.get(table)
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{name}: no [[{table}]] items.")
    found = []
    for index, item in enumerate(items, start=1):
        where = f"{name}, {table} {index}"
        if not isinstance(item, dict):
            raise CatalogError(f"{where}: must be a table.")
        unknown = sorted(set(item) - set(fields))
        if unknown:
            raise CatalogError(f"{where}: unknown field(s) {', '.join(unknown)}.")
        found.append((item, where))
    return found


def _template(item: dict, field: str, where: str) -> str:
    value = _text(item, field, where)
    try:
        template_fields(value, FACT_KEYS)
    except TemplateFieldError as exc:
        raise CatalogError(f"{where}, {field}: {exc}") from None
    return value


def _templates(item: dict, field: str, where: str) -> tuple[str, ...]:
    values = item.get(field)
    if not isinstance(values, list) or not values:
        raise CatalogError(f"{where}: '{field}' must be a non-empty list of texts.")
    return tuple(
        _template({field: value}, field, f"{where}, {field} {number}")
        for number, value in enumerate(values, start=1)
    )


def _choice[E: StrEnum](kind: type[E], value: str, where: str) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise CatalogError(f"{where}: {value!r} is not one of {allowed}.") from None


def load_placeholders(language: str, *, directory: Path = CATALOG_DIR) -> dict[str, Placeholder]:
    """Label and "missing" text for every fact, keyed by fact, in catalog order."""
    name = f"{language}/placeholders.toml"
    data = _read(language, "placeholders", directory)
    found: dict[str, Placeholder] = {}
    for item, where in _items(data, "placeholder", ("key", "label", "missing"), name):
        key = _text(item, "key", where)
        if key not in FACT_KEYS:
            raise CatalogError(f"{where}: {key!r} is not a project fact ({', '.join(FACT_KEYS)}).")
        if key in found:
            raise CatalogError(f"{where}: key {key!r} appears twice.")
        found[key] = Placeholder(key, _text(item, "label", where), _text(item, "missing", where))
    absent = [key for key in FACT_KEYS if key not in found]
    if absent:
        raise CatalogError(f"{name}: no placeholder for {', '.join(absent)}.")
    return found


def load_objection_texts(
    language: str, *, directory: Path = CATALOG_DIR
) -> dict[ObjectionCategory, ObjectionText]:
    """The arsenal's answer to every objection category, in catalog order."""
    name = f"{language}/objections.toml"
    data = _read(language, "objections", directory)
    fields = ("key", "title", "reality", "response", "compromise")
    found: dict[ObjectionCategory, ObjectionText] = {}
    for item, where in _items(data, "objection", fields, name):
        category = _choice(ObjectionCategory, _text(item, "key", where), f"{where}, key")
        if category in found:
            raise CatalogError(f"{where}: key {category.value!r} appears twice.")
        found[category] = ObjectionText(
            category=category,
            title=_text(item, "title", where),
            reality=_template(item, "reality", where),
            response=_template(item, "response", where),
            compromise=_template(item, "compromise", where),
        )
    absent = [category.value for category in ObjectionCategory if category not in found]
    if absent:
        raise CatalogError(f"{name}: no objection text for {', '.join(absent)}.")
    return found


def load_message_drafts(
    language: str, *, directory: Path = CATALOG_DIR
) -> tuple[MessageDraft, ...]:
    """The message drafts in catalog order; subject and body are templates."""
    name = f"{language}/messages.toml"
    data = _read(language, "messages", directory)
    fields = ("key", "audience", "title", "channel", "subject", "body")
    drafts: list[MessageDraft] = []
    for item, where in _items(data, "message", fields, name):
        key = _text(item, "key", where)
        if any(draft.key == key for draft in drafts):
            raise CatalogError(f"{where}: key {key!r} appears twice.")
        channel = _text(item, "channel", where)
        if channel not in CHANNELS:
            raise CatalogError(f"{where}: channel {channel!r} is not one of {', '.join(CHANNELS)}.")
        drafts.append(
            MessageDraft(
                key=key,
                audience=_choice(Audience, _text(item, "audience", where), f"{where}, audience"),
                title=_text(item, "title", where),
                channel=channel,
                subject=_template(item, "subject", where),
                body=_template(item, "body", where),
            )
        )
    absent = [a.value for a in Audience if all(d.audience is not a for d in drafts)]
    if absent:
        raise CatalogError(f"{name}: no message draft for {', '.join(absent)}.")
    return tuple(drafts)


def load_guides(
    language: str, *, directory: Path = CATALOG_DIR
) -> dict[Audience, ConversationGuide]:
    """One conversation guide per audience; every text except the title is a template."""
    name = f"{language}/guides.toml"
    data = _read(language, "guides", directory)
    lists = ("cares", "fears", "arguments", "questions")
    fields = ("audience", "title", "opening", *lists, "objections", "commitment")
    guides: dict[Audience, ConversationGuide] = {}
    for item, where in _items(data, "guide", fields, name):
        audience = _choice(Audience, _text(item, "audience", where), f"{where}, audience")
        if audience in guides:
            raise CatalogError(f"{where}: audience {audience.value!r} appears twice.")
        keys = item.get("objections")
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
            raise CatalogError(f"{where}: 'objections' must be a non-empty list of keys.")
        objections = tuple(_choice(ObjectionCategory, k, f"{where}, objections") for k in keys)
        if len(set(objections)) != len(objections):
            raise CatalogError(f"{where}: an objection key appears twice.")
        cares, fears, arguments, questions = (_templates(item, f, where) for f in lists)
        guides[audience] = ConversationGuide(
            audience=audience,
            title=_text(item, "title", where),
            opening=_template(item, "opening", where),
            cares=cares,
            fears=fears,
            arguments=arguments,
            questions=questions,
            objections=objections,
            commitment=_template(item, "commitment", where),
        )
    absent = [audience.value for audience in Audience if audience not in guides]
    if absent:
        raise CatalogError(f"{name}: no conversation guide for {', '.join(absent)}.")
    return guides


@cache
def placeholders(language: str) -> dict[str, Placeholder]:
    return load_placeholders(language)


@cache
def objection_texts(language: str) -> dict[ObjectionCategory, ObjectionText]:
    return load_objection_texts(language)


@cache
def message_drafts(language: str) -> tuple[MessageDraft, ...]:
    return load_message_drafts(language)


@cache
def guides(language: str) -> dict[Audience, ConversationGuide]:
    return load_guides(language)
