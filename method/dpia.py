"""The rules of the DPIA helper (GDPR Art. 35), free of Django.

The structure follows the CNIL's PIA method (context, fundamental principles, risks,
validation); the screening follows the nine criteria of the EDPB guidelines on DPIAs
(WP248 rev.01) and Datatilsynet's list of processing that always needs a DPIA. Only the
method is used here: the texts are our own and live in method/catalog/<lang>/dpia.toml.
"""

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from functools import cache
from pathlib import Path

from method.catalog import CATALOG_DIR, CatalogError, _read, _text

# The nine EDPB criteria, in the guidelines' order.
CRITERIA = (
    "evaluation_scoring",
    "automated_decision",
    "systematic_monitoring",
    "sensitive_data",
    "large_scale",
    "matching_datasets",
    "vulnerable_subjects",
    "innovative_technology",
    "blocks_right",
)

# The context of the processing (CNIL method, part 1).
CONTEXT_KEYS = (
    "processing",
    "responsibilities",
    "data_subjects",
    "data_categories",
    "lifecycle",
    "assets",
)

# Fundamental principles (CNIL method, part 2): proportionality and necessity ...
# "processors": the vendor as processor and its data processing agreement (GDPR Art. 28;
# the CNIL method lists processors among the controls).
PRINCIPLE_KEYS = (
    "purpose",
    "legal_basis",
    "minimisation",
    "accuracy",
    "retention",
    "processors",
    "transfers",
)
# ... and the controls that protect each data-subject right.
RIGHT_KEYS = (
    "right_information",
    "right_access",
    "right_rectification",
    "right_erasure",
    "right_restriction",
    "right_portability",
    "right_objection",
    "right_human_review",
)

# The CNIL's three feared events, then the three an HR AI tool adds.
RISK_KEYS = (
    "illegitimate_access",
    "unwanted_change",
    "disappearance",
    "discrimination",
    "explainability",
    "chilling_effect",
)


class Level(IntEnum):
    """Severity and likelihood share the CNIL's four-step scale."""

    NEGLIGIBLE = 1
    LIMITED = 2
    SIGNIFICANT = 3
    MAXIMUM = 4


LEVELS = tuple(Level)


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


# risk_level(severity, likelihood): rows are severity 1..4, columns likelihood 1..4.
# The table is our own reading of the CNIL map, deliberately tilted towards severity:
# an event with maximum severity is at least "high" however unlikely it is, because harm
# to a person that cannot be undone must be reduced even when rare, while a frequent
# negligible nuisance stays "medium" at most.
_L, _M, _H, _V = RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.VERY_HIGH
RISK_LEVEL_TABLE: dict[Level, tuple[RiskLevel, RiskLevel, RiskLevel, RiskLevel]] = {
    Level.NEGLIGIBLE: (_L, _L, _M, _M),
    Level.LIMITED: (_L, _M, _H, _H),
    Level.SIGNIFICANT: (_M, _H, _V, _V),
    Level.MAXIMUM: (_H, _H, _V, _V),
}


