"""The guarantees pack's catalog: legal items, classification texts, clauses and letters.

Two files per language under method/catalog/<lang>/:

- legal.toml: the obligations and good practices ([[item]]), the texts that explain a risk
  classification ([reasons]) and the labels of the questionnaire's purposes ([purposes]).
- clauses.toml: the clause library for a co-determination agreement on AI ([[clause]]),
  the label of every fact a clause or letter may use ([[placeholder]]), and the letters
  ([[letter]]): a job-security statement and an information letter to employees.

Every legal item carries its source, jurisdiction, kind, dates and the day it was last
checked, because the UI shows all of them: a user must see how current a statement is.
Samspill guides; it is not legal advice.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from method.catalog import CATALOG_DIR, CatalogError, _read, _text
from method.comms_catalog import Placeholder, TemplateFieldError, template_fields

JURISDICTIONS = ("EU", "NO", "DE")
KINDS = ("obligation", "good_practice")
# When in the project a duty must be met, in project order.
WHEN = ("before_prototype", "before_pilot", "before_rollout", "ongoing")
# The only value of status_no: the AI Act is expected in Norway but not yet in force there.
EXPECTED = "expected"

# The facts about a project that decide which items apply (method.legal.conditions).
CONDITIONS = frozenset(
    {
        "country_no",
        "country_de",
        "country_eu_other",
        "eu_or_eea",
        "personal_data",
        "high_risk",
        "prohibited",
        "emotion_recognition",
        "biometric_categorisation",
        "public_employer",
        "private_employer",
        "chatbot",
        "scores_people",
        "automated_decision",
        "employees_affected",
        "monitors_employees",
        "control_measure",
        "size_10_29",
        "size_30",
        "size_50",
    }
)

# The questionnaire's purposes, and the keys of the texts that explain a classification.
PURPOSES = (
    "recruitment",
    "work_decisions",
    "task_allocation",
    "performance_monitoring",
    "hr_assistant",
    "other",
)
REASON_KEYS = (
    "emotion_recognition",
    "biometric_categorisation",
    "purpose_recruitment",
    "purpose_work_decisions",
    "purpose_task_allocation",
    "purpose_performance_monitoring",
    "monitors_employees",
    "scores_workers",
    "scores_applicants",
    "profiling",
    "derogation_possible",
    "no_annex_iii",
)
REASON_PARAMS = ("purpose",)

# The facts a clause or letter may use. What a letter needs beyond them (the practical
# consequences and the expected duration that AML § 9-2(2) asks for) stands in the text as
# a visible "[…: to fill in]" gap for the author to complete.
PLACEHOLDERS = (
    "project",
    "tool",
    "employer",
    "union",
    "ai_will_do",
    "ai_will_not_do",
    "pilot_department",
    "contact",
    "date",
)
LETTER_KEYS = ("job_security_statement", "employee_information")

# The items were last checked in December 2026. A checked_on after this date (or after
# today, once today is later) is a typing error, not a check. That an item is too OLD is
# checked by method/tests/test_legal.py against the latest commit (docs/law.md).
CHECKED_ON_LIMIT = date(2026, 12, 31)


@dataclass(frozen=True, slots=True)
class LegalItem:
    """One obligation or good practice, with everything the UI shows about its currency.

    ``verify`` marks a date or reading that is Samspill's assessment and should be checked
    with a lawyer (Art. 86 "applies — verify").
    ``status_no = "expected"`` marks EU law that binds Norway only once it is taken into
    the EEA Agreement and national law; ``applies_from_no`` is the Norwegian date where it
    differs. ``blocking`` stops the project until the item is resolved.
    """

    key: str
    jurisdiction: str
    source: str
    kind: str
    applies_from: date
    checked_on: date
    verify: bool
    title: str
    summary: str
    action: str
    when: str
    applies_if: frozenset[str]
    trust_item: bool
    blocking: bool = False
    status_no: str | None = None
    applies_from_no: date | None = None


ITEM_FIELDS = frozenset(LegalItem.__slots__)
_OPTIONAL_FIELDS = frozenset({"blocking", "status_no", "applies_from_no"})


def _fields(item: object, allowed: Collection[str], where: str) -> dict:
    if not isinstance(item, dict):
        raise CatalogError(f"{where}: must be a table.")
    unknown = sorted(set(item) - set(allowed))
    if unknown:
        raise CatalogError(f"{where}: unknown field(s) {', '.join(unknown)}.")
    return item


def _choice(item: dict, field: str, allowed: Collection[str], where: str) -> str:
    value = _text(item, field, where)
    if value not in allowed:
        raise CatalogError(f"{where}: {field} {value!r} is not one of {', '.join(allowed)}.")
    return value


def _date(item: dict, field: str, where: str) -> date:
    value = item.get(field)
    # tomllib returns a datetime (a subclass of date) for a value with a time: refuse it.
    if type(value) is not date:
        raise CatalogError(f"{where}: '{field}' must be a date such as 2026-11-27.")
    return value


def _flag(item: dict, field: str, where: str) -> bool:
    value = item.get(field)
    if not isinstance(value, bool):
        raise CatalogError(f"{where}: '{field}' must be true or false.")
    return value


def _keys(item: dict, field: str, allowed: Collection[str], where: str) -> frozenset[str]:
    values = item.get(field)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise CatalogError(f"{where}: '{field}' must be a list of condition keys.")
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise CatalogError(f"{where}: {field} has unknown condition(s) {', '.join(unknown)}.")
    return frozenset(values)


def _template(item: dict, field: str, known: Collection[str], where: str) -> str:
    value = _text(item, field, where)
    try:
        template_fields(value, known)
    except TemplateFieldError as exc:
        raise CatalogError(f"{where}, {field}: {exc}") from None
    return value


def _legal_item(item: dict, where: str, latest_check: date) -> LegalItem:
    _fields(item, ITEM_FIELDS, where)
    absent = sorted(ITEM_FIELDS - _OPTIONAL_FIELDS - set(item))
    if absent:
        raise CatalogError(f"{where}: missing field(s) {', '.join(absent)}.")
    checked_on = _date(item, "checked_on", where)
    if checked_on > latest_check:
        raise CatalogError(f"{where}: checked_on {checked_on} lies in the future.")
    jurisdiction = _choice(item, "jurisdiction", JURISDICTIONS, where)
    eu_only = [f for f in ("status_no", "applies_from_no") if f in item]
    if eu_only and jurisdiction != "EU":
        raise CatalogError(f"{where}: {', '.join(eu_only)} only make sense for EU items.")
    return LegalItem(
        key=_text(item, "key", where),
        jurisdiction=jurisdiction,
        source=_text(item, "source", where),
        kind=_choice(item, "kind", KINDS, where),
        applies_from=_date(item, "applies_from", where),
        checked_on=checked_on,
        verify=_flag(item, "verify", where),
        title=_text(item, "title", where),
        summary=_text(item, "summary", where),
        action=_text(item, "action", where),
        when=_choice(item, "when", WHEN, where),
        applies_if=_keys(item, "applies_if", CONDITIONS, where),
        trust_item=_flag(item, "trust_item", where),
        blocking=_flag(item, "blocking", where) if "blocking" in item else False,
        status_no=_choice(item, "status_no", (EXPECTED,), where) if "status_no" in item else None,
        applies_from_no=_date(item, "applies_from_no", where)
        if "applies_from_no" in item
        else None,
    )


def load_legal_items(language: str, *, directory: Path = CATALOG_DIR) -> dict[str, LegalItem]:
    """The legal items keyed by key, in catalog order."""
    name = f"{language}/legal.toml"
    data = _read(language, "legal", directory)
    items = data.get("item")
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{name}: no [[item]] items.")
    latest_check = max(CHECKED_ON_LIMIT, date.today())
    found: dict[str, LegalItem] = {}
    for index, item in enumerate(items, start=1):
        legal_item = _legal_item(item, f"{name}, item {index}", latest_check)
        if legal_item.key in found:
            raise CatalogError(f"{name}, item {index}: key {legal_item.key!r} appears twice.")
        found[legal_item.key] = legal_item
    return found


def _table(data: dict, table: str, keys: Collection[str], name: str) -> dict[str, str]:
    """A [table] of texts that must name exactly ``keys``; texts may use REASON_PARAMS."""
    values = data.get(table)
    if not isinstance(values, dict):
        raise CatalogError(f"{name}: the [{table}] table is missing.")
    unknown = sorted(set(values) - set(keys))
    if unknown:
        raise CatalogError(f"{name}, [{table}]: unknown key(s) {', '.join(unknown)}.")
    absent = [key for key in keys if key not in values]
    if absent:
        raise CatalogError(f"{name}, [{table}]: no text for {', '.join(absent)}.")
    return {key: _template(values, key, REASON_PARAMS, f"{name}, [{table}]") for key in keys}


def load_reason_texts(language: str, *, directory: Path = CATALOG_DIR) -> dict[str, str]:
    """The text behind every classification reason key; "{purpose}" is the purpose label."""
    return _table(
        _read(language, "legal", directory), "reasons", REASON_KEYS, f"{language}/legal.toml"
    )


def load_purpose_labels(language: str, *, directory: Path = CATALOG_DIR) -> dict[str, str]:
    """A short label for every questionnaire purpose."""
    return _table(
        _read(language, "legal", directory), "purposes", PURPOSES, f"{language}/legal.toml"
    )


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a co-determination agreement on AI; ``text`` is a template."""

    key: str
    title: str
    text: str
    default: bool
    order: int


