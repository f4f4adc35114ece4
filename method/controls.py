"""The co-determination agreement as living controls (issue 20).

A control checks one measurable promise of the agreement against the pilot and production
cases, the usage weeks, the literacy records, the explanation desk and the evaluation
meetings. Controls never see a case, a user or a request: a selector folds the data into
one `WeekFacts` of counts per ISO week (as diagnostics read a snapshot), and a rule reads a
metric of those counts, compares it with a threshold and asks how many weeks in a row it
has failed. Owners add their own controls with the same four parts (metric, comparison,
threshold, period): a rule is data, never code.

The wording (titles, the promise, metric labels) lives in catalog/<lang>/controls.toml.
"""

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path

from method.catalog import CATALOG_DIR, CatalogError, _read, _text

# The rubber-stamp rule of method/pilot.py, read as weekly controls: a person "reviewed" an
# AI suggestion when the case took at least a minute, and an override rate under 2 % is the
# pattern of people no longer changing anything.
REVIEW_MINUTES = 1.0
OVERRIDE_FLOOR = 2.0
K_MIN = 5  # the same k as usage pages and surveys: no figure over fewer people
MAX_PERIOD = 12  # weeks in a row; a longer window hides a breach for a quarter
EVALUATION_INTERVAL_DAYS = 365  # § 9-2(3): "regularly"; the agreement says at least yearly


class State(StrEnum):
    HOLDS = "holds"
    BREACHED = "breached"
    NO_DATA = "no_data"


class Comparison(StrEnum):
    AT_LEAST = "ge"
    AT_MOST = "le"
    ABOVE = "gt"
    BELOW = "lt"


COMPARE: dict[Comparison, Callable[[float, float], bool]] = {
    Comparison.AT_LEAST: operator.ge,
    Comparison.AT_MOST: operator.le,
    Comparison.ABOVE: operator.gt,
    Comparison.BELOW: operator.lt,
}
SYMBOL = {
    Comparison.AT_LEAST: "≥",
    Comparison.AT_MOST: "≤",
    Comparison.ABOVE: ">",
    Comparison.BELOW: "<",
}


@dataclass(frozen=True)
class WeekFacts:
    """What is known about one week, in counts only. None means no source covers it.

    Every field is a number or a date: there is no place here for a case, a user id, a
    name or a pseudonym (tests/test_controls check that, and that the selector that fills
    it never selects such a column)."""

    week: date  # Monday
    cases: int | None = None  # decisions imported for the week (pilot or production)
    ai_rejects: int = 0  # cases where the AI suggested "reject"
    ai_rejects_reviewed: int = 0  # … and a person spent at least REVIEW_MINUTES
    compared: int = 0  # cases with both an AI suggestion and a person's decision
    overrides: int = 0  # … where the person decided otherwise
    rejects_without_person: int = 0  # final "reject" with no person's decision recorded
    usage_departments: int | None = None  # departments with usage this week
    untrained_departments: int = 0  # … whose people had no literacy record before
    individual_findings: int | None = None  # per-person storage or small cells shown
    lowest_selection_ratio: float | None = None  # released (k-safe) fairness figure
    explanations_due: int | None = None  # desk requests whose deadline fell in the week
    explanations_late: int = 0  # … answered after it, or still open past it
    days_since_evaluation: int | None = None


def _share(part: int, whole: int) -> float | None:
    return None if whole <= 0 else 100 * part / whole


def _reviewed_share(f: WeekFacts) -> float | None:
    return None if f.cases is None else _share(f.ai_rejects_reviewed, f.ai_rejects)


def _override_rate(f: WeekFacts) -> float | None:
    # Under k compared cases the rate says more about a few people than about the tool.
    return None if f.cases is None or f.compared < K_MIN else _share(f.overrides, f.compared)


def _automatic_rejects(f: WeekFacts) -> float | None:
    return None if f.cases is None else float(f.rejects_without_person)


def _individual(f: WeekFacts) -> float | None:
    return None if f.individual_findings is None else float(f.individual_findings)


def _untrained(f: WeekFacts) -> float | None:
    return None if not f.usage_departments else float(f.untrained_departments)


def _late(f: WeekFacts) -> float | None:
    return None if not f.explanations_due else float(f.explanations_late)


def _days(f: WeekFacts) -> float | None:
    return None if f.days_since_evaluation is None else float(f.days_since_evaluation)


