"""Reading tabular files people export from Excel, and writing them back safely.

CSV comes in whatever Excel writes: UTF-8 with or without a byte-order mark, or Windows-1252,
separated by commas, semicolons or tabs. XLSX is read with openpyxl.

Anyone with an account can upload, so reading never trusts a file's shape. Both formats are
read as a stream, row by row, and stop at the first limit broken: the row cap (at row cap
+ 1), the width of a row, the length of a cell. An XLSX file is a zip archive of XML parts;
its directory (sizes, number of parts) and one fast pass over the unpacked parts (counting
XML elements and rows, measuring text between tags) are checked before openpyxl opens it,
so a 94 KB file that unpacks to 300,000 rows or to gigabytes is refused in well under a
second. openpyxl reads about 100,000 cells a second, so the element budget is a time budget.
"""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import openpyxl

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32_767  # Excel's own limits: characters in a cell, rows in a sheet
EXCEL_MAX_ROWS = 1_048_576
MAX_XLSX_UNPACKED = 64 * 1024 * 1024  # all parts of an XLSX archive together, unpacked
MAX_XLSX_PARTS = 1_000
# openpyxl parses most parts whole (workbook, styles, relationships, properties); only the
# sheets and the shared strings are streamed, so every other part must stay small.
MAX_XLSX_PART = 2 * 1024 * 1024
# XML elements in all parts: a cell is two or three (<c><v>, <c><is><t>), a row one, a shared
# string two. openpyxl's pace makes this a few seconds of reading, and an in-memory tree of a
# part parsed whole stays near 100 MB at worst. Larger tables go as CSV, ten times faster.
MAX_XLSX_ELEMENTS = 1_000_000
MAX_XLSX_TEXT_RUN = 256 * 1024  # bytes without a tag in a sheet: far more than one cell's text
_STREAMED_PART = re.compile(r"xl/(worksheets/[^/]+|sharedstrings)\.xml", re.IGNORECASE)
_CHUNK = 4 * MAX_XLSX_TEXT_RUN  # whole blocks, for _has_long_text
_SNIFF_CHARS = 8192

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


