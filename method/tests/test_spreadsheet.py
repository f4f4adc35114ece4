import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from method.spreadsheet import (
    MAX_BYTES,
    TableError,
    neutralise,
    read_table,
    un_neutralise,
    write_csv,
    write_xlsx,
)


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
