"""Turning a pilot's case file (CSV or XLSX) into pseudonymised cases, or into what is wrong.

One row is one decision on one case: when it was made, in which department, what the AI
suggested (nothing in the control arm, where people decide without it), what the person
decided, and how many minutes it took. Columns the caller names as group attributes
(gender, age band, …) are kept for the fairness checks; every other extra column is ignored.

Case ids never leave this module: each is replaced by a keyed HMAC-SHA256 digest, so the
same case gets the same key on a re-import but nobody without the key can go back from
the key to the id (GDPR Art. 4(5), pseudonymisation). Import is all or nothing: with any
error, no case is returned.
"""

import hashlib
import hmac
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from method.spreadsheet import MAX_BYTES, MAX_ROWS, TableError, open_table, un_neutralise

ADVANCE, REJECT = "advance", "reject"
PILOT, CONTROL = "pilot", "control"
DEFAULT_DECISIONS = {ADVANCE: ADVANCE, REJECT: REJECT}
ARMS = {"pilot": PILOT, "control": CONTROL, "kontroll": CONTROL}

COLUMNS = ("case_id", "decided_on", "department", "ai_decision", "human_decision", "minutes", "arm")
REQUIRED_COLUMNS = ("case_id", "decided_on", "department", "ai_decision", "human_decision", "arm")

# Keys are header cells lower-cased, with spaces and hyphens read as underscores.
HEADER_ALIASES: dict[str, str] = {
    "case_id": "case_id",
    "case": "case_id",
    "saksnr": "case_id",
    "saksnummer": "case_id",
    "sak": "case_id",
    "decided_on": "decided_on",
    "date": "decided_on",
    "dato": "decided_on",
    "department": "department",
    "avdeling": "department",
    "ai_decision": "ai_decision",
    "ki_beslutning": "ai_decision",
    "human_decision": "human_decision",
    "decision": "human_decision",
    "menneske_beslutning": "human_decision",
    "beslutning": "human_decision",
    "minutes": "minutes",
    "minutter": "minutes",
    "arm": "arm",
    "gruppe": "arm",
}

KEY_HEX_CHARS = 16  # 64 bits: no collision to expect below billions of cases
MIN_KEY_BYTES = 16  # case ids are guessable; a short key would let anyone rebuild the table
MAX_LENGTH = {"case_id": 100, "department": 120}
MAX_ATTRIBUTE_LENGTH = 120
# Problems listed at most; beyond this the file is likely the wrong file, and the rest are
# only counted (a last "too_many_errors" entry says how many more there are).
MAX_ERRORS = 100
# read_table drops blank lines and does not number the header; in every file Excel or
# Samspill writes the header is line 1, so header problems are reported there.
HEADER_ROW = 1

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")


@dataclass(frozen=True, slots=True)
class PilotCase:
    case_key: str  # pseudonym, never the case id
    decided_on: date
    department: str
    arm: str  # PILOT or CONTROL
    ai_decision: str | None  # ADVANCE, REJECT, or None where no AI was used
    human_decision: str  # ADVANCE or REJECT
    minutes: float | None
    attributes: tuple[tuple[str, str], ...] = ()  # (name, value), sorted by name

    def attribute(self, name: str) -> str:
        """The case's value for a group attribute; "" when not stated."""
        return next((value for key, value in self.attributes if key == name), "")


@dataclass(frozen=True, slots=True)
class CaseError:
    row: int  # the file's line number, as read_table reports it
    column: str
    code: str
    params: dict


@dataclass(frozen=True)
class PilotParse:
    cases: tuple[PilotCase, ...]  # empty whenever there are errors
    errors: tuple[CaseError, ...]
    attributes: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def pseudonymise(case_id: str, key: bytes) -> str:
    """A stable pseudonym for a case id: keyed HMAC-SHA256, first KEY_HEX_CHARS hex digits."""
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"the pseudonymisation key needs at least {MIN_KEY_BYTES} bytes")
    digest = hmac.new(key, case_id.strip().encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:KEY_HEX_CHARS]


def _header_name(cell: str) -> str:
    return re.sub(r"[\s\-]+", "_", cell.strip().casefold())


