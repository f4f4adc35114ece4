import io
import zipfile

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from method import spreadsheet
from method.spreadsheet import (
    MAX_BYTES,
    MAX_CELL_CHARS,
    MAX_ROWS,
    TableError,
    neutralise,
    open_table,
    read_table,
    un_neutralise,
    write_csv,
    write_xlsx,
)
from tests import hostile_files


@pytest.mark.parametrize(
    "dangerous", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "=HYPERLINK()"]
)
def test_formula_cells_are_neutralised(dangerous):
    assert neutralise(dangerous) == "'" + dangerous


@pytest.mark.parametrize("safe", ["Kari", "-1", "-2.5", 3, None, ""])
def test_plain_values_and_numbers_stay(safe):
    assert neutralise(safe) == safe


@given(st.text(max_size=30))
def test_neutralise_round_trips(text):
    assert un_neutralise(neutralise(text)) == text or not isinstance(neutralise(text), str)


def test_csv_export_neutralises_header_and_cells_and_reads_back():
    data = write_csv(["=name", "stance"], [["@evil", -1], ["Kari", 2]])
    assert data.startswith(b"\xef\xbb\xbf")
    table = read_table(data, "x.csv")
    assert table.header == ["'=name", "stance"]
    assert table.rows[0][1] == ["'@evil", "-1"]


def test_xlsx_export_neutralises_and_reads_back():
    data = write_xlsx(["=name"], [["+cmd"]], title="People")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "'=name"
    assert sheet["A2"].value == "'+cmd"
    assert read_table(data, "people.xlsx").rows[0][1] == ["'+cmd"]


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("name;group\nÅse Øvre;IT\n", "utf-8-sig"),
        ("name;group\nÅse Øvre;IT\n", "cp1252"),
        ("name,group\r\nÅse Øvre,IT\r\n", "utf-8"),
        ("name\tgroup\nÅse Øvre\tIT\n", "utf-8"),
    ],
)
def test_excel_encodings_and_delimiters(raw, encoding):
    table = read_table(raw.encode(encoding), "people.csv")
    assert table.header == ["name", "group"]
    assert table.rows == [(2, ["Åse Øvre", "IT"])]


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "x.csv", "empty"),
        (b"  \n \n", "x.csv", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "photo.csv", "binary"),
        (b"PK\x03\x04 not really a zip", "x.xlsx", "unreadable_xlsx"),
        (b"a" * (MAX_BYTES + 1), "big.csv", "too_large"),
    ],
)
def test_unusable_files_raise_a_coded_error(data, name, code):
    with pytest.raises(TableError) as raised:
        read_table(data, name)
    assert raised.value.code == code


def test_blank_lines_are_skipped_and_line_numbers_kept():
    table = read_table(b"name,group\n\nKari,IT\n,\nPer,HR\n", "x.csv")
    assert [line for line, _ in table.rows] == [3, 5]


# Hostile files: each is refused with a coded error, fast, before it can take memory or time.


def _code(data: bytes, name: str, **limits) -> str:
    with pytest.raises(TableError) as raised:
        read_table(data, name, **limits)
    return raised.value.code


def test_a_zip_bomb_xlsx_is_refused_from_the_archive_directory():
    assert _code(hostile_files.zip_bomb_xlsx(), "bomb.xlsx") == "xlsx_unpacked"


def test_a_small_xlsx_of_300000_rows_is_refused_before_openpyxl_reads_it(monkeypatch):
    data = hostile_files.many_rows_xlsx(300_000, ["group", "name"], ["IT", "Kari"])
    assert len(data) < 1024 * 1024
    monkeypatch.setattr(openpyxl, "load_workbook", None)  # never reached
    with pytest.raises(TableError) as raised:
        read_table(data, "people.xlsx")
    assert (raised.value.code, raised.value.params) == ("too_many_rows", {"limit": MAX_ROWS})


def test_xlsx_rows_are_read_up_to_the_cap_and_stop_one_after_it():
    at_cap = hostile_files.many_rows_xlsx(10, ["group", "name"], ["IT", "Kari"])
    assert len(read_table(at_cap, "x.xlsx", max_rows=10).rows) == 10
    over = hostile_files.many_rows_xlsx(15, ["group", "name"], ["IT", "Kari"])
    assert _code(over, "x.xlsx", max_rows=10) == "too_many_rows"


def test_an_xlsx_with_more_cells_than_the_budget_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_XLSX_ELEMENTS", 1_000)
    data = hostile_files.many_rows_xlsx(100, ["a", "b", "c", "d"], ["1", "2", "3", "4"])
    assert _code(data, "x.xlsx") == "xlsx_too_big"


def test_an_xlsx_of_too_many_parts_is_refused():
    parts = {f"xl/media/image{n}.png": b"" for n in range(spreadsheet.MAX_XLSX_PARTS)}
    data = hostile_files.xlsx([hostile_files.row_xml(["a"])], extra_parts=parts)
    assert _code(data, "x.xlsx") == "xlsx_too_many_parts"


