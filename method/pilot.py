"""Evaluating an AI pilot in HR: agreement, overrides, time saved and fairness by group.

The pilot arm decides with the AI's suggestion in view, the control arm without it. From
the cases we measure how often people follow the AI (agreement, Cohen's kappa, overrides
and their direction), week by week and per department; the minutes a case saves, with a
bootstrap interval; selection rates per group with the four-fifths rule (EEOC Uniform
Guidelines, 29 CFR 1607.4(D)); and the rubber-stamp pattern, where people stop reviewing.

Small groups are never shown as numbers. Weeks and departments use complementary
suppression (see `suppressed`). Fairness tables never hide a group with k or more cases:
they hide only the groups under k and round the other groups' counts, so subtraction from
the totals leaves a range (see `fairness_table` and docs/pilot.md).

Where the control arm also has the AI's suggestions (shadow mode: the AI ran, people did
not see it), the same agreement is measured there; more agreement where people see the
suggestion than where they do not is a sign of automation bias.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

import numpy as np

from method.pilot_import import ADVANCE, CONTROL, PILOT, REJECT, PilotCase

K_DEFAULT = 5
FOUR_FIFTHS = 0.8
BOOTSTRAP_SEED = 20_240_601
BOOTSTRAP_RESAMPLES = 2000
# Multinomial resampling costs per distinct value; above this many, values are pooled into
# strata of neighbouring values (see _resampled_means).
MAX_STRATA = 200

# Rubber stamping. GDPR Art. 22 forbids decisions based solely on automated processing, and
# the EDPB (WP251rev.01) says a human who routinely applies the system's output without
# real influence does not make it otherwise; the AI Act (Art. 14(4)(b), Annex III 4(a) for
# recruitment) asks overseers to stay aware of automation bias. Review that only approves
# is not review. Our reading: people change fewer than 1 in 50 suggestions, while their
# time per case drops to 40 % of deciding without the AI, or under a minute: too little to
# read the case, let alone question the suggestion.
RUBBER_STAMP_OVERRIDE_RATE = 0.02
RUBBER_STAMP_TIME_SHARE = 0.4
RUBBER_STAMP_MINUTES = 1.0


@dataclass(frozen=True, slots=True)
class Confusion:
    both_advance: int
    both_reject: int
    ai_advance_human_reject: int
    ai_reject_human_advance: int


@dataclass(frozen=True, slots=True)
class Agreement:
    cases: int  # pilot-arm cases with both an AI and a human decision
    agreement_rate: float | None
    kappa: float | None
    override_rate: float | None
    overrides_to_reject: int  # the AI said advance, the person rejected
    overrides_to_advance: int
    confusion: Confusion


@dataclass(frozen=True, slots=True)
class WeekRow:
    week_start: date  # the Monday of the ISO week
    cases: int  # compared pilot cases; counting decisions per week discloses nobody
    agreement_rate: float | None
    override_rate: float | None
    mean_minutes: float | None  # pilot arm: falling time beside rising agreement is a warning
    masked: bool = False


@dataclass(frozen=True, slots=True)
class GroupRow:
    group: str
    cases: int | None  # all arms
    agreement_rate: float | None
    override_rate: float | None
    selection_rate_ai: float | None
    selection_rate_human: float | None
    masked: bool
    pilot_cases: int | None = None  # compared pilot cases


@dataclass(frozen=True, slots=True)
class FairnessRow:
    group: str  # "" for cases where the attribute is not stated
    cases: int | None = None  # rounded to ROUNDING_BASE where the table is `rounded`
    pilot_cases: int | None = None  # pilot-arm cases with an AI suggestion, likewise
    selection_rate_ai: float | None = None
    selection_rate_human: float | None = None
    ratio_ai: float | None = None  # rate ÷ the reference (most favoured shown) group's rate
    ratio_human: float | None = None
    masked: bool = False  # under k cases: every number is None
    ratio_ai_low: float | None = None  # Katz 95 % interval of the ratio
    ratio_ai_high: float | None = None
    ratio_human_low: float | None = None
    ratio_human_high: float | None = None
    small_sample_ai: bool = False  # the interval is too wide to judge
    small_sample_human: bool = False
    cases_needed_ai: int | None = None  # per group, for an interval narrow enough to judge
    cases_needed_human: int | None = None
    ai_withheld: bool = False  # fewer than k AI suggestions (or none): no AI figures


@dataclass(frozen=True, slots=True)
class FairnessTable:
    attribute: str
    rows: tuple[FairnessRow, ...]
    four_fifths_ai: bool
    four_fifths_human: bool
    rounded: bool = False  # something is held back, so the shown counts are rounded
    reference_ai: str | None = None
    reference_human: str | None = None

    @property
    def any_masked(self) -> bool:
        return any(row.masked for row in self.rows)

    @property
    def small_sample(self) -> bool:
        return any(row.small_sample_ai or row.small_sample_human for row in self.rows)


@dataclass(frozen=True, slots=True)
class Interval:
    estimate: float
    low: float
    high: float


@dataclass(frozen=True)
class PilotReport:
    cases: int
    pilot_cases: int
    control_cases: int
    agreement: Agreement | None  # None under k compared cases
    weekly: tuple[WeekRow, ...]
    departments: tuple[GroupRow, ...]
    minutes_saved: Interval | None  # per case, control minus pilot
    fairness: dict[str, FairnessTable]
    flags: tuple[str, ...]
    k: int = K_DEFAULT
    mean_minutes_pilot: float | None = None
    mean_minutes_control: float | None = None
    first_day: date | None = None
    last_day: date | None = None
    attributes: tuple[str, ...] = field(default_factory=tuple)
    # Control-arm cases that also carry the AI's (unseen) suggestion; None under k of them.
    shadow: Agreement | None = None
    agreement_gap: Interval | None = None  # pilot agreement minus shadow agreement, 95 %


# Counting. Every rate depends only on how many cases share (group, arm, AI, human), so we
# count those once and fold; 100,000 cases become a few hundred keys.


@dataclass(slots=True)
class _Counts:
    cases: int = 0
    human_advance: int = 0
    compared: int = 0  # pilot arm with an AI decision
    ai_advance: int = 0
    agree: int = 0

    def add(self, arm: str, ai: str | None, human: str, times: int) -> None:
        self.cases += times
        self.human_advance += times if human == ADVANCE else 0
        if arm == PILOT and ai is not None:
            self.compared += times
            self.ai_advance += times if ai == ADVANCE else 0
            self.agree += times if ai == human else 0

    @property
    def bases(self) -> tuple[int, int]:
        return (self.cases, self.compared)


_Key = tuple[str, tuple[tuple[str, str], ...], str, str | None, str]


def _key_counts(cases: Iterable[PilotCase]) -> Counter[_Key]:
    return Counter(
        (c.department, c.attributes, c.arm, c.ai_decision, c.human_decision) for c in cases
    )


def _fold(keys: Counter[_Key], group_of: Callable[[_Key], str]) -> dict[str, _Counts]:
    groups: dict[str, _Counts] = defaultdict(_Counts)
    for key, times in keys.items():
        groups[group_of(key)].add(key[2], key[3], key[4], times)
    return dict(groups)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def suppressed[G](sizes: Mapping[G, Sequence[int]], k: int) -> frozenset[G]:
    """The groups to mask, given each group's case counts on every base its numbers use.

    Primary: a group with 1..k-1 cases on any base. Complementary: the published total minus
    the shown groups gives the masked groups together, so while exactly one group is
    masked, or the masked groups together hold 1..k-1 cases on some base, we also mask the
    smallest shown group. Afterwards either nothing is shown, or at least two groups are
    masked and together hold k or more cases on every base, so subtraction gives no group
    alone. (It cannot hide what all masked cases share: if they were all rejected, so was
    each. That is true of any published total.)
    """
    masked = {group for group, bases in sizes.items() if any(0 < n < k for n in bases)}
    candidates = sorted(
        (group for group, bases in sizes.items() if group not in masked and any(bases)),
        key=lambda group: (min(n for n in sizes[group] if n), group),
    )

    def exposed() -> bool:
        if not masked or not candidates:
            return False
        together = [sum(column) for column in zip(*(sizes[g] for g in masked), strict=True)]
        return len(masked) == 1 or any(0 < n < k for n in together)

    while exposed():
        masked.add(candidates.pop(0))
    return frozenset(masked)


# Agreement


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa for two raters; None without pairs or when chance agreement is certain.

    In counts, κ = (n·agree − Σ a_l·b_l) / (n² − Σ a_l·b_l), which is (p_o − p_e) / (1 − p_e)
    multiplied through by n², and exact until the last division.
    """
    n = len(pairs)
    agree = sum(1 for a, b in pairs if a == b)
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = sum(first[label] * second[label] for label in first)
    return _kappa(n, agree, chance)