def _decision_map(decision_values: Mapping[str, str] | None) -> dict[str, str]:
    """Accepted cell values (case-insensitive) → ADVANCE/REJECT; the caller's map extends the
    canonical words, so a file that mixes "ja" and "advance" still reads."""
    mapping = dict(DEFAULT_DECISIONS)
    for raw, decision in (decision_values or {}).items():
        if decision not in (ADVANCE, REJECT):
            raise ValueError(f"decision values must map to {ADVANCE!r} or {REJECT!r}")
        mapping[raw.strip().casefold()] = decision
    return mapping


def parse_date(raw: str) -> date | None:
    """ISO dates (also as Excel date cells, which read_table gives as 'yyyy-mm-dd hh:mm:ss')
    and the dd.mm.yyyy that Norwegian Excel writes."""
    try:
        if match := _ISO_DATE.fullmatch(raw):
            year, month, day = match.groups()
        elif match := _DOTTED_DATE.fullmatch(raw):
            day, month, year = match.groups()
        else:
            return None
        return date(int(year), int(month), int(day))
    except ValueError:  # 31.02.2025 and the like
        return None


def parse_minutes(raw: str) -> float | None:
    """'12', '12.5' or '12,5'; raises ValueError for anything else, NaN and infinity too."""
    value = float(raw.replace(" ", "").replace(",", ".", 1))
    if not math.isfinite(value):
        raise ValueError(raw)
    return value


def _map_header(
    header: list[str], attributes: Sequence[str]
) -> tuple[dict[str, int], dict[str, int], list[CaseError]]:
    positions: dict[str, int] = {}
    errors: list[CaseError] = []
    names = [_header_name(cell) for cell in header]
    for position, name in enumerate(names):
        column = HEADER_ALIASES.get(name)
        if column is None:
            continue
        if column in positions:
            errors.append(
                CaseError(HEADER_ROW, header[position], "duplicate_column", {"column": column})
            )
        positions.setdefault(column, position)
    for column in REQUIRED_COLUMNS:
        if column not in positions:
            errors.append(CaseError(HEADER_ROW, column, "missing_column", {}))
    attribute_positions: dict[str, int] = {}
    for attribute in attributes:
        wanted = _header_name(attribute)
        if wanted in names:
            attribute_positions[attribute] = names.index(wanted)
        else:
            errors.append(CaseError(HEADER_ROW, attribute, "missing_attribute", {}))
    return positions, attribute_positions, errors


def _decision(
    raw: str, mapping: dict[str, str], row: int, column: str, errors: list[CaseError]
) -> str | None:
    decision = mapping.get(raw.casefold())
    if decision is None:
        allowed = ", ".join(sorted(mapping))
        errors.append(
            CaseError(row, column, "unknown_decision", {"value": raw[:40], "allowed": allowed})
        )
    return decision


def _read_row(
    row: int,
    values: dict[str, str],
    attribute_values: dict[str, str],
    decisions: dict[str, str],
    key: bytes,
    allow_undecided: bool = False,
) -> tuple[PilotCase | None, list[CaseError]]:
    errors: list[CaseError] = []
    for column in ("case_id", "decided_on", "department", "human_decision", "arm"):
        # In production a case the tool closed on its own has no person's decision; that
        # is what the "no automatic rejection" control looks for, so it must import.
        undecided_ok = column == "human_decision" and allow_undecided and values["ai_decision"]
        if not values[column] and not undecided_ok:
            errors.append(CaseError(row, column, "required", {}))
    for column, limit in MAX_LENGTH.items():
        if len(values[column]) > limit:
            errors.append(
                CaseError(row, column, "too_long", {"limit": limit, "length": len(values[column])})
            )
    for name, value in attribute_values.items():
        if len(value) > MAX_ATTRIBUTE_LENGTH:
            errors.append(
                CaseError(
                    row, name, "too_long", {"limit": MAX_ATTRIBUTE_LENGTH, "length": len(value)}
                )
            )
    decided_on = parse_date(values["decided_on"]) if values["decided_on"] else None
    if values["decided_on"] and decided_on is None:
        errors.append(
            CaseError(row, "decided_on", "bad_date", {"value": values["decided_on"][:40]})
        )
    arm = ARMS.get(values["arm"].casefold()) if values["arm"] else None
    if values["arm"] and arm is None:
        errors.append(CaseError(row, "arm", "unknown_arm", {"value": values["arm"][:40]}))
    human = values["human_decision"]
    human_decision = _decision(human, decisions, row, "human_decision", errors) if human else None
    ai = values["ai_decision"]
    ai_decision = _decision(ai, decisions, row, "ai_decision", errors) if ai else None
    if arm == PILOT and not ai:
        errors.append(CaseError(row, "ai_decision", "required_in_pilot", {}))
    minutes = None
    if values["minutes"]:
        try:
            minutes = parse_minutes(values["minutes"])
        except ValueError:
            errors.append(
                CaseError(row, "minutes", "not_a_number", {"value": values["minutes"][:40]})
            )
        else:
            if minutes < 0:
                errors.append(
                    CaseError(row, "minutes", "negative", {"value": values["minutes"][:40]})
                )
    if errors:
        return None, errors
    case = PilotCase(
        case_key=pseudonymise(values["case_id"], key),
        decided_on=decided_on,
        department=values["department"],
        arm=arm,
        ai_decision=ai_decision,
        human_decision=human_decision or "",
        minutes=minutes,
        attributes=tuple(sorted(attribute_values.items())),
    )
    return case, []