@dataclass
class TableStream:
    """A table read on demand: iterating `rows` raises TableError when the file breaks a
    limit (too many rows, a row too wide, a cell too long), so a caller that builds its
    result while iterating must drop it on that error."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]


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
    """Read a CSV or XLSX file whole; the limits keep one upload from exhausting the server.

    Blank lines are left out, cells are stripped and trailing empty cells dropped."""
    stream = open_table(data, filename, max_bytes=max_bytes, max_rows=max_rows)
    return Table(header=stream.header, rows=list(stream.rows))


def open_table(
    data: bytes, filename: str, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS
) -> TableStream:
    """Check the file as a whole and read its header; the rows follow as they are iterated,
    so a caller with many rows never holds them all."""
    if len(data) > max_bytes:
        raise TableError("too_large", limit_mb=max_bytes // (1024 * 1024))
    if not data or data.isspace():
        raise TableError("empty")
    if filename.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        lines = _xlsx_lines(data, max_rows)
    else:
        lines = _csv_lines(data)
    rows = _checked_rows(lines, max_rows)
    first = next(rows, None)
    if first is None:
        raise TableError("empty")
    header = first[1]
    if not any(header):
        raise TableError("no_header")
    return TableStream(header=header, rows=rows)


def _checked_rows(
    lines: Iterator[tuple[int, list[str]]], max_rows: int
) -> Iterator[tuple[int, list[str]]]:
    """The header, then at most `max_rows` data rows; stripped, blank lines left out."""
    data_rows = -1  # the first non-blank line is the header
    for number, raw in lines:
        cells = [cell.strip() for cell in raw]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise TableError("too_many_columns", line=number, limit=MAX_COLUMNS)
        if max(map(len, cells)) > MAX_CELL_CHARS:
            raise TableError("cell_too_long", line=number, limit=MAX_CELL_CHARS)
        data_rows += 1
        if data_rows > max_rows:
            raise TableError("too_many_rows", limit=max_rows)
        yield number, cells


# CSV


def _encoding(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TableError("utf16")
    if b"\x00" in data:
        raise TableError("binary")
    if data.isascii() or _is_utf8(data):
        return "utf-8-sig"
    return "cp1252"


def _is_utf8(data: bytes) -> bool:
    """Checked in chunks, so the check holds no decoded copy of the file."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _CHUNK):
            decoder.decode(view[start : start + _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _csv_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    encoding = _encoding(data)
    head = data[: 4 * _SNIFF_CHARS].decode(encoding, errors="ignore")[:_SNIFF_CHARS]
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in head[:4096]):
        raise TableError("binary")
    try:
        delimiter = csv.Sniffer().sniff(head, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    return _csv_records(data, encoding, delimiter)


def _csv_records(data: bytes, encoding: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        # The csv module caps a field at csv.field_size_limit() (128 Ki characters) itself.
        if "field larger than field limit" in str(exc):
            raise TableError("text_too_long", limit=MAX_CELL_CHARS) from None
        raise TableError("bad_csv", detail=str(exc)) from None
    except UnicodeDecodeError:  # a Windows-1252 file with a byte that code page leaves out
        raise TableError("binary") from None


# XLSX


def _xlsx_lines(data: bytes, max_rows: int) -> Iterator[tuple[int, list[str]]]:
    check_xlsx_archive(data, max_rows=max_rows)
    try:
        # Links to other workbooks are parts openpyxl would parse whole; nothing here uses them.
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception:  # openpyxl raises many types for a damaged file; all mean the same here
        raise TableError("unreadable_xlsx") from None
    return _sheet_lines(workbook)


def _sheet_lines(workbook) -> Iterator[tuple[int, list[str]]]:
    try:
        if not workbook.worksheets:
            raise TableError("empty")
        sheet = workbook.worksheets[0]
        # The sheet's own <dimension> may claim A1:XFD1048576; without it, each row is as
        # wide as its last cell and no padding rows follow the last one.
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > EXCEL_MAX_ROWS:  # openpyxl fills a gap to <row r="999999999"> row by row
                raise TableError("unreadable_xlsx")
            yield number, ["" if cell is None else str(cell) for cell in row]
    except TableError:
        raise
    except Exception:  # as above, also for a cell openpyxl cannot convert
        raise TableError("unreadable_xlsx") from None
    finally:
        workbook.close()


def check_xlsx_archive(data: bytes, *, max_rows: int = MAX_ROWS) -> None:
    """Refuse an XLSX archive that is damaged, unpacks too large, or holds more than a table
    within the limits can, before any XML parser sees it. The sizes in the zip directory are
    binding: Python's zipfile stops at the declared size and fails on the checksum."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive, max_rows)
    except TableError:
        raise
    except Exception:  # a damaged archive, an encrypted part, an unknown compression
        raise TableError("unreadable_xlsx") from None


def _check_archive(archive: zipfile.ZipFile, max_rows: int) -> None:
    parts = archive.infolist()
    if len(parts) > MAX_XLSX_PARTS:
        raise TableError("xlsx_too_many_parts", limit=MAX_XLSX_PARTS)
    if sum(part.file_size for part in parts) > MAX_XLSX_UNPACKED:
        raise TableError("xlsx_unpacked", limit_mb=MAX_XLSX_UNPACKED // (1024 * 1024))
    elements = rows = 0
    for part in parts:
        streamed = _STREAMED_PART.fullmatch(part.filename) is not None
        if not streamed and part.file_size > MAX_XLSX_PART:
            raise TableError(
                "xlsx_part_too_large",
                part=part.filename[:60],
                limit_mb=MAX_XLSX_PART // (1024 * 1024),
            )
        part_elements, part_rows = _scan_part(archive, part, streamed=streamed)
        elements += part_elements
        rows += part_rows
        # Formatted blank rows are <row> elements too, so this leaves room for them; the
        # exact cap counts the rows that hold something, while reading.
        if rows > 2 * max_rows + 1:
            raise TableError("too_many_rows", limit=max_rows)
        if elements > MAX_XLSX_ELEMENTS:
            raise TableError("xlsx_too_big", limit=MAX_XLSX_ELEMENTS // 2)


def _scan_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, *, streamed: bool):
    """(XML elements, <row> elements) in a part, unpacked chunk by chunk. A tag split between
    two chunks may be counted once too often, which only errs on the safe side."""
    elements = rows = 0
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            elements += (
                chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?") - chunk.count(b"<!")
            )
            if streamed:
                rows += chunk.count(b"<row ") + chunk.count(b"<row>")
                if _has_long_text(chunk):
                    raise TableError("text_too_long", limit=MAX_CELL_CHARS)
    return elements, rows


def _has_long_text(chunk: bytes) -> bool:
    """Whether a block of MAX_XLSX_TEXT_RUN bytes holds no tag. Chunks are whole blocks, so
    any stretch of twice that without a tag fills a block; no cell's text is that long."""
    size = MAX_XLSX_TEXT_RUN
    return any(chunk.find(b"<", at, at + size) < 0 for at in range(0, len(chunk) - size + 1, size))


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
