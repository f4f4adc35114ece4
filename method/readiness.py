"""Readiness per TRUST step and overall, and the go/no-go gates before each rollout phase.

A step's readiness is the share of its applicable items that are done (an item marked not
applicable counts neither way). Overall readiness is the mean of the five steps, because
the method treats them as equally necessary: strong training does not make up for missing
transparency. A gate is open when every item it requires is done (and, for the pilot, the
union representatives have been heard; for the full rollout, the measured pilot shows no
fairness flag), or when an owner has overridden it with a reason.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from method.catalog import GatePreset, TrustStep

UNION_HEARD = "union_heard"
FAIRNESS_CLEAR = "fairness_clear"


class ItemStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class ItemState:
    step: TrustStep
    key: str
    status: ItemStatus


@dataclass(frozen=True)
class StepReadiness:
    step: TrustStep
    done: int
    applicable: int

    @property
    def score(self) -> Decimal | None:
        if not self.applicable:
            return None
        return (Decimal(self.done) / self.applicable).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Readiness:
    steps: tuple[StepReadiness, ...]

    @property
    def overall(self) -> Decimal | None:
        scores = [s.score for s in self.steps if s.score is not None]
        if not scores:
            return None
        return (sum(scores) / len(scores)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def readiness(items: Iterable[ItemState]) -> Readiness:
    counts = {step: [0, 0] for step in TrustStep}
    for item in items:
        if item.status is ItemStatus.NOT_APPLICABLE:
            continue
        counts[item.step][1] += 1
        if item.status is ItemStatus.DONE:
            counts[item.step][0] += 1
    return Readiness(tuple(StepReadiness(step, *counts[step]) for step in TrustStep))


@dataclass(frozen=True)
class GateResult:
    phase: str
    missing: tuple[str, ...]  # item keys, and UNION_HEARD when the union must be heard first
    overridden: bool = False

    @property
    def open(self) -> bool:
        return self.overridden or not self.missing


def evaluate_gate(
    gate: GatePreset,
    items: Iterable[ItemState],
    *,
    union_heard: bool,
    fairness_flags: bool = False,
    overridden: bool = False,
) -> GateResult:
    """What is still missing before `gate.phase` may start. Not-applicable items pass.

    `fairness_flags` is whether the measured pilot still shows a four-fifths flag.
    """
    settled = {i.key for i in items if i.status in (ItemStatus.DONE, ItemStatus.NOT_APPLICABLE)}
    missing = [key for key in gate.requires if key not in settled]
    if gate.union_heard and not union_heard:
        missing.append(UNION_HEARD)
    if gate.fairness_clear and fairness_flags:
        missing.append(FAIRNESS_CLEAR)
    return GateResult(gate.phase, tuple(missing), overridden)
