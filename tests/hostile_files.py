"""Hostile uploads, built in milliseconds for the tests and `make bench`.

An XLSX file is written with zipfile directly: rows without an `r` attribute are all alike,
so 300,000 of them deflate to a few hundred kilobytes, just as the file that once took a
worker down did (94 KB, 300,000 rows).
"""

import codecs
import io
import random
import zipfile
from collections.abc import Callable, Iterable, Sequence
from xml.sax.saxutils import escape

_NS = "http://schemas.openxmlformats.org/"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Types xmlns="{_NS}package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_NS}package/2006/'
    f'relationships"><Relationship Id="rId1" Type="{_NS}officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_NS}spreadsheetml/2006/main" '
    f'xmlns:r="{_NS}officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_NS}package/2006/'
    f'relationships"><Relationship Id="rId1" Type="{_NS}officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_START = (
    f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}spreadsheetml/2006/main">'
    "<sheetData>"
).encode()
SHEET_END = b"</sheetData></worksheet>"


def row_xml(cells: Sequence[str]) -> bytes:
    """One row of inline strings, without positions: they follow from the order."""
    inner = "".join(f'<c t="inlineStr"><is><t>{escape(str(cell))}</t></is></c>' for cell in cells)
    return f"<row>{inner}</row>".encode()


def xlsx(sheet_rows: Iterable[bytes], *, extra_parts: dict[str, bytes] | None = None) -> bytes:
    """A minimal workbook whose first sheet holds the given <row> elements, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_START)
            pending = bytearray()
            for row in sheet_rows:
                pending += row
                if len(pending) > 1 << 20:
                    sheet.write(pending)
                    pending.clear()
            sheet.write(bytes(pending) + SHEET_END)
        for name, content in (extra_parts or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def many_rows_xlsx(rows: int, header: Sequence[str], row: Sequence[str]) -> bytes:
    """A header and `rows` copies of one row: 300,000 rows make about 300 KB."""
    one = row_xml(row)
    return xlsx([row_xml(header), *(one for _ in range(rows))])


def zip_bomb_xlsx(unpacked_mb: int = 100) -> bytes:
    """A valid workbook whose sheet unpacks to `unpacked_mb` MB of one repeated row."""
    block = row_xml(["IT", "Kari Nordmann"]) * 10_000
    count = unpacked_mb * 1024 * 1024 // len(block) + 1
    return xlsx([row_xml(["group", "name"]), *(block for _ in range(count))])


def wide_xlsx() -> bytes:
    """A cell in column XFD, the last one: openpyxl would pad every row to 16,384 cells."""
    return xlsx(
        [
            row_xml(["group", "name"]),
            b'<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>',
        ]
    )


def many_rows_csv(rows: int, header: bytes = b"group,name\n", row: bytes = b"a,b\n") -> bytes:
    """1,000,000 rows of `a,b` make 4 MB: under the size cap, far over the row cap."""
    return header + row * rows


def garbage(size: int = 64 * 1024, seed: int = 7) -> bytes:
    """Random bytes, the same every run."""
    return random.Random(seed).randbytes(size)


def utf16_csv(text: str = "group;name\nIT;Kari Nordmann\n") -> bytes:
    """What Excel saves as "Unicode text": UTF-16 with a byte-order mark."""
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


def spreadsheet_cases(header: Sequence[str]) -> list[tuple[str, Callable[[], bytes]]]:
    """(file name, builder) of each hostile kind, for the web tests of an import; `header`
    names real columns, so that only the file's shape can be what is refused. Built when a
    test runs, not when tests are collected."""
    row = ["x"] * len(header)
    return [
        ("bomb.xlsx", zip_bomb_xlsx),
        ("rows.xlsx", lambda: many_rows_xlsx(300_000, header, row)),
        ("rows.csv", lambda: many_rows_csv(1_000_000, ",".join(header).encode() + b"\n")),
        ("wide.xlsx", wide_xlsx),
        ("garbage.csv", garbage),
        ("unicode.txt", utf16_csv),
    ]


SPREADSHEET_CASE_IDS = ["zip-bomb", "300k-row-xlsx", "1m-row-csv", "wide", "garbage", "utf16"]


# What the spreadsheet imports answer to each of spreadsheet_cases(), in order, for a
# narrow file (a pilot file's seven columns make the long XLSX a zip-size refusal).
SPREADSHEET_MESSAGES = [
    "The XLSX file unpacks to more than 64 MB.",
    "The file has more than 20,000 rows.",
    "The file has more than 20,000 rows.",
    "Line 2 has more than 200 columns.",
    "This does not look like a CSV text file.",
    "The file is saved as UTF-16 (“Unicode text”).",
]