def parse_pilot_cases(
    data: bytes,
    filename: str,
    *,
    key: bytes,
    attributes: Sequence[str] = (),
    decision_values: Mapping[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    allow_undecided: bool = False,
) -> PilotParse:
    """Parse a pilot case file; `attributes` names the columns to keep for fairness checks.

    `allow_undecided` is for production case files (samspill/pilot's weekly case import):
    a row with the AI's decision and no person's decision is read with `human_decision`
    "" (the tool decided alone) instead of being refused.

    Raises TableError (from method.spreadsheet, with its limits) when the file as a whole
    cannot be read or breaks a limit part way through before any problem was found (after,
    the problems found stand, with a last "too_many_errors" entry marked "stopped"), and
    ValueError for a key shorter than MIN_KEY_BYTES or a decision map to other words.
    """
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"the pseudonymisation key needs at least {MIN_KEY_BYTES} bytes")
    attributes = tuple(dict.fromkeys(name.strip() for name in attributes if name.strip()))
    decisions = _decision_map(decision_values)
    # Read as a stream: 200,000 rows of cells never sit in memory beside their cases.
    table = open_table(data, filename, max_bytes=max_bytes, max_rows=max_rows)
    positions, attribute_positions, errors = _map_header(table.header, attributes)
    if errors:
        return PilotParse((), tuple(errors), attributes)

    cases: list[PilotCase] = []
    first_row_of: dict[str, int] = {}
    rows_read = more = first_unlisted = 0
    stopped = False
    try:
        for row, cells in table.rows:
            rows_read += 1

            def cell(position: int | None, cells=cells) -> str:
                if position is None or position >= len(cells):
                    return ""
                return un_neutralise(cells[position].strip())

            values = {column: cell(positions.get(column)) for column in COLUMNS}
            attribute_values = {name: cell(at) for name, at in attribute_positions.items()}
            case, row_errors = _read_row(
                row, values, attribute_values, decisions, key, allow_undecided
            )
            case_id = values["case_id"]
            if case_id in first_row_of:
                row_errors.append(
                    CaseError(
                        row, "case_id", "duplicate_in_file", {"first_row": first_row_of[case_id]}
                    )
                )
            elif case_id:
                first_row_of[case_id] = row
            if row_errors:
                room = max(MAX_ERRORS - len(errors), 0)
                errors.extend(row_errors[:room])
                if len(row_errors) > room:
                    first_unlisted = first_unlisted or row
                    more += len(row_errors) - room
            elif case is not None and not errors:
                cases.append(case)
    except TableError:
        if not errors:
            raise
        # A limit broke part way (too many rows, say): the problems found so far stand,
        # and the count of the rest says "at least".
        stopped = True
    if not rows_read:
        return PilotParse((), (CaseError(HEADER_ROW, "", "no_cases", {}),), attributes)
    if errors:
        # Errors name columns as the file does ("dato", not "decided_on").
        names = {column: table.header[at].strip() for column, at in positions.items()}
        listed = [replace(e, column=names.get(e.column, e.column)) for e in errors]
        if more or stopped:
            listed.append(
                CaseError(
                    first_unlisted or listed[-1].row,
                    "",
                    "too_many_errors",
                    {"limit": MAX_ERRORS, "more": more, "stopped": stopped},
                )
            )
        return PilotParse((), tuple(listed), attributes)
    return PilotParse(tuple(cases), (), attributes)
