"""Stakeholder alignment: where each group stands, weighted by its say in the decision.

Stance runs from -2 (resistant) to +2 (champion). A group's stance is the mean of its
people's stances. The project's alignment is the mean of the group stances weighted by
decision weight, so a sceptical group with a veto pulls harder than a sceptical group
that is only consulted. It is shown as a percentage from -100 % to +100 %.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from method.catalog import DecisionWeight

STANCE_MIN, STANCE_MAX = -2, 2
SCALE_MIN, SCALE_MAX = 1, 5

# How hard each kind of say pulls on the overall alignment. Veto and co-determination
# can stop or delay the project; daily users decide whether it is used at all.
WEIGHTS: dict[DecisionWeight, int] = {
    DecisionWeight.VETO: 3,
    DecisionWeight.CO_DETERMINATION: 3,
    DecisionWeight.DAILY_USE: 2,
    DecisionWeight.IMPLEMENTATION: 2,
    DecisionWeight.ADVISORY: 1,
}


class Quadrant(StrEnum):
    """What to do with a stakeholder, by influence and interest (the classic power grid)."""

    MANAGE_CLOSELY = "manage_closely"  # high influence, high interest
    KEEP_SATISFIED = "keep_satisfied"  # high influence, low interest
    KEEP_INFORMED = "keep_informed"  # low influence, high interest
    MONITOR = "monitor"  # low influence, low interest


def quadrant(influence: int, interest: int) -> Quadrant:
    """Scores of 4 and 5 count as high; 1 to 3 as low (3 is the neutral default)."""
    high_influence, high_interest = influence >= 4, interest >= 4
    if high_influence and high_interest:
        return Quadrant.MANAGE_CLOSELY
    if high_influence:
        return Quadrant.KEEP_SATISFIED
    if high_interest:
        return Quadrant.KEEP_INFORMED
    return Quadrant.MONITOR


@dataclass(frozen=True, slots=True)
class GroupStance:
    key: str
    decision_weight: DecisionWeight
    stances: Sequence[int]

    @property
    def stance(self) -> Decimal | None:
        """Mean stance of the group's people, or None when nobody is named yet."""
        if not self.stances:
            return None
        return _round(Decimal(sum(self.stances)) / len(self.stances))


@dataclass(frozen=True, slots=True)
class GroupMean:
    """A group whose mean stance is already known (for series over time)."""

    key: str
    decision_weight: DecisionWeight
    stance: Decimal | None


@dataclass(frozen=True, slots=True)
class Alignment:
    score: Decimal | None  # weighted mean stance, -2 … +2
    percent: int | None  # the same on -100 … +100
    groups_counted: int
    vetoes_below_neutral: tuple[str, ...]  # keys of veto groups that lean against


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def weighted_alignment(groups: Iterable[GroupStance | GroupMean]) -> Alignment:
    total_weight, weighted_sum, counted, vetoes = 0, Decimal(0), 0, []
    for group in groups:
        stance = group.stance
        if stance is None:
            continue
        weight = WEIGHTS[group.decision_weight]
        total_weight += weight
        weighted_sum += weight * stance
        counted += 1
        if group.decision_weight is DecisionWeight.VETO and stance < 0:
            vetoes.append(group.key)
    if not total_weight:
        return Alignment(None, None, 0, ())
    score = _round(weighted_sum / total_weight)
    percent = int((score / STANCE_MAX * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return Alignment(score, percent, counted, tuple(vetoes))


def validate_scale(value: int, *, low: int = SCALE_MIN, high: int = SCALE_MAX) -> int:
    if not low <= value <= high:
        raise ValueError(f"must be between {low} and {high}")
    return value