def _kappa(n: int, agree: int, chance: int) -> float | None:
    return (n * agree - chance) / (n * n - chance) if n and chance != n * n else None


def _agreement_from(keys: Counter[_Key], arm_: str = PILOT) -> Agreement:
    cells: Counter[tuple[str, str]] = Counter()
    for (_, _, arm, ai, human), times in keys.items():
        if arm == arm_ and ai is not None:
            cells[ai, human] += times
    confusion = Confusion(
        both_advance=cells[ADVANCE, ADVANCE],
        both_reject=cells[REJECT, REJECT],
        ai_advance_human_reject=cells[ADVANCE, REJECT],
        ai_reject_human_advance=cells[REJECT, ADVANCE],
    )
    n = cells.total()
    agree = confusion.both_advance + confusion.both_reject
    overrides = n - agree
    ai_advance = confusion.both_advance + confusion.ai_advance_human_reject
    human_advance = confusion.both_advance + confusion.ai_reject_human_advance
    chance = ai_advance * human_advance + (n - ai_advance) * (n - human_advance)
    return Agreement(
        cases=n,
        agreement_rate=_rate(agree, n),
        kappa=_kappa(n, agree, chance),
        override_rate=_rate(overrides, n),
        overrides_to_reject=confusion.ai_advance_human_reject,
        overrides_to_advance=confusion.ai_reject_human_advance,
        confusion=confusion,
    )


