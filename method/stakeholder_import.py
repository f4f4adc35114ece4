"""Turning a stakeholder list (CSV or XLSX) into people, or into a list of what is wrong.

Columns may be named in English or Norwegian. Nothing is decided row by row: the caller
gets every valid row and every error, and imports only when there are no errors.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from method.spreadsheet import Table, TableError, read_table, un_neutralise

COLUMNS = ("group", "name", "title", "influence", "interest", "stance", "email", "notes")
REQUIRED = ("group", "name")

HEADER_ALIASES: dict[str, str] = {
    "group": "group",
    "gruppe": "group",
    "stakeholder group": "group",
    "interessentgruppe": "group",
    "name": "name",
    "navn": "name",
    "title": "title",
    "tittel": "title",
    "role": "title",
    "stilling": "title",
    "influence": "influence",
    "innflytelse": "influence",
    "påvirkning": "influence",
    "interest": "interest",
    "interesse": "interest",
    "stance": "stance",
    "holdning": "stance",
    "email": "email",
    "e-mail": "email",
    "e-post": "email",
    "epost": "email",
    "notes": "notes",
    "note": "notes",
    "notater": "notes",
    "notat": "notes",
}

STANCE_WORDS: dict[str, int] = {
    "resistant": -2,
    "sceptical": -1,
    "skeptical": -1,
    "neutral": 0,
    "supportive": 1,
    "champion": 2,
    "motstander": -2,
    "skeptisk": -1,
    "nøytral": 0,
    "positiv": 1,
    "forkjemper": 2,
}

# The shape of an address: one @, no spaces, a dot in the domain. The model's validator
# checks the details as well; this catches the typical mistakes in the same pass as the rest.
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")

MAX_LENGTH = {"group": 120, "name": 120, "title": 120, "email": 254, "notes": 4000}
DEFAULTS = {"influence": 3, "interest": 3, "stance": 0}


@dataclass(frozen=True, slots=True)
class PersonRow:
    line: int
    group: str  # the canonical group name, resolved against the project's groups
    name: str
    title: str = ""
    influence: int = 3
    interest: int = 3
    stance: int = 0
    email: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    column: str
    code: str
    params: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True, slots=True)
class ImportParse:
    rows: tuple[PersonRow, ...]
    errors: tuple[RowError, ...]
    ignored_columns: tuple[str, ...]
    # Each column as the file names it ("e-post", "holdning"), so errors use the file's words.
    column_names: Mapping[str, str] = field(default_factory=dict)


def map_header(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column name → position, and the header cells that were not understood."""
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for position, cell in enumerate(header):
        key = HEADER_ALIASES.get(cell.strip().lower())
        if key and key not in positions:
            positions[key] = position
        elif cell.strip():
            ignored.append(cell.strip())
    missing = [column for column in REQUIRED if column not in positions]
    if missing:
        raise TableError("missing_columns", columns=", ".join(missing))
    return positions, ignored


def _integer(raw: str, line: int, column: str, errors: list[RowError]) -> int | None:
    if raw == "":
        return DEFAULTS[column]
    try:
        value = int(float(raw.replace(",", ".")))
        if value != float(raw.replace(",", ".")):
            raise ValueError
    except ValueError:
        errors.append(RowError(line, column, "not_a_whole_number", (("value", raw[:40]),)))
        return None
    low, high = (-2, 2) if column == "stance" else (1, 5)
    if not low <= value <= high:
        errors.append(
            RowError(line, column, "out_of_range", (("value", value), ("low", low), ("high", high)))
        )
        return None
    return value


def _stance(raw: str, line: int, errors: list[RowError]) -> int | None:
    word = STANCE_WORDS.get(raw.strip().lower())
    if word is not None:
        return word
    if raw.lstrip("+-").replace(",", ".").replace(".", "", 1).isdigit() or raw == "":
        return _integer(raw.lstrip("+"), line, "stance", errors)
    errors.append(RowError(line, "stance", "unknown_stance", (("value", raw[:40]),)))
    return None


def parse_people(
    data: bytes,
    filename: str,
    *,
    known_groups: Mapping[str, str],
    email_check: Callable[[str], str | None] | None = None,
) -> ImportParse:
    """Parse a stakeholder list. known_groups maps lower-cased names and keys to group names.

    `email_check` is the caller's stricter test of an address that has the right shape: it
    returns a message, or None when the address is fine. It runs on every row, also rows with
    other problems, so that all of a row's problems come in one pass.

    Raises TableError when the file as a whole cannot be used.
    """
    table: Table = read_table(data, filename)
    positions, ignored = map_header(table.header)
    rows: list[PersonRow] = []
    errors: list[RowError] = []
    seen_names: dict[str, int] = {}
    for line, cells in table.rows:

        def cell(column: str, cells=cells) -> str:
            position = positions.get(column)
            if position is None or position >= len(cells):
                return ""
            return un_neutralise(cells[position].strip())

        row_errors: list[RowError] = []
        values = {column: cell(column) for column in COLUMNS}
        for column in REQUIRED:
            if not values[column]:
                row_errors.append(RowError(line, column, "required"))
        for column, limit in MAX_LENGTH.items():
            if len(values[column]) > limit:
                row_errors.append(
                    RowError(
                        line,
                        column,
                        "too_long",
                        (("limit", limit), ("length", len(values[column]))),
                    )
                )
        group = known_groups.get(values["group"].lower()) if values["group"] else None
        if values["group"] and group is None and len(values["group"]) <= MAX_LENGTH["group"]:
            row_errors.append(
                RowError(line, "group", "unknown_group", (("value", values["group"][:60]),))
            )
        name_key = values["name"].casefold()
        if name_key and name_key in seen_names:
            row_errors.append(
                RowError(line, "name", "duplicate_in_file", (("first_line", seen_names[name_key]),))
            )
        seen_names.setdefault(name_key, line)
        influence = _integer(values["influence"], line, "influence", row_errors)
        interest = _integer(values["interest"], line, "interest", row_errors)
        stance = _stance(values["stance"], line, row_errors)
        email = values["email"]
        if email and len(email) <= MAX_LENGTH["email"]:
            if not EMAIL_SHAPE.match(email):
                row_errors.append(
                    RowError(line, "email", "invalid_email", (("value", email[:60]),))
                )
            elif email_check is not None and (message := email_check(email)):
                row_errors.append(RowError(line, "email", "invalid", (("message", message),)))
        if row_errors:
            errors.extend(row_errors)
            continue
        rows.append(
            PersonRow(
                line=line,
                group=group,
                name=values["name"],
                title=values["title"],
                influence=influence,
                interest=interest,
                stance=stance,
                email=values["email"],
                notes=values["notes"],
            )
        )
    names = {column: table.header[position].strip() for column, position in positions.items()}
    return ImportParse(tuple(rows), tuple(errors), tuple(ignored), names)
