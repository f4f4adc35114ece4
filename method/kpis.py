"""Acceptance KPIs: what each kind measures, which way is better, and how a value is judged.

A KPI has a kind, a unit, a target and a direction (higher or lower is better), and values
per period: a week (Monday) or a month (the 1st). Some kinds are *derived*: their values come
from data Samspill already holds (usage aggregates, the training plan, the story list,
surveys) and are never typed in, so they cannot drift from their source.

The status compares the latest value with the target: on target when it meets or beats it
in the KPI's direction, below target otherwise, no data without a value. The trend compares
the latest value with the mean of up to three values before it.

`parse_kpi_values` reads a table of hand-kept values (kpi, period, value[, group]) into rows,
or coded errors with line and column for the caller to word; all or nothing.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum


class Kind(StrEnum):
    SUPPORT_TICKETS = "support_tickets"
    FEATURE_USE = "feature_use"
    MEETING_ATTENDANCE = "meeting_attendance"
    TRAINING_ENGAGEMENT = "training_engagement"
    SUCCESS_STORIES = "success_stories"
    REFERRALS = "referrals"
    ADOPTION_RATE = "adoption_rate"
    STICKINESS = "stickiness"
    RETENTION = "retention"
    NPS = "nps"


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    SCORE = "score"  # NPS, −100 … 100


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"


class Status(StrEnum):
    ON_TARGET = "on_target"
    BELOW_TARGET = "below_target"
    NO_DATA = "no_data"


@dataclass(frozen=True, slots=True)
class KindSpec:
    unit: Unit
    direction: Direction
    period: Period
    derived: bool


KINDS: dict[Kind, KindSpec] = {
    Kind.SUPPORT_TICKETS: KindSpec(Unit.COUNT, Direction.LOWER, Period.WEEK, False),
    Kind.FEATURE_USE: KindSpec(Unit.PERCENT, Direction.HIGHER, Period.WEEK, False),
    Kind.MEETING_ATTENDANCE: KindSpec(Unit.PERCENT, Direction.HIGHER, Period.MONTH, False),
    Kind.TRAINING_ENGAGEMENT: KindSpec(Unit.PERCENT, Direction.HIGHER, Period.MONTH, True),
    Kind.SUCCESS_STORIES: KindSpec(Unit.COUNT, Direction.HIGHER, Period.MONTH, True),
    Kind.REFERRALS: KindSpec(Unit.COUNT, Direction.HIGHER, Period.MONTH, False),
    Kind.ADOPTION_RATE: KindSpec(Unit.PERCENT, Direction.HIGHER, Period.WEEK, True),
    Kind.STICKINESS: KindSpec(Unit.PERCENT, Direction.HIGHER, Period.WEEK, True),
    Kind.RETENTION: KindSpec(Unit.PERCENT, Direction.HIGHER, Period.WEEK, True),
    Kind.NPS: KindSpec(Unit.SCORE, Direction.HIGHER, Period.MONTH, True),
}
DERIVED = frozenset(kind for kind, spec in KINDS.items() if spec.derived)
USAGE_KINDS = frozenset({Kind.ADOPTION_RATE, Kind.STICKINESS, Kind.RETENTION})
K_MIN = 5  # a usage rate over fewer people is not shown (small cells)


def is_derived(kind: str) -> bool:
    return Kind(kind) in DERIVED


def period_start(day: date, period: str) -> date:
    """The period a day belongs to: its ISO week's Monday, or the 1st of its month."""
    if Period(period) is Period.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def status(latest: float | None, target: float, direction: str) -> Status:
    if latest is None:
        return Status.NO_DATA
    meets = latest >= target if Direction(direction) is Direction.HIGHER else latest <= target
    return Status.ON_TARGET if meets else Status.BELOW_TARGET


@dataclass(frozen=True, slots=True)
class Trend:
    change: float  # latest − the mean of up to three values before it
    arrow: str  # "up", "down", "flat"
    improving: bool | None  # None when flat


FLAT_SHARE = 0.02  # a change under 2 % of the earlier level (or of 1) counts as flat


def trend(values: Sequence[float], direction: str) -> Trend | None:
    """How the latest value moved against the ones just before it; None with under two."""
    if len(values) < 2:
        return None
    earlier = values[-4:-1]
    base = sum(earlier) / len(earlier)
    change = values[-1] - base
    if abs(change) <= FLAT_SHARE * max(abs(base), 1.0):
        return Trend(change, "flat", None)
    arrow = "up" if change > 0 else "down"
    better = (change > 0) == (Direction(direction) is Direction.HIGHER)
    return Trend(change, arrow, better)


def share(part: float, whole: float) -> float | None:
    """part ÷ whole as a percentage, None without a whole."""
    return 100 * part / whole if whole else None


def masked_rate(part: int, base: int, k: int = K_MIN) -> float | None:
    """A rate over `base` people as a percentage; None when 1 ≤ base < k (a small cell)."""
    if 0 < base < k:
        return None
    return share(part, base)


# Importing hand-kept values