def agreement(cases: Iterable[PilotCase]) -> Agreement:
    """How the people in the pilot arm decided relative to the AI's suggestion."""
    return _agreement_from(_key_counts(cases))


def agreement_gap(pilot_: Agreement, shadow: Agreement, k: int = K_DEFAULT) -> Interval | None:
    """Pilot-arm agreement minus shadow agreement, with a 95 % Wald interval for the
    difference of two proportions: (p₁ − p₂) ± z·√(p₁(1 − p₁)/n₁ + p₂(1 − p₂)/n₂).
    None under k cases in either arm."""
    if pilot_.cases < k or shadow.cases < k:
        return None
    p1, p2 = pilot_.agreement_rate, shadow.agreement_rate
    spread = Z_95 * math.sqrt(p1 * (1 - p1) / pilot_.cases + p2 * (1 - p2) / shadow.cases)
    return Interval(p1 - p2, p1 - p2 - spread, p1 - p2 + spread)


# Week by week


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_agreement(cases: Iterable[PilotCase], k: int = K_DEFAULT) -> list[WeekRow]:
    _check_k(k)
    counts: dict[date, _Counts] = defaultdict(_Counts)
    minutes: dict[date, list[float]] = defaultdict(lambda: [0.0, 0])
    for case in cases:
        week = week_start(case.decided_on)
        counts[week].add(case.arm, case.ai_decision, case.human_decision, 1)
        if case.arm == PILOT and case.minutes is not None:
            minutes[week][0] += case.minutes
            minutes[week][1] += 1
    sizes = {week: (c.compared, minutes[week][1]) for week, c in counts.items()}
    masked = suppressed(sizes, k)
    rows = []
    for week in sorted(counts):
        c, (total, n) = counts[week], minutes[week]
        hidden = week in masked
        rows.append(
            WeekRow(
                week_start=week,
                cases=c.compared,
                agreement_rate=None if hidden else _rate(c.agree, c.compared),
                override_rate=None if hidden else _rate(c.compared - c.agree, c.compared),
                mean_minutes=None if hidden or not n else total / n,
                masked=hidden,
            )
        )
    return rows


# Groups: departments and attributes


def _group_rows(groups: dict[str, _Counts], k: int) -> list[GroupRow]:
    masked = suppressed({group: c.bases for group, c in groups.items()}, k)
    rows = []
    for group in sorted(groups, key=lambda g: (g == "", g)):
        c = groups[group]
        if group in masked:
            rows.append(GroupRow(group, None, None, None, None, None, True, None))
            continue
        rows.append(
            GroupRow(
                group=group,
                cases=c.cases,
                agreement_rate=_rate(c.agree, c.compared),
                override_rate=_rate(c.compared - c.agree, c.compared),
                selection_rate_ai=_rate(c.ai_advance, c.compared),
                selection_rate_human=_rate(c.human_advance, c.cases),
                masked=False,
                pilot_cases=c.compared,
            )
        )
    return rows


def _by_department_from(keys: Counter[_Key], k: int) -> list[GroupRow]:
    return _group_rows(_fold(keys, lambda key: key[0]), k)


def by_department(cases: Iterable[PilotCase], k: int = K_DEFAULT) -> list[GroupRow]:
    _check_k(k)
    return _by_department_from(_key_counts(cases), k)