@dataclass(frozen=True, slots=True)
class LetterParagraph:
    text: str
    applies_if: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Letter:
    """A letter template; a paragraph with ``applies_if`` belongs only where all hold."""

    key: str
    title: str
    paragraphs: tuple[LetterParagraph, ...]

    def texts(self, conditions: Collection[str] = ()) -> tuple[str, ...]:
        """The paragraph templates that apply under ``conditions`` (method.legal.conditions)."""
        return tuple(p.text for p in self.paragraphs if p.applies_if <= set(conditions))

    def text_for(self, conditions: Collection[str]) -> str:
        """The letter for a project, its paragraphs separated by blank lines."""
        return "\n\n".join(self.texts(conditions))

    @property
    def text(self) -> str:
        """The letter without the paragraphs that depend on the project (risk class, country)."""
        return self.text_for(())


def _clause(item: dict, where: str) -> Clause:
    _fields(item, ("key", "title", "text", "default", "order"), where)
    order = item.get("order")
    if type(order) is not int:
        raise CatalogError(f"{where}: 'order' must be a whole number.")
    return Clause(
        key=_text(item, "key", where),
        title=_template(item, "title", PLACEHOLDERS, where),
        text=_template(item, "text", PLACEHOLDERS, where),
        default=_flag(item, "default", where),
        order=order,
    )


