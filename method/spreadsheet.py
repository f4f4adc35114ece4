"""Reading tabular files people export from Excel, and writing them back safely.

CSV comes in whatever Excel writes: UTF-8 with or without a byte-order mark, or Windows-1252,
separated by commas, semicolons or tabs. XLSX is read with openpyxl.
"""

import csv
import io
import re
from dataclasses import dataclass, field

import openpyxl

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


class TableError(ValueError):
    """The file as a whole cannot be read. `code` and `params` let the caller word it."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line number, cells)


def neutralise(value) -> object:
    """Make a cell inert for spreadsheet programs; plain numbers stay numbers."""
    is_formula_like = isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)
    if is_formula_like and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def un_neutralise(value: str) -> str:
    """Undo neutralise() so an exported file imports back to the same text."""
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def read_table(
    data: bytes, filename: str, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS
) -> Table:
    """Read a CSV or XLSX file; the limits keep one upload from exhausting the server."""
    if len(data) > max_bytes:
        raise TableError("too_large", limit_mb=max_bytes // (1024 * 1024))
    if not data.strip():
        raise TableError("empty")
    if filename.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        table = _read_xlsx(data)
    else:
        table = _read_csv(data)
    if not any(cell.strip() for cell in table.header):
        raise TableError("no_header")
    if len(table.rows) > max_rows:
        raise TableError("too_many_rows", limit=max_rows)
    return table


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise TableError("binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise TableError("binary") from None


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text[:4096]):
        raise TableError("binary")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise TableError("bad_csv", detail=str(exc)) from None
    return _table_from_lines(lines)


def _read_xlsx(data: bytes) -> Table:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        lines = [
            (number, ["" if cell is None else str(cell) for cell in row])
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        workbook.close()
    except Exception:  # openpyxl raises many types for a damaged file; all mean the same here
        raise TableError("unreadable_xlsx") from None
    return _table_from_lines(lines)


def _table_from_lines(lines: list[tuple[int, list[str]]]) -> Table:
    lines = [(number, [cell.strip() for cell in row]) for number, row in lines]
    lines = [(number, row) for number, row in lines if any(row)]
    if not lines:
        raise TableError("empty")
    (_, header), rows = lines[0], lines[1:]
    return Table(header=header, rows=rows)


def write_csv(header: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a byte-order mark and semicolons: what Excel in Norway opens cleanly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(header: list[str], rows: list[list], *, title: str = "Sheet") -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([neutralise(cell) for cell in header])
    for row in rows:
        sheet.append([neutralise(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