def _attribute_of(attributes: tuple[tuple[str, str], ...], name: str) -> str:
    return next((value for key, value in attributes if key == name), "")


# Fairness. Groups of one attribute (gender, age band, …). A group with k or more cases
# always shows its selection rates, its ratios to the reference group with an interval, and
# its flag; a group under k shows nothing. The report's totals (cases, decisions, advances)
# stay exact, so a table that hides a group shows the other groups' counts rounded to a
# multiple of ROUNDING_BASE, adding up to a figure taken from the totals alone, and computes
# every figure of the table from those rounded counts: subtracting the shown groups from
# the totals then tells nothing the totals did not (see _balanced).
# See docs/pilot.md for the model and what it does not protect against.

ROUNDING_BASE = 5
Z_95 = 1.959963984540054  # the standard normal's 97.5th percentile
PARITY = 1.0
# A ratio interval that reaches both under four fifths and parity cannot tell an alarm from
# equal treatment: too wide to judge. Its width on the log scale must stay under this.
JUDGE_LOG_WIDTH = math.log(PARITY / FOUR_FIFTHS)


@dataclass(frozen=True, slots=True)
class GroupCounts:
    """What a fairness table needs of one group: every arm's cases and human advances, and
    the pilot arm's cases with an AI suggestion and how many of those it advanced."""

    cases: int
    human_advance: int
    compared: int = 0
    ai_advance: int = 0


@dataclass(frozen=True, slots=True)
class RatioInterval:
    low: float
    high: float


