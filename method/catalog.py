"""Loading and validating the method's catalog data (DESIGN.md, "The method is data").

The texts live in TOML files per language under method/catalog/<lang>/, so they can be
edited without touching code. Every loader checks what it reads and names the file and
the item when something is wrong.
"""

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
LANGUAGES = ("en", "nb")


class CatalogError(ValueError):
    """A catalog file is missing, unreadable or has an invalid item."""


class DecisionWeight(StrEnum):
    """How a group weighs on the decision (DESIGN.md capability 1)."""

    VETO = "veto"
    DAILY_USE = "daily_use"
    IMPLEMENTATION = "implementation"
    CO_DETERMINATION = "co_determination"
    ADVISORY = "advisory"


@dataclass(frozen=True, slots=True)
class GroupPreset:
    key: str
    name: str
    motivation: str
    concern: str
    decision_weight: DecisionWeight
    description: str


def _read(language: str, name: str, directory: Path) -> dict:
    if language not in LANGUAGES:
        raise CatalogError(f"Unknown catalog language {language!r}; expected one of {LANGUAGES}.")
    path = directory / language / f"{name}.toml"
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise CatalogError(f"Catalog file {path} is missing.") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"Catalog file {path} is not valid TOML: {exc}") from None


def _text(item: dict, field: str, where: str) -> str:
    value = item.get(field)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: '{field}' must be a non-empty text.")
    return value.strip()


@dataclass(frozen=True, slots=True)
class Plural:
    """A text with a number in it, in its singular and plural forms ({count} is the number).

    In the catalog: ``key = { one = "{count} objection is open.", other = "{count} objections
    are open." }``. English and Norwegian bokmål both use "one" for exactly 1 only.
    """

    one: str
    other: str

    def form(self, count: int) -> str:
        return self.one if count == 1 else self.other


def _text_or_plural(item: dict, field: str, where: str) -> "str | Plural":
    value = item.get(field)
    if isinstance(value, dict):
        forms = {form: _text(value, form, f"{where} '{field}'") for form in ("one", "other")}
        if set(value) != {"one", "other"}:
            raise CatalogError(f"{where}: '{field}' takes exactly 'one' and 'other'.")
        for form, text in forms.items():
            if "{count}" not in text:
                raise CatalogError(f"{where}: '{field}.{form}' must contain {{count}}.")
        return Plural(**forms)
    return _text(item, field, where)


def load_stakeholder_presets(
    language: str, *, directory: Path = CATALOG_DIR
) -> tuple[GroupPreset, ...]:
    """The standard stakeholder groups a new project starts with, in catalog order."""
    data = _read(language, "stakeholder_groups", directory)
    items = data.get("group")
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{language}/stakeholder_groups.toml: no [[group]] items.")
    presets: list[GroupPreset] = []
    seen: set[str] = set()
    for index, item in enumerate(items, start=1):
        where = f"{language}/stakeholder_groups.toml, group {index}"
        key = _text(item, "key", where)
        if key in seen:
            raise CatalogError(f"{where}: key {key!r} appears twice.")
        seen.add(key)
        weight = _text(item, "decision_weight", where)
        try:
            decision_weight = DecisionWeight(weight)
        except ValueError:
            allowed = ", ".join(w.value for w in DecisionWeight)
            raise CatalogError(
                f"{where}: decision_weight {weight!r} is not one of {allowed}."
            ) from None
        presets.append(
            GroupPreset(
                key=key,
                name=_text(item, "name", where),
                motivation=_text(item, "motivation", where),
                concern=_text(item, "concern", where),
                decision_weight=decision_weight,
                description=_text(item, "description", where),
            )
        )
    return tuple(presets)


@cache
def stakeholder_presets(language: str) -> tuple[GroupPreset, ...]:
    """Cached presets from the shipped catalog."""
    return load_stakeholder_presets(language)


@dataclass(frozen=True, slots=True)
class MilestonePreset:
    week: int
    title: str


@dataclass(frozen=True, slots=True)
class PhasePreset:
    key: str
    first_week: int
    last_week: int
    title: str
    description: str
    milestones: tuple[MilestonePreset, ...] = ()