def test_a_part_openpyxl_parses_whole_must_be_small():
    styles = b"<styleSheet>" + b"<a/>" * (spreadsheet.MAX_XLSX_PART // 4) + b"</styleSheet>"
    data = hostile_files.xlsx([hostile_files.row_xml(["a"])], extra_parts={"xl/styles.xml": styles})
    assert _code(data, "x.xlsx") == "xlsx_part_too_large"


def test_an_xlsx_whose_directory_understates_a_part_is_unreadable():
    data = bytearray(hostile_files.many_rows_xlsx(1_000, ["group", "name"], ["IT", "Kari"]))
    entry = data.index(b"xl/worksheets/sheet1.xml", data.index(b"PK\x01\x02"))
    header = data.rindex(b"PK\x01\x02", 0, entry)
    data[header + 24 : header + 28] = (100).to_bytes(4, "little")  # uncompressed size
    assert _code(bytes(data), "x.xlsx") == "unreadable_xlsx"


def test_a_cell_in_the_last_column_is_a_row_too_wide():
    assert _code(hostile_files.wide_xlsx(), "x.xlsx") == "too_many_columns"
    wide_csv = b"group,name\n" + b"IT" + b",x" * spreadsheet.MAX_COLUMNS + b"\n"
    assert _code(wide_csv, "x.csv") == "too_many_columns"


def test_trailing_empty_cells_do_not_count_as_columns():
    # What Excel writes when a cell far to the right was once formatted.
    padding = b";" * (spreadsheet.MAX_COLUMNS + 100)
    table = read_table(b"group;name%s\r\nIT;Kari%s\r\n" % (padding, padding), "x.csv")
    assert table.header == ["group", "name"]
    assert table.rows == [(2, ["IT", "Kari"])]


def test_a_claimed_dimension_of_the_whole_sheet_is_ignored():
    start = hostile_files.SHEET_START.replace(
        b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>'
    )
    rows = hostile_files.row_xml(["group", "name"]) + hostile_files.row_xml(["IT", "Kari"])
    data = hostile_files.xlsx([])  # the other parts; the sheet is replaced below
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for part in source.infolist():
            content = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                content = start + rows + hostile_files.SHEET_END
            target.writestr(part, content)
    assert read_table(buffer.getvalue(), "x.xlsx").rows == [(2, ["IT", "Kari"])]


def test_a_row_far_beyond_excels_last_is_unreadable():
    far = b'<row r="100000000"><c t="inlineStr"><is><t>x</t></is></c></row>'
    data = hostile_files.xlsx([hostile_files.row_xml(["group", "name"]), far])
    assert _code(data, "x.xlsx") == "unreadable_xlsx"


@pytest.mark.parametrize(
    ("cell", "code"),
    [("x" * (MAX_CELL_CHARS + 1), "cell_too_long"), ("x" * 1_000_000, "text_too_long")],
)
def test_a_cell_longer_than_excel_allows_is_refused(cell, code):
    data = hostile_files.xlsx(
        [hostile_files.row_xml(["group", "name"]), hostile_files.row_xml(["IT", cell])]
    )
    assert _code(data, "x.xlsx") == code


@pytest.mark.parametrize(
    ("field", "code"),
    [("x" * (MAX_CELL_CHARS + 1), "cell_too_long"), ("x" * 200_000, "text_too_long")],
)
def test_a_csv_field_longer_than_excel_allows_is_refused(field, code):
    assert _code(f"group,name\nIT,{field}\n".encode(), "x.csv") == code


def test_a_csv_of_a_million_rows_stops_at_the_cap():
    data = hostile_files.many_rows_csv(1_000_000)
    assert len(data) < MAX_BYTES
    with pytest.raises(TableError) as raised:
        read_table(data, "people.csv")
    assert (raised.value.code, raised.value.params) == ("too_many_rows", {"limit": MAX_ROWS})


def test_rows_are_streamed_and_the_cap_is_found_while_iterating():
    stream = open_table(hostile_files.many_rows_csv(100), "x.csv", max_rows=10)
    assert stream.header == ["group", "name"]
    assert next(stream.rows) == (2, ["a", "b"])
    with pytest.raises(TableError, match="too_many_rows"):
        list(stream.rows)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (hostile_files.garbage(), "binary"),
        (hostile_files.utf16_csv(), "utf16"),
        (b"group;name\nIT;K\x81ari\n", "binary"),  # neither UTF-8 nor Windows-1252
    ],
)
def test_files_that_are_not_text_are_refused(data, code):
    assert _code(data, "people.csv") == code


def test_entities_that_expand_a_billion_times_are_unreadable():
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10 if n else "lol"}">' for n in range(10))
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE w [{entities}]>'.encode()
        + hostile_files.SHEET_START.split(b"?>", 1)[1]
        + b'<row><c t="inlineStr"><is><t>&l9;</t></is></c></row>'
        + hostile_files.SHEET_END
    )
    buffer = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(hostile_files.xlsx([])))
    with zipfile.ZipFile(buffer, "w") as target:
        for part in source.infolist():
            is_sheet = part.filename == "xl/worksheets/sheet1.xml"
            target.writestr(part, sheet if is_sheet else source.read(part))
    assert _code(buffer.getvalue(), "x.xlsx") == "unreadable_xlsx"