def round_to_base(value: int, base: int = ROUNDING_BASE) -> int:
    """The nearest multiple of `base`, halves up (12 → 10, 13 → 15)."""
    return (value + base // 2) // base * base


def ratio_interval(
    part: float, whole: float, ref_part: float, ref_whole: float, z: float = Z_95
) -> RatioInterval | None:
    """Katz's log interval for the ratio of two proportions (part/whole ÷ ref_part/ref_whole).

    ln(ratio) ± z·√(1/a₁ − 1/n₁ + 1/a₂ − 1/n₂) (Katz et al. 1978). With no advance on either
    side the log is undefined, so 0.5 is added to each cell of both 2×2 rows (a + 0.5 of
    n + 1), the usual continuity correction. None without cases on either side.
    """
    if not (0 <= part <= max(whole, 0) and 0 <= ref_part <= max(ref_whole, 0)):
        raise ValueError("advances must lie between 0 and the number of cases")
    if whole <= 0 or ref_whole <= 0:
        return None
    if part == 0 or ref_part == 0:
        part, whole, ref_part, ref_whole = part + 0.5, whole + 1, ref_part + 0.5, ref_whole + 1
    ratio = (part / whole) / (ref_part / ref_whole)
    spread = z * math.sqrt(max(1 / part - 1 / whole + 1 / ref_part - 1 / ref_whole, 0.0))
    log_ratio = math.log(ratio)
    return RatioInterval(math.exp(log_ratio - spread), math.exp(log_ratio + spread))


def too_wide_to_judge(interval: RatioInterval | None) -> bool:
    """The interval holds both a four-fifths alarm (< 0.8) and parity (≥ 1.0)."""
    return interval is not None and interval.low < FOUR_FIFTHS and interval.high >= PARITY


def cases_needed(rate: float, ref_rate: float, z: float = Z_95) -> int:
    """Cases per group (both groups this size) for a Katz interval narrow enough to judge.

    The interval's log width 2·z·SE must be under ln(1 / 0.8), so that it can no longer hold
    both 0.8 and 1.0; with n cases in each group SE² = (1 − p₁)/(n·p₁) + (1 − p₂)/(n·p₂), so
    n = z²·((1 − p₁)/p₁ + (1 − p₂)/p₂) / (ln(1.25)/2)². A rate of 0 is read as 1 %, for a
    first estimate; with both rates at 1 the ratio needs no more cases.
    """
    spread = sum((1 - p) / p for p in (max(rate, 0.01), max(ref_rate, 0.01)))
    return max(math.ceil(z * z * spread / (JUDGE_LOG_WIDTH / 2) ** 2), 1)


def _balanced(
    values: Mapping[str, int],
    shown: Sequence[str],
    target: int,
    limit: Mapping[str, int],
    floor: int = 0,
) -> dict[str, int]:
    """One count (cases, advances, …) of the shown groups, rounded so that it adds up to
    `target`, a multiple of ROUNDING_BASE worked out from the report's totals alone.

    Every shown group but the largest is rounded to the nearest multiple (not under
    `floor`: a shown group never shows 0 cases); the largest gets
    the target minus the others (kept between `floor` and its `limit`). So the shown counts add
    up to a figure anyone could compute from the totals without the table, and subtracting
    them from the total leaves nothing the totals did not already say; the largest group's
    count moves by a few cases more than the others', which matters least there.

    The others are held to their `limit` too: a count bounded by another (advances by
    cases) can have a different largest group, and the other count's largest group may
    show fewer than its own rounding, so a rounded count could exceed it. What a group
    gives up there goes to the largest, and the sum stays at the target.
    """
    if not shown:
        return {}
    # Cases (shown at least `floor`) pick the lead by their rounded count, so that which
    # group takes up the rest says no more than the rounded counts: by the exact count, two
    # groups a case apart would tell the hidden group's size. Selections keep the exact one.
    lead = max(
        shown, key=lambda g: (max(round_to_base(values[g]), floor) if floor else values[g], g)
    )
    released = {g: min(max(round_to_base(values[g]), floor), limit[g]) for g in shown if g != lead}
    released[lead] = min(max(target - sum(released.values()), floor), limit[lead])
    return released


@dataclass(frozen=True, slots=True)
class _Released:
    cases: int
    human_advance: int
    compared: int | None  # None: the AI side is withheld (fewer than k suggestions)
    ai_advance: int | None


def _release(groups: Mapping[str, GroupCounts], k: int) -> tuple[dict[str, _Released], bool]:
    """The counts a table shows for each group with k or more cases, and whether they are
    rounded (they are whenever something in the table is held back)."""
    shown = [g for g, c in groups.items() if c.cases >= k]
    ai_shown = [g for g in shown if groups[g].compared >= k]
    hidden = [g for g in groups if g not in shown]
    ai_hidden = [g for g in groups if g not in ai_shown]
    if not hidden and not any(0 < groups[g].compared < k for g in groups):
        return {
            g: _Released(
                c.cases,
                c.human_advance,
                c.compared if g in ai_shown else None,
                c.ai_advance if g in ai_shown else None,
            )
            for g, c in groups.items()
            if g in shown
        }, False
    # Targets use only what the rest of the report shows exactly (the totals) and what the
    # table shows anyway (how many groups are held back), never a hidden group's count.
    totals = GroupCounts(
        sum(c.cases for c in groups.values()),
        sum(c.human_advance for c in groups.values()),
        sum(c.compared for c in groups.values()),
        sum(c.ai_advance for c in groups.values()),
    )
    guess = len(hidden) * (k - 1) / 2  # cases in the hidden groups, taken at half of k - 1
    ai_guess = len(ai_hidden) * (k - 1) / 2

    def target(total: int, whole: int, hidden_guess: float) -> int:
        share = total / whole if whole else 0.0
        return round_to_base(max(round(total - hidden_guess * share), 0))

    # A shown group has k or more cases, so it never shows fewer than k rounded up: a
    # smaller figure would narrow it down to k itself (k = 7 shown as 5 can only be 7).
    floor = max(ROUNDING_BASE, -(-k // ROUNDING_BASE) * ROUNDING_BASE)
    cases = _balanced(
        {g: groups[g].cases for g in shown},
        shown,
        target(totals.cases, totals.cases, guess),
        dict.fromkeys(shown, totals.cases + ROUNDING_BASE),
        floor,
    )
    advances = _balanced(
        {g: groups[g].human_advance for g in shown},
        shown,
        target(totals.human_advance, totals.cases, guess),
        cases,
    )
    compared = _balanced(
        {g: groups[g].compared for g in ai_shown},
        ai_shown,
        target(totals.compared, totals.compared, ai_guess),
        cases,
        floor,
    )
    ai_advances = _balanced(
        {g: groups[g].ai_advance for g in ai_shown},
        ai_shown,
        target(totals.ai_advance, totals.compared, ai_guess),
        compared,
    )
    return {
        g: _Released(cases[g], advances[g], compared.get(g), ai_advances.get(g)) for g in shown
    }, True


def _reference(rates: Mapping[str, float | None]) -> str | None:
    """The most favoured shown group: the highest rate (ties: the first in table order)."""
    best = None
    for group, rate in rates.items():
        if rate is not None and rate > 0 and (best is None or rate > rates[best]):
            best = group
    return best


@dataclass(frozen=True, slots=True)
class _Side:
    rate: float | None
    ratio: float | None
    interval: RatioInterval | None
    small_sample: bool
    needed: int | None


def _sides(
    parts: Mapping[str, tuple[int, int] | None],
) -> tuple[dict[str, _Side], str | None]:
    """Rates, ratios to the reference group, Katz intervals and the small-sample judgement
    for one side (AI or human); `parts` holds (advances, cases) per shown group."""
    rates = {g: _rate(*p) if p else None for g, p in parts.items()}
    reference = _reference(rates)
    sides = {}
    for group, part in parts.items():
        rate = rates[group]
        if reference is None or part is None or rate is None:
            sides[group] = _Side(rate, None, None, False, None)
            continue
        ref_part, ref_whole = parts[reference]
        ratio = rate / rates[reference]
        if group == reference:
            sides[group] = _Side(rate, ratio, None, False, None)
            continue
        interval = ratio_interval(part[0], part[1], ref_part, ref_whole)
        wide = too_wide_to_judge(interval)
        sides[group] = _Side(
            rate, ratio, interval, wide, cases_needed(rate, rates[reference]) if wide else None
        )
    return sides, reference


def fairness_table(
    attribute: str, groups: Mapping[str, GroupCounts], k: int = K_DEFAULT
) -> FairnessTable:
    """One attribute's table from counts per group; see the comment above ROUNDING_BASE."""
    _check_k(k)
    for group, c in groups.items():
        if not (0 <= c.human_advance <= c.cases and 0 <= c.ai_advance <= c.compared <= c.cases):
            raise ValueError(f"impossible counts for group {group!r}: {c}")
    groups = {g: groups[g] for g in sorted(groups, key=lambda g: (g == "", g))}
    released, rounded = _release(groups, k)
    human, reference_human = _sides({g: (r.human_advance, r.cases) for g, r in released.items()})
    ai, reference_ai = _sides(
        {
            g: (r.ai_advance, r.compared) if r.compared is not None else None
            for g, r in released.items()
        }
    )
    rows = []
    for group in sorted(groups, key=lambda g: (g == "", g)):
        if group not in released:
            if groups[group].cases:
                rows.append(FairnessRow(group=group, masked=True))
            continue
        r, h, a = released[group], human[group], ai[group]
        rows.append(
            FairnessRow(
                group=group,
                cases=r.cases,
                pilot_cases=r.compared,
                selection_rate_ai=a.rate,
                selection_rate_human=h.rate,
                ratio_ai=a.ratio,
                ratio_human=h.ratio,
                masked=False,
                ratio_ai_low=a.interval.low if a.interval else None,
                ratio_ai_high=a.interval.high if a.interval else None,
                ratio_human_low=h.interval.low if h.interval else None,
                ratio_human_high=h.interval.high if h.interval else None,
                small_sample_ai=a.small_sample,
                small_sample_human=h.small_sample,
                cases_needed_ai=a.needed,
                cases_needed_human=h.needed,
                ai_withheld=r.compared is None,
            )
        )
    low = [row for row in rows if not row.masked]
    return FairnessTable(
        attribute=attribute,
        rows=tuple(rows),
        four_fifths_ai=any(r.ratio_ai is not None and r.ratio_ai < FOUR_FIFTHS for r in low),
        four_fifths_human=any(
            r.ratio_human is not None and r.ratio_human < FOUR_FIFTHS for r in low
        ),
        rounded=rounded,
        reference_ai=reference_ai,
        reference_human=reference_human,
    )


def _fairness_from(keys: Counter[_Key], attribute: str, k: int) -> FairnessTable:
    counts = _fold(keys, lambda key: _attribute_of(key[1], attribute))
    return fairness_table(
        attribute,
        {
            g: GroupCounts(c.cases, c.human_advance, c.compared, c.ai_advance)
            for g, c in counts.items()
        },
        k,
    )


def fairness(cases: Iterable[PilotCase], attribute: str, k: int = K_DEFAULT) -> FairnessTable:
    """Selection rates ('advance') per group of one attribute, and the four-fifths check.

    The human rate counts every arm's human decisions; the AI rate the pilot arm's AI
    suggestions. A group under k cases shows no numbers; see fairness_table.
    """
    _check_k(k)
    return _fairness_from(_key_counts(cases), attribute, k)


# Minutes saved


def _arm_minutes(cases: Iterable[PilotCase]) -> tuple[np.ndarray, np.ndarray]:
    pilot, control = [], []
    for case in cases:
        if case.minutes is not None:
            if case.arm == PILOT:
                pilot.append(case.minutes)
            elif case.arm == CONTROL:
                control.append(case.minutes)
    return np.asarray(pilot, dtype=float), np.asarray(control, dtype=float)


def _resampled_means(values: np.ndarray, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap means of `values`, drawn as counts over its distinct values.

    A resample of n cases with replacement is a multinomial count over the distinct values,
    so its mean is exact in distribution at a cost per distinct value, not per case. Minutes
    people type have few distinct values. Beyond MAX_STRATA we pool neighbouring values into
    strata of about equal size: counts per stratum stay exact, and each stratum's sum of c
    draws is drawn from the normal with its exact mean c·μ and variance c·σ² (within-stratum
    spread is small next to the whole sample's, so the interval moves by far less than its
    width). A stratum of one value has σ = 0 and is exact.
    """
    distinct, counts = np.unique(values, return_counts=True)
    n = len(values)
    if len(distinct) <= MAX_STRATA:
        means, variances, sizes = distinct, np.zeros(len(distinct)), counts
    else:
        # Cut the sorted values into strata at equal shares of the cases.
        cuts = np.searchsorted(np.cumsum(counts), np.linspace(0, n, MAX_STRATA + 1)[1:-1])
        starts = np.unique(np.concatenate(([0], cuts + 1)))
        starts = starts[starts < len(distinct)]
        sizes = np.add.reduceat(counts, starts)
        means = np.add.reduceat(distinct * counts, starts) / sizes
        stratum = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(distinct))))
        deviations = (distinct - means[stratum]) ** 2 * counts
        variances = np.add.reduceat(deviations, starts) / sizes
    draws = rng.multinomial(n, sizes / n, size=resamples)
    totals = draws @ means
    if variances.any():
        totals += np.sqrt(draws @ variances) * rng.standard_normal(resamples)
    return totals / n


def minutes_saved(
    cases: Iterable[PilotCase],
    *,
    k: int = K_DEFAULT,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
    confidence: float = 0.95,
) -> Interval | None:
    """Mean control minutes minus mean pilot minutes per case, with a percentile bootstrap
    interval. The same cases and seed give the same interval. None under k cases with
    minutes in either arm."""
    _check_k(k)
    if resamples < 1 or not 0 < confidence < 1:
        raise ValueError("resamples must be positive and confidence between 0 and 1")
    pilot, control = _arm_minutes(cases)
    if len(pilot) < k or len(control) < k:
        return None
    rng = np.random.default_rng(seed)
    differences = _resampled_means(control, resamples, rng) - _resampled_means(
        pilot, resamples, rng
    )
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(differences, [tail, 100 - tail])
    return Interval(float(control.mean() - pilot.mean()), float(low), float(high))


# Rubber stamp


def _rubber_stamp_from(
    agreement_: Agreement, pilot: np.ndarray, control: np.ndarray, k: int
) -> bool:
    if agreement_.cases < k or agreement_.override_rate is None or len(pilot) < k:
        return False
    if agreement_.override_rate >= RUBBER_STAMP_OVERRIDE_RATE:
        return False
    pilot_mean = float(pilot.mean())
    if pilot_mean < RUBBER_STAMP_MINUTES:
        return True
    if len(control) < k:
        return False
    return pilot_mean <= RUBBER_STAMP_TIME_SHARE * float(control.mean())


def rubber_stamp(cases: Sequence[PilotCase], k: int = K_DEFAULT) -> bool:
    """People almost never change the AI's suggestion while their time per case collapses."""
    _check_k(k)
    pilot, control = _arm_minutes(cases)
    return _rubber_stamp_from(agreement(cases), pilot, control, k)


# The report


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError("k must be at least 1")


def pilot_report(
    cases: Sequence[PilotCase], *, k: int = K_DEFAULT, attributes: Sequence[str] | None = None
) -> PilotReport:
    """Everything the pilot page, the PDF and the CLI show. `attributes` defaults to every
    attribute the cases carry, in name order."""
    _check_k(k)
    keys = _key_counts(cases)
    if attributes is None:
        attributes = sorted({name for key in keys for name, _ in key[1]})
    pilot, control = _arm_minutes(cases)
    agreement_ = _agreement_from(keys)
    tables = {name: _fairness_from(keys, name, k) for name in attributes}
    shadow = _agreement_from(keys, CONTROL)
    gap = agreement_gap(agreement_, shadow, k)
    flags = []
    if any(table.four_fifths_human for table in tables.values()):
        flags.append("four_fifths")
    if any(table.four_fifths_ai for table in tables.values()):
        flags.append("four_fifths_ai")
    if _rubber_stamp_from(agreement_, pilot, control, k):
        flags.append("rubber_stamp")
    if gap is not None and gap.low > 0:
        flags.append("automation_bias")
    # Only where a shown group's interval is too wide to judge; a hidden group is no
    # reason: it is hidden whatever the size of the pilot.
    if any(table.small_sample for table in tables.values()):
        flags.append("small_sample")
    arms = Counter()
    for (_, _, arm, _, _), times in keys.items():
        arms[arm] += times
    days = [case.decided_on for case in cases]
    return PilotReport(
        cases=arms.total(),
        pilot_cases=arms[PILOT],
        control_cases=arms[CONTROL],
        agreement=agreement_ if agreement_.cases >= k else None,
        weekly=tuple(weekly_agreement(cases, k)),
        departments=tuple(_by_department_from(keys, k)),
        minutes_saved=minutes_saved(cases, k=k),
        fairness=tables,
        flags=tuple(flags),
        k=k,
        mean_minutes_pilot=float(pilot.mean()) if len(pilot) >= k else None,
        mean_minutes_control=float(control.mean()) if len(control) >= k else None,
        first_day=min(days, default=None),
        last_day=max(days, default=None),
        attributes=tuple(attributes),
        shadow=shadow if shadow.cases >= k else None,
        agreement_gap=gap,
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def report_json(report: PilotReport) -> dict:
    """The report as plain JSON types, floats to 4 decimals; masked numbers are null."""
    agreement_ = report.agreement
    interval = report.minutes_saved
    return {
        "cases": report.cases,
        "pilot_cases": report.pilot_cases,
        "control_cases": report.control_cases,
        "k": report.k,
        "first_day": report.first_day.isoformat() if report.first_day else None,
        "last_day": report.last_day.isoformat() if report.last_day else None,
        "compared_cases": agreement_.cases if agreement_ else None,
        "agreement_rate": _round(agreement_.agreement_rate) if agreement_ else None,
        "kappa": _round(agreement_.kappa) if agreement_ else None,
        "override_rate": _round(agreement_.override_rate) if agreement_ else None,
        "overrides_to_reject": agreement_.overrides_to_reject if agreement_ else None,
        "overrides_to_advance": agreement_.overrides_to_advance if agreement_ else None,
        "confusion": asdict(agreement_.confusion) if agreement_ else None,
        "minutes_saved_per_case": (
            {
                "estimate": _round(interval.estimate),
                "low": _round(interval.low),
                "high": _round(interval.high),
            }
            if interval
            else None
        ),
        "mean_minutes": {
            "pilot": _round(report.mean_minutes_pilot),
            "control": _round(report.mean_minutes_control),
        },
        "selection_rate_ratio": {
            name: {row.group: _round(row.ratio_human) for row in table.rows}
            for name, table in report.fairness.items()
        },
        "selection_rate_ratio_ai": {
            name: {row.group: _round(row.ratio_ai) for row in table.rows}
            for name, table in report.fairness.items()
        },
        "fairness": {
            name: [_row_json(row) for row in table.rows] for name, table in report.fairness.items()
        },
        "fairness_tables": {
            name: {
                "rounded": table.rounded,
                "rounding_base": ROUNDING_BASE if table.rounded else None,
                "reference_ai": table.reference_ai,
                "reference_human": table.reference_human,
            }
            for name, table in report.fairness.items()
        },
        "shadow": (
            {
                "compared_cases": report.shadow.cases,
                "agreement_rate": _round(report.shadow.agreement_rate),
                "kappa": _round(report.shadow.kappa),
            }
            if report.shadow
            else None
        ),
        "agreement_gap": (
            {
                "estimate": _round(report.agreement_gap.estimate),
                "low": _round(report.agreement_gap.low),
                "high": _round(report.agreement_gap.high),
            }
            if report.agreement_gap
            else None
        ),
        "departments": [_row_json(row) for row in report.departments],
        "weekly": [
            {
                "week_start": row.week_start.isoformat(),
                "cases": row.cases,
                "agreement_rate": _round(row.agreement_rate),
                "override_rate": _round(row.override_rate),
                "mean_minutes": _round(row.mean_minutes),
                "masked": row.masked,
            }
            for row in report.weekly
        ],
        "flags": list(report.flags),
    }


def _row_json(row: GroupRow | FairnessRow) -> dict:
    return {
        name: _round(value) if isinstance(value, float) else value
        for name, value in asdict(row).items()
    }