def load_rollout_phases(language: str, *, directory: Path = CATALOG_DIR) -> tuple[PhasePreset, ...]:
    """The phased rollout template, in order; weeks may not overlap or run backwards."""
    data = _read(language, "rollout", directory)
    items = data.get("phase")
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{language}/rollout.toml: no [[phase]] items.")
    phases: list[PhasePreset] = []
    for index, item in enumerate(items, start=1):
        where = f"{language}/rollout.toml, phase {index}"
        first, last = item.get("first_week"), item.get("last_week")
        if not (isinstance(first, int) and isinstance(last, int) and 1 <= first <= last):
            raise CatalogError(
                f"{where}: first_week and last_week must be whole weeks, first ≤ last."
            )
        if phases and first <= phases[-1].last_week:
            raise CatalogError(f"{where}: starts before the previous phase ends.")
        milestones = []
        for number, milestone in enumerate(item.get("milestone", []), start=1):
            week = milestone.get("week")
            if not (isinstance(week, int) and first <= week <= last):
                raise CatalogError(f"{where}, milestone {number}: week must fall inside the phase.")
            milestones.append(
                MilestonePreset(week, _text(milestone, "title", f"{where}, milestone"))
            )
        phases.append(
            PhasePreset(
                key=_text(item, "key", where),
                first_week=first,
                last_week=last,
                title=_text(item, "title", where),
                description=_text(item, "description", where),
                milestones=tuple(milestones),
            )
        )
    return tuple(phases)


@cache
def rollout_phases(language: str) -> tuple[PhasePreset, ...]:
    return load_rollout_phases(language)


@dataclass(frozen=True, slots=True)
class PitfallText:
    key: str
    title: str
    why: str
    fix: str
    reasons: "dict[str, str | Plural]"


def load_pitfalls(language: str, *, directory: Path = CATALOG_DIR) -> dict[str, PitfallText]:
    """Texts for the pitfall rules, keyed by rule."""
    data = _read(language, "pitfalls", directory)
    items = data.get("pitfall")
    if not isinstance(items, list) or not items:
        raise CatalogError(f"{language}/pitfalls.toml: no [[pitfall]] items.")
    texts: dict[str, PitfallText] = {}
    for index, item in enumerate(items, start=1):
        where = f"{language}/pitfalls.toml, pitfall {index}"
        key = _text(item, "key", where)
        reasons = item.get("reasons")
        if not isinstance(reasons, dict) or not reasons:
            raise CatalogError(f"{where}: [pitfall.reasons] is missing.")
        texts[key] = PitfallText(
            key=key,
            title=_text(item, "title", where),
            why=_text(item, "why", where),
            fix=_text(item, "fix", where),
            reasons={name: _text_or_plural(reasons, name, f"{where}, reason") for name in reasons},
        )
    return texts


@cache
def pitfalls(language: str) -> dict[str, PitfallText]:
    return load_pitfalls(language)


class TrustStep(StrEnum):
    """The five TRUST steps, in order."""

    TRANSPARENCY = "transparency"
    RELEVANCE = "relevance"
    SIMPLE = "simple"
    SECURITY = "security"
    TRAINING = "training"


@dataclass(frozen=True, slots=True)
class ChecklistPreset:
    step: TrustStep
    key: str
    title: str
    help: str


@dataclass(frozen=True, slots=True)
class GatePreset:
    phase: str
    requires: tuple[str, ...]
    union_heard: bool = False
    fairness_clear: bool = False


@dataclass(frozen=True, slots=True)
class TrustCatalog:
    items: tuple[ChecklistPreset, ...]
    gates: tuple[GatePreset, ...]


def load_trust(language: str, *, directory: Path = CATALOG_DIR) -> TrustCatalog:
    """The TRUST checklists and the gates; a gate may only require items that exist."""
    data = _read(language, "trust", directory)
    items: list[ChecklistPreset] = []
    for index, item in enumerate(data.get("item", []), start=1):
        where = f"{language}/trust.toml, item {index}"
        step = _text(item, "step", where)
        try:
            trust_step = TrustStep(step)
        except ValueError:
            raise CatalogError(f"{where}: step {step!r} is not a TRUST step.") from None
        items.append(
            ChecklistPreset(
                trust_step,
                _text(item, "key", where),
                _text(item, "title", where),
                _text(item, "help", where),
            )
        )
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise CatalogError(f"{language}/trust.toml: an item key appears twice.")
    if {item.step for item in items} != set(TrustStep):
        raise CatalogError(f"{language}/trust.toml: every TRUST step needs at least one item.")
    gates: list[GatePreset] = []
    for index, gate in enumerate(data.get("gate", []), start=1):
        where = f"{language}/trust.toml, gate {index}"
        requires = tuple(gate.get("requires", []))
        unknown = [key for key in requires if key not in keys]
        if unknown:
            raise CatalogError(f"{where}: requires unknown items {', '.join(unknown)}.")
        gates.append(
            GatePreset(
                _text(gate, "phase", where),
                requires,
                bool(gate.get("union_heard")),
                bool(gate.get("fairness_clear")),
            )
        )
    return TrustCatalog(tuple(items), tuple(gates))


@cache
def trust_catalog(language: str) -> TrustCatalog:
    return load_trust(language)