def load_clauses(language: str, *, directory: Path = CATALOG_DIR) -> tuple[Clause, ...]:
    """The clause library, sorted by ``order``; keys and orders are unique."""
    name = f"{language}/clauses.toml"
    items = _read(language, "clauses", directory).get("clause")
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{name}: no [[clause]] items.")
    found: list[Clause] = []
    for index, item in enumerate(items, start=1):
        where = f"{name}, clause {index}"
        clause = _clause(item, where)
        if any(c.key == clause.key for c in found):
            raise CatalogError(f"{where}: key {clause.key!r} appears twice.")
        if any(c.order == clause.order for c in found):
            raise CatalogError(f"{where}: order {clause.order} appears twice.")
        found.append(clause)
    return tuple(sorted(found, key=lambda clause: clause.order))


def _letter(item: dict, where: str) -> Letter:
    _fields(item, ("key", "title", "paragraph"), where)
    paragraphs = item.get("paragraph")
    if not isinstance(paragraphs, list) or not paragraphs:
        raise CatalogError(f"{where}: no [[letter.paragraph]] items.")
    found = []
    for number, paragraph in enumerate(paragraphs, start=1):
        at = f"{where}, paragraph {number}"
        _fields(paragraph, ("text", "applies_if"), at)
        applies_if = (
            _keys(paragraph, "applies_if", CONDITIONS, at)
            if "applies_if" in paragraph
            else frozenset()
        )
        found.append(LetterParagraph(_template(paragraph, "text", PLACEHOLDERS, at), applies_if))
    return Letter(
        key=_choice(item, "key", LETTER_KEYS, where),
        title=_template(item, "title", PLACEHOLDERS, where),
        paragraphs=tuple(found),
    )