def _ratio(f: WeekFacts) -> float | None:
    return f.lowest_selection_ratio


@dataclass(frozen=True)
class Metric:
    key: str
    read: Callable[[WeekFacts], float | None]
    unit: str  # "percent", "count", "ratio", "days"


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric("reviewed_reject_share", _reviewed_share, "percent"),
        Metric("override_rate", _override_rate, "percent"),
        Metric("automatic_rejects", _automatic_rejects, "count"),
        Metric("individual_monitoring", _individual, "count"),
        Metric("lowest_selection_ratio", _ratio, "ratio"),
        Metric("untrained_departments", _untrained, "count"),
        Metric("late_explanations", _late, "count"),
        Metric("days_since_evaluation", _days, "days"),
    )
}


@dataclass(frozen=True)
class Rule:
    metric: str
    comparison: Comparison
    threshold: float
    period: int = 1  # breached only after this many failing weeks in a row


class RuleError(ValueError):
    """A rule that cannot be evaluated; `field` names the part that is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def rule_check(metric: str, comparison: str, threshold: float, period: int) -> Rule:
    """A rule from an owner's form, or RuleError naming the wrong part. No free code: the
    metric is one of METRICS, the comparison one of four."""
    if metric not in METRICS:
        raise RuleError("metric", f"unknown metric {metric!r}")
    try:
        comparison_ = Comparison(comparison)
    except ValueError:
        raise RuleError("comparison", f"unknown comparison {comparison!r}") from None
    if not isinstance(threshold, int | float) or threshold != threshold or abs(threshold) > 1e9:
        raise RuleError("threshold", "the threshold must be a finite number")
    if METRICS[metric].unit in {"percent"} and not 0 <= threshold <= 100:
        raise RuleError("threshold", "a share lies between 0 and 100")
    if METRICS[metric].unit in {"count", "days", "ratio"} and threshold < 0:
        raise RuleError("threshold", "this metric is never negative")
    if not isinstance(period, int) or not 1 <= period <= MAX_PERIOD:
        raise RuleError("period", f"the period is 1 to {MAX_PERIOD} weeks")
    return Rule(metric, comparison_, float(threshold), period)


@dataclass(frozen=True)
class Outcome:
    week: date
    state: State
    value: float | None
    failing_weeks: int  # weeks in a row, ending with this one, where the comparison failed


def evaluate(rule: Rule, history: Sequence[WeekFacts]) -> list[Outcome]:
    """One outcome per week of `history` (oldest first). A week fails when its value breaks
    the comparison; the control is breached once `period` weeks in a row have failed. A
    week without data is "no data" and breaks the run."""
    read = METRICS[rule.metric].read
    compare = COMPARE[rule.comparison]
    outcomes, run = [], 0
    for facts in history:
        value = read(facts)
        if value is None:
            run = 0
            outcomes.append(Outcome(facts.week, State.NO_DATA, None, 0))
            continue
        run = 0 if compare(value, rule.threshold) else run + 1
        state = State.BREACHED if run >= rule.period else State.HOLDS
        outcomes.append(Outcome(facts.week, state, value, run))
    return outcomes


# Per-person data ------------------------------------------------------------------------

# Names of fields that point at one person. A usage model may hold these kinds only.
PERSON_HINTS = ("user", "person", "employee", "pseudonym", "email", "name", "subject", "actor")
AGGREGATE_KINDS = frozenset({"count", "date", "label", "project", "id"})
LABELS = frozenset({"department", "feature"})
COUNT_SUFFIXES = ("users", "_count", "events")


@dataclass(frozen=True)
class FieldShape:
    name: str
    kind: str  # "count", "date", "label", "text", "person", "project", "id", "other"


@dataclass(frozen=True)
class ModelShape:
    label: str
    fields: tuple[FieldShape, ...]


def individual_findings(
    models: Sequence[ModelShape], shown_counts: Sequence[int], k: int = K_MIN
) -> list[str]:
    """What would let usage data describe one person: a stored usage model with a field
    that names or points at a person, or any field that is not a key, a week, a
    department/feature label or a count; and a head count under k shown on a usage page.
    An empty list is "holds by construction"; tests/test_controls feeds it a per-user model."""
    found = []
    for model in models:
        for f in model.fields:
            # "active_users" counts people; "user_id", even as a number, points at one.
            plural_count = f.kind == "count" and f.name.endswith(COUNT_SUFFIXES)
            hinted = any(h in f.name.casefold() for h in PERSON_HINTS) and not plural_count
            wrong_label = f.kind == "label" and f.name not in LABELS
            if hinted or f.kind not in AGGREGATE_KINDS or wrong_label:
                found.append(f"{model.label}.{f.name}")
    found += [f"shown:{count}" for count in shown_counts if 0 < count < k]
    return found


# Weeks ---------------------------------------------------------------------------------


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_between(first: date, last: date) -> list[date]:
    start, end = monday(first), monday(last)
    return [start + timedelta(weeks=i) for i in range((end - start).days // 7 + 1)]


def fact_fields() -> tuple[str, ...]:
    return tuple(f.name for f in fields(WeekFacts))


# The catalog of defaults -----------------------------------------------------------------


@dataclass(frozen=True)
class DefaultControl:
    key: str
    clause: str  # the clause key in catalog/<lang>/clauses.toml
    rule: Rule


DEFAULTS: tuple[DefaultControl, ...] = (
    DefaultControl(
        "reviewed_rejects",
        "human_decision",
        Rule("reviewed_reject_share", Comparison.AT_LEAST, 95.0),
    ),
    DefaultControl(
        "override_floor",
        "human_decision",
        Rule("override_rate", Comparison.AT_LEAST, OVERRIDE_FLOOR, period=3),
    ),
    DefaultControl(
        "no_automatic_rejection", "human_decision", Rule("automatic_rejects", Comparison.AT_MOST, 0)
    ),
    DefaultControl(
        "no_individual_monitoring",
        "no_monitoring",
        Rule("individual_monitoring", Comparison.AT_MOST, 0),
    ),
    DefaultControl(
        "fairness_floor",
        "evaluation_audit",
        Rule("lowest_selection_ratio", Comparison.AT_LEAST, 0.8),
    ),
    DefaultControl(
        "training_before_access", "training", Rule("untrained_departments", Comparison.AT_MOST, 0)
    ),
    DefaultControl(
        "explanations_in_time", "data_protection", Rule("late_explanations", Comparison.AT_MOST, 0)
    ),
    DefaultControl(
        "evaluation_held",
        "evaluation_audit",
        Rule("days_since_evaluation", Comparison.AT_MOST, EVALUATION_INTERVAL_DAYS),
    ),
)


@dataclass(frozen=True)
class ControlText:
    title: str
    promise: str


@dataclass(frozen=True)
class ControlCatalog:
    controls: dict[str, ControlText]
    metrics: dict[str, str]
    comparisons: dict[str, str]


def load_control_catalog(language: str, *, directory: Path = CATALOG_DIR) -> ControlCatalog:
    """The words for the default controls and the rule form; every key of DEFAULTS, METRICS
    and Comparison must be there."""
    data = _read(language, "controls", directory)
    where = f"{language}/controls.toml"
    controls = {}
    for index, item in enumerate(data.get("control", []), 1):
        place = f"{where}, control {index}"
        controls[_text(item, "key", place)] = ControlText(
            _text(item, "title", place), _text(item, "promise", place)
        )
    metrics = {k: str(v) for k, v in data.get("metrics", {}).items()}
    comparisons = {k: str(v) for k, v in data.get("comparisons", {}).items()}
    for wanted, have, what in (
        ({d.key for d in DEFAULTS}, controls, "control"),
        (set(METRICS), metrics, "metric"),
        ({c.value for c in Comparison} | {"period"}, comparisons, "comparison"),
    ):
        if missing := sorted(wanted - set(have)):
            raise CatalogError(f"{where}: no {what} text for {', '.join(missing)}.")
    return ControlCatalog(controls, metrics, comparisons)


@cache
def control_catalog(language: str) -> ControlCatalog:
    return load_control_catalog(language)


def defaults_for_clause(clause: str) -> list[DefaultControl]:
    return [d for d in DEFAULTS if d.clause == clause]


def threshold_text(rule: Rule, language: str, number: Callable[[float], str] = str) -> str:
    """ "override rate ≥ 2 % (3 weeks in a row)", in the catalog's words."""
    words = control_catalog(language)
    unit = {"percent": " %", "days": ""}.get(METRICS[rule.metric].unit, "")
    text = f"{words.metrics[rule.metric]} {SYMBOL[rule.comparison]} {number(rule.threshold)}{unit}"
    if rule.period > 1:
        text += " " + words.comparisons["period"].format(weeks=rule.period)
    return text
