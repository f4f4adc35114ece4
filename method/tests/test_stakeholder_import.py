import pytest

from method.spreadsheet import TableError
from method.stakeholder_import import parse_people

GROUPS = {
    "it": "IT",
    "hr": "HR team",
    "hr team": "HR team",
    "union": "Union",
    "ledelsen": "Ledelsen",
}


def parse(text: str, encoding="utf-8"):
    return parse_people(text.encode(encoding), "people.csv", known_groups=GROUPS)


def codes(result):
    return [(e.line, e.column, e.code) for e in result.errors]


def test_a_good_file_gives_rows_with_defaults():
    result = parse("group,name,title,influence\nIT,Anders Nilsen,IT director,4\nhr,Hege Moen,,\n")
    assert result.errors == ()
    first, second = result.rows
    assert (first.group, first.name, first.influence, first.interest, first.stance) == (
        "IT",
        "Anders Nilsen",
        4,
        3,
        0,
    )
    assert second.group == "HR team"


def test_norwegian_headers_and_stance_words():
    result = parse(
        "Gruppe;Navn;Innflytelse;Interesse;Holdning;E-post\nIT;Åse;5;2;skeptisk;a@b.no\n"
    )
    assert result.errors == ()
    assert (result.rows[0].stance, result.rows[0].email) == (-1, "a@b.no")


def test_every_bad_row_is_named_with_its_column():
    result = parse(
        "group,name,influence,interest,stance\n"
        "IT,Ok Person,3,3,0\n"
        "IT,Too Strong,7,3,0\n"
        "Nowhere,Lost,3,3,0\n"
        f"IT,{'x' * 10_000},3,3,0\n"
        "IT,Wobbly,3,three,maybe\n"
        ",,3,3,0\n"
    )
    assert [row.name for row in result.rows] == ["Ok Person"]
    assert codes(result) == [
        (3, "influence", "out_of_range"),
        (4, "group", "unknown_group"),
        (5, "name", "too_long"),
        (6, "interest", "not_a_whole_number"),
        (6, "stance", "unknown_stance"),
        (7, "group", "required"),
        (7, "name", "required"),
    ]


def test_the_same_name_twice_in_one_file_is_an_error():
    result = parse("group,name\nIT,Kari\nHR,kari\n")
    assert codes(result) == [(3, "name", "duplicate_in_file")]


def test_missing_required_column_is_a_file_error():
    with pytest.raises(TableError) as raised:
        parse("name,title\nKari,CEO\n")
    assert (raised.value.code, raised.value.params) == ("missing_columns", {"columns": "group"})


def test_unknown_columns_are_reported_not_fatal():
    result = parse("group,name,shoe size\nIT,Kari,42\n")
    assert result.ignored_columns == ("shoe size",)
    assert len(result.rows) == 1


def test_neutralised_export_cells_import_as_their_text():
    result = parse("group,name,notes\nIT,Kari,'=not a formula\n")
    assert result.rows[0].notes == "=not a formula"


def test_signed_and_decimal_comma_numbers():
    result = parse("group;name;stance;influence\nIT;A;+2;4,0\nIT;B;-2;2\n")
    assert [(r.stance, r.influence) for r in result.rows] == [(2, 4), (-2, 2)]
    bad = parse("group;name;influence\nIT;A;2,5\n")
    assert codes(bad) == [(2, "influence", "not_a_whole_number")]


def test_the_callers_email_check_runs_on_every_row_with_the_rows_other_problems():
    checked = []

    def strict(address: str) -> str | None:
        checked.append(address)
        return "no underscores in a domain" if "_" in address.split("@")[1] else None

    result = parse_people(
        b"Gruppe;Navn;Innflytelse;E-post\n"
        b"IT;Ola Berg;7;ola@exa_mple.no\n"
        b"IT;Kari Lunde;3;kari@example.org\n"
        b"IT;Per Dahl;2;ikke-en-epost\n",
        "personer.csv",
        known_groups=GROUPS,
        email_check=strict,
    )
    assert codes(result) == [
        (2, "influence", "out_of_range"),
        (2, "email", "invalid"),
        (4, "email", "invalid_email"),
    ]
    assert result.errors[1].params == (("message", "no underscores in a domain"),)
    assert result.column_names["email"] == "E-post"
    # The shape check refuses "ikke-en-epost" first; the stricter check sees only the rest.
    assert checked == ["ola@exa_mple.no", "kari@example.org"]
    assert result.rows[0].name == "Kari Lunde"