def is_level(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4


def risk_level(severity: int, likelihood: int) -> RiskLevel:
    """The combined level of a risk from its severity and likelihood (each 1..4)."""
    if not (is_level(severity) and is_level(likelihood)):
        raise ValueError(f"severity and likelihood must be 1..4, got {severity!r}, {likelihood!r}")
    return RISK_LEVEL_TABLE[Level(severity)][likelihood - 1]


def rating_problem(severity: int | None, likelihood: int | None) -> str | None:
    """Why a (severity, likelihood) pair cannot be stored, as a code; None when it can.

    A pair is either not rated yet (both None) or fully rated: a risk with only one of the
    two cannot be placed on the map.
    """
    if severity is None and likelihood is None:
        return None
    if severity is None or likelihood is None:
        return "incomplete"
    if not (is_level(severity) and is_level(likelihood)):
        return "out_of_range"
    return None


def residual_problem(
    before: tuple[int | None, int | None], after: tuple[int | None, int | None]
) -> str | None:
    """The rating after measures needs the rating before them to compare with."""
    if None in before and None not in after:
        return "after_without_before"
    return None


def needs_prior_consultation(residual: list[RiskLevel]) -> bool:
    """Art. 36(1): a risk that stays high after the measures means consulting the authority
    before the processing starts. Datatilsynet reads "high" as it stands, so "high" is
    enough, not only the top level of our map."""
    return any(level in (RiskLevel.HIGH, RiskLevel.VERY_HIGH) for level in residual)


# Outcomes of the DPIA decision that let the processing start.
GO_OUTCOMES = ("go", "go_with_conditions")


def decision_problem(
    outcome: str, *, consultation_needed: bool, consultation_recorded: bool, override_reason: str
) -> str | None:
    """Why a decision cannot be recorded as it stands, as a code; None when it can.

    A "go" (with or without conditions) while prior consultation is needed and not
    recorded is refused ("consultation_missing") unless the decision records an explicit
    override with its reason: the organisation may take that responsibility, but it
    must say so in writing, and the record shows it.
    """
    if outcome not in GO_OUTCOMES or not consultation_needed or consultation_recorded:
        return None
    if override_reason.strip():
        return None
    return "consultation_missing"


@dataclass(frozen=True, slots=True)
class Screening:
    count: int
    required: bool
    reasons: tuple[str, ...]  # keys of [screening] texts in the catalog, most decisive first


def unknown_criteria(selected: set[str] | frozenset[str]) -> set[str]:
    return set(selected) - set(CRITERIA)


def screening(selected: set[str] | frozenset[str]) -> Screening:
    """Count the EDPB criteria and say whether a DPIA is required.

    Two or more criteria usually mean a DPIA is needed (WP248). Datatilsynet's list adds
    cases that always need one whatever the count: systematic monitoring of employees,
    and innovative technology such as AI used to evaluate people or process applications.
    Every Samspill project concerns workers or applicants, so a monitoring criterion is
    monitoring of employees here.
    """
    unknown = unknown_criteria(selected)
    if unknown:
        raise ValueError(f"Unknown criteria: {', '.join(sorted(unknown))}")
    count = len(selected)
    reasons: list[str] = []
    if count >= 2:
        reasons.append("two_or_more")
    if "systematic_monitoring" in selected:
        reasons.append("datatilsynet_monitoring")
    if "innovative_technology" in selected and selected & {
        "automated_decision",
        "evaluation_scoring",
    }:
        reasons.append("datatilsynet_ai")
    required = bool(reasons)
    if not required:
        reasons.append("one_criterion" if count == 1 else "no_criteria")
    return Screening(count=count, required=required, reasons=tuple(reasons))


class Completion(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


def completion(done: int, total: int) -> Completion:
    """A section's state from how many of its parts are filled in."""
    if total <= 0 or done <= 0:
        return Completion.NOT_STARTED
    return Completion.COMPLETE if done >= total else Completion.IN_PROGRESS


# --- Catalog ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Criterion:
    key: str
    label: str
    help: str
    source: str


@dataclass(frozen=True, slots=True)
class Prompt:
    """One question of the context or principles sections, with short guidance."""

    key: str
    label: str
    prompt: str
    guidance: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class LevelText:
    level: int
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class RiskPreset:
    key: str
    title: str
    impacts: str
    threats: str
    sources: str
    measures: str  # typical measures, shown as guidance, not stored


@dataclass(frozen=True, slots=True)
class DpiaCatalog:
    checked_on: dt.date
    disclaimer: str
    criteria: dict[str, Criterion]
    screening: dict[str, str]
    context: dict[str, Prompt]
    principles: dict[str, Prompt]
    rights: dict[str, Prompt]
    severity: dict[int, LevelText]
    likelihood: dict[int, LevelText]
    risk_levels: dict[str, str]
    risks: dict[str, RiskPreset]


SCREENING_TEXTS = (
    "required",
    "not_required",
    "two_or_more",
    "datatilsynet_monitoring",
    "datatilsynet_ai",
    "one_criterion",
    "no_criteria",
)


def _items(data: dict, table: str, where: str) -> list[dict]:
    items = data.get(table)
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{where}: no [[{table}]] items.")
    return items


def _keyed(items: list[dict], expected: tuple[str, ...], where: str) -> list[tuple[str, dict]]:
    """The items in the order of `expected`; each expected key exactly once, no others."""
    keys = [_text(item, "key", f"{where}, item {n}") for n, item in enumerate(items, start=1)]
    if sorted(keys) != sorted(expected):
        missing = sorted(set(expected) - set(keys))
        extra = sorted(set(keys) - set(expected))
        doubled = sorted({k for k in keys if keys.count(k) > 1})
        raise CatalogError(
            f"{where}: keys do not match the method "
            f"(missing {missing}, unknown {extra}, twice {doubled})."
        )
    by_key = dict(zip(keys, items, strict=True))
    return [(key, by_key[key]) for key in expected]


def _prompts(data: dict, table: str, keys: tuple[str, ...], where: str) -> dict[str, Prompt]:
    prompts = {}
    for key, item in _keyed(_items(data, table, where), keys, f"{where} [[{table}]]"):
        at = f"{where}, {table} {key}"
        prompts[key] = Prompt(
            key,
            _text(item, "label", at),
            _text(item, "prompt", at),
            _text(item, "guidance", at),
            str(item.get("source", "")).strip(),
        )
    return prompts


def _levels(data: dict, table: str, where: str) -> dict[int, LevelText]:
    items = _items(data, table, where)
    levels = {}
    for item in items:
        level = item.get("level")
        if not is_level(level) or level in levels:
            raise CatalogError(f"{where}, {table}: level must be 1..4, each once (got {level!r}).")
        at = f"{where}, {table} {level}"
        levels[level] = LevelText(level, _text(item, "label", at), _text(item, "description", at))
    if sorted(levels) != [1, 2, 3, 4]:
        raise CatalogError(f"{where}, {table}: needs the four levels 1..4.")
    return levels


def _table(data: dict, name: str, keys: tuple[str, ...], where: str) -> dict[str, str]:
    table = data.get(name)
    if not isinstance(table, dict):
        raise CatalogError(f"{where}: [{name}] is missing.")
    return {key: _text(table, key, f"{where} [{name}]") for key in keys}


def load_dpia_catalog(language: str, *, directory: Path = CATALOG_DIR) -> DpiaCatalog:
    """The DPIA texts of one language, checked against the method's keys."""
    data = _read(language, "dpia", directory)
    where = f"{language}/dpia.toml"
    checked_on = data.get("checked_on")
    if not isinstance(checked_on, dt.date):
        raise CatalogError(f"{where}: checked_on must be a date (YYYY-MM-DD).")
    criteria = {}
    for key, item in _keyed(_items(data, "criterion", where), CRITERIA, f"{where} [[criterion]]"):
        at = f"{where}, criterion {key}"
        criteria[key] = Criterion(
            key, _text(item, "label", at), _text(item, "help", at), _text(item, "source", at)
        )
    risks = {}
    for key, item in _keyed(_items(data, "risk", where), RISK_KEYS, f"{where} [[risk]]"):
        at = f"{where}, risk {key}"
        risks[key] = RiskPreset(
            key,
            *(_text(item, name, at) for name in ("title", "impacts", "threats", "sources")),
            _text(item, "measures", at),
        )
    return DpiaCatalog(
        checked_on=checked_on,
        disclaimer=_text(data, "disclaimer", where),
        criteria=criteria,
        screening=_table(data, "screening", SCREENING_TEXTS, where),
        context=_prompts(data, "context", CONTEXT_KEYS, where),
        principles=_prompts(data, "principle", PRINCIPLE_KEYS, where),
        rights=_prompts(data, "right", RIGHT_KEYS, where),
        severity=_levels(data, "severity", where),
        likelihood=_levels(data, "likelihood", where),
        risk_levels=_table(data, "risk_levels", tuple(RiskLevel), where),
        risks=risks,
    )


@cache
def dpia_catalog(language: str) -> DpiaCatalog:
    return load_dpia_catalog(language)