def load_letters(language: str, *, directory: Path = CATALOG_DIR) -> dict[str, Letter]:
    """The job-security statement and the employee information letter, keyed by key."""
    name = f"{language}/clauses.toml"
    items = _read(language, "clauses", directory).get("letter")
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{name}: no [[letter]] items.")
    found: dict[str, Letter] = {}
    for index, item in enumerate(items, start=1):
        where = f"{name}, letter {index}"
        letter = _letter(item, where)
        if letter.key in found:
            raise CatalogError(f"{where}: key {letter.key!r} appears twice.")
        found[letter.key] = letter
    absent = [key for key in LETTER_KEYS if key not in found]
    if absent:
        raise CatalogError(f"{name}: no letter {', '.join(absent)}.")
    return found


def load_clause_placeholders(
    language: str, *, directory: Path = CATALOG_DIR
) -> dict[str, Placeholder]:
    """Label and "missing" text for every fact in PLACEHOLDERS, for comms_catalog.fill."""
    name = f"{language}/clauses.toml"
    items = _read(language, "clauses", directory).get("placeholder")
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{name}: no [[placeholder]] items.")
    found: dict[str, Placeholder] = {}
    for index, item in enumerate(items, start=1):
        where = f"{name}, placeholder {index}"
        _fields(item, ("key", "label", "missing"), where)
        key = _choice(item, "key", PLACEHOLDERS, where)
        if key in found:
            raise CatalogError(f"{where}: key {key!r} appears twice.")
        found[key] = Placeholder(key, _text(item, "label", where), _text(item, "missing", where))
    absent = [key for key in PLACEHOLDERS if key not in found]
    if absent:
        raise CatalogError(f"{name}: no placeholder for {', '.join(absent)}.")
    return found


# A check older than this (against the reference day) is due again (docs/law.md).
RECHECK_AFTER_DAYS = 365


def stale_items(items: Collection[LegalItem], reference: date) -> list[LegalItem]:
    """The items last checked more than RECHECK_AFTER_DAYS before ``reference``.

    The reference is passed in (the suite uses the latest commit's date), so the answer
    never depends on the clock of the machine that runs it.
    """
    return [item for item in items if (reference - item.checked_on).days > RECHECK_AFTER_DAYS]


@cache
def legal_items(language: str) -> dict[str, LegalItem]:
    return load_legal_items(language)


@cache
def reason_texts(language: str) -> dict[str, str]:
    return load_reason_texts(language)


@cache
def purpose_labels(language: str) -> dict[str, str]:
    return load_purpose_labels(language)


@cache
def clauses(language: str) -> tuple[Clause, ...]:
    return load_clauses(language)


@cache
def letters(language: str) -> dict[str, Letter]:
    return load_letters(language)


@cache
def clause_placeholders(language: str) -> dict[str, Placeholder]:
    return load_clause_placeholders(language)