HEADER_ALIASES: dict[str, str] = {
    "kpi": "kpi",
    "name": "kpi",
    "nøkkeltall": "kpi",
    "navn": "kpi",
    "period": "period",
    "date": "period",
    "week": "period",
    "month": "period",
    "periode": "period",
    "dato": "period",
    "uke": "period",
    "måned": "period",
    "value": "value",
    "verdi": "value",
    "group": "scope",
    "department": "scope",
    "gruppe": "scope",
    "avdeling": "scope",
    "interessentgruppe": "scope",
}
REQUIRED = ("kpi", "period", "value")
MAX_ERRORS = 100
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m", "%m.%Y")


@dataclass(frozen=True, slots=True)
class KpiRef:
    """What the parser needs to know of a project's KPI."""

    key: str  # the caller's id for it
    period: str
    derived: bool
    scope: str  # the group's or department's name, or ""


@dataclass(frozen=True, slots=True)
class ValueRow:
    line: int
    kpi: str  # KpiRef.key
    period: date
    value: float


@dataclass(frozen=True, slots=True)
class ValueRowError:
    line: int
    column: str
    code: str
    params: dict


@dataclass(frozen=True)
class ParsedValues:
    rows: tuple[ValueRow, ...]
    errors: tuple[ValueRowError, ...]


def parse_number(text: str) -> float | None:
    """12, 12.5, 12,5, '1 234,5' and '85 %' as Excel in Norway or England writes them."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").removesuffix("%")
    if cleaned.count(",") == 1 and "." in cleaned:  # 1,234.5
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.fullmatch(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def parse_date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_kpi_values(
    header: Sequence[str],
    rows: Iterable[tuple[int, Sequence[str]]],
    *,
    kpis: Mapping[str, KpiRef],
) -> ParsedValues:
    """Check every row; `kpis` maps a KPI's name, casefolded, to its KpiRef.

    A value's date is moved to the start of its KPI's period (a week's Monday, a month's 1st);
    two rows for the same KPI and period are an error, not a silent overwrite.
    """
    errors: list[ValueRowError] = []
    columns: dict[str, int] = {}
    for at, name in enumerate(header):
        field = HEADER_ALIASES.get(name.strip().casefold())
        if field is None:
            continue
        if field in columns:
            errors.append(ValueRowError(1, name, "duplicate_column", {}))
        columns[field] = at
    errors += [ValueRowError(1, f, "missing_column", {}) for f in REQUIRED if f not in columns]
    if errors:
        return ParsedValues((), tuple(errors))
    names = {field: header[at] for field, at in columns.items()}
    parsed: list[ValueRow] = []
    seen: dict[tuple[str, date], int] = {}
    more = first_unlisted = 0
    for line, cells in rows:

        def cell(field: str, cells=cells) -> str:
            at = columns.get(field)
            return cells[at].strip() if at is not None and at < len(cells) else ""

        row_errors = []
        name, when, raw = cell("kpi"), cell("period"), cell("value")
        ref = kpis.get(name.casefold()) if name else None
        if not name:
            row_errors.append(ValueRowError(line, names["kpi"], "required", {}))
        elif ref is None:
            row_errors.append(
                ValueRowError(line, names["kpi"], "unknown_kpi", {"value": name[:80]})
            )
        elif ref.derived:
            row_errors.append(
                ValueRowError(line, names["kpi"], "derived_kpi", {"value": name[:80]})
            )
        scope = cell("scope")
        if ref is not None and scope and scope.casefold() != ref.scope.casefold():
            row_errors.append(
                ValueRowError(
                    line, names["scope"], "scope_mismatch", {"value": scope[:80], "kpi": name}
                )
            )
        day = parse_date(when) if when else None
        if not when:
            row_errors.append(ValueRowError(line, names["period"], "required", {}))
        elif day is None:
            row_errors.append(
                ValueRowError(line, names["period"], "bad_date", {"value": when[:40]})
            )
        value = parse_number(raw) if raw else None
        if not raw:
            row_errors.append(ValueRowError(line, names["value"], "required", {}))
        elif value is None:
            row_errors.append(
                ValueRowError(line, names["value"], "not_a_number", {"value": raw[:40]})
            )
        if not row_errors and ref is not None and day is not None and value is not None:
            start = period_start(day, ref.period)
            first = seen.setdefault((ref.key, start), line)
            if first != line:
                row_errors.append(
                    ValueRowError(line, names["period"], "duplicate_in_file", {"first_row": first})
                )
            else:
                parsed.append(ValueRow(line, ref.key, start, value))
        room = max(MAX_ERRORS - len(errors), 0)
        errors += row_errors[:room]
        if len(row_errors) > room:  # beyond the limit problems are only counted
            first_unlisted = first_unlisted or line
            more += len(row_errors) - room
    if more:
        errors.append(
            ValueRowError(
                first_unlisted, "", "too_many_errors", {"limit": MAX_ERRORS, "more": more}
            )
        )
    if not errors and not parsed:
        errors.append(ValueRowError(0, "", "no_rows", {}))
    return ParsedValues(tuple(parsed) if not errors else (), tuple(errors))
