import io
from datetime import date, datetime

import openpyxl
import pytest

from method.pilot_import import (
    MAX_ERRORS,
    CaseError,
    PilotCase,
    parse_pilot_cases,
    pseudonymise,
)
from method.spreadsheet import TableError

KEY = b"test-key-0123456789abcdef"
OTHER_KEY = b"another-key-0123456789abcdef"
HEADER = "case_id,decided_on,department,ai_decision,human_decision,minutes,arm"


def parse(text: str, encoding="utf-8", filename="pilot.csv", **options):
    return parse_pilot_cases(text.encode(encoding), filename, key=KEY, **options)


def codes(result):
    return [(e.row, e.column, e.code) for e in result.errors]


def test_a_good_file_gives_pseudonymised_cases():
    result = parse(
        f"{HEADER},gender,age_band,shoe size\n"
        "A-1,2025-09-01,Recruitment,advance,reject,12.5,pilot,female,55+,42\n"
        "A-2,2025-09-02,Customer service,,advance,,control,male,30-44,41\n"
    )
    assert result.ok and result.errors == ()
    first, second = result.cases
    assert first == PilotCase(
        case_key=pseudonymise("A-1", KEY),
        decided_on=date(2025, 9, 1),
        department="Recruitment",
        arm="pilot",
        ai_decision="advance",
        human_decision="reject",
        minutes=12.5,
        attributes=(),
    )
    assert (second.arm, second.ai_decision, second.minutes) == ("control", None, None)


def test_requested_attributes_are_kept_sorted_by_name_and_other_columns_ignored():
    result = parse(
        f"{HEADER},Gender,Age band,shoe size\nA-1,2025-09-01,HR,advance,advance,3,pilot,female,55+,42\n",
        attributes=["gender", "age_band"],
    )
    assert result.attributes == ("gender", "age_band")
    case = result.cases[0]
    assert case.attributes == (("age_band", "55+"), ("gender", "female"))
    assert case.attribute("gender") == "female"
    assert case.attribute("shoe size") == ""
    hash(case)  # hashable, so cases can be counted and put in sets


def test_an_unstated_attribute_is_an_empty_group_not_an_error():
    result = parse(
        f"{HEADER},gender\nA-1,2025-09-01,HR,advance,advance,,pilot,\n", attributes=["gender"]
    )
    assert result.cases[0].attributes == (("gender", ""),)


def test_excel_csv_with_bom_semicolons_norwegian_dates_and_comma_decimals():
    text = (
        "Saksnr;Dato;Avdeling;KI-beslutning;Beslutning;Minutter;Gruppe;Kjønn\n"
        "1001;01.09.2025;Rekruttering;ja;nei;12,5;pilot;kvinne\n"
        "1002;2.9.2025;Rekruttering;;JA;18;kontroll;mann\n"
    )
    result = parse(
        text,
        encoding="utf-8-sig",
        decision_values={"ja": "advance", "nei": "reject"},
        attributes=["kjønn"],
    )
    assert result.errors == ()
    first, second = result.cases
    assert (first.decided_on, first.minutes, first.ai_decision, first.human_decision) == (
        date(2025, 9, 1),
        12.5,
        "advance",
        "reject",
    )
    assert (second.decided_on, second.arm, second.human_decision) == (
        date(2025, 9, 2),
        "control",
        "advance",
    )
    assert first.attributes == (("kjønn", "kvinne"),)


def test_cp1252_file_reads():
    text = "case_id;decided_on;department;ai_decision;human_decision;arm\nA-1;01.09.2025;Lønn og personal;advance;advance;pilot\n"
    assert parse(text, encoding="cp1252").cases[0].department == "Lønn og personal"


def test_xlsx_with_date_cells_and_numbers():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "case_id",
            "decided_on",
            "department",
            "ai_decision",
            "human_decision",
            "minutes",
            "arm",
            "age_band",
        ]
    )
    sheet.append(
        [1001, date(2025, 9, 1), "Recruitment", "advance", "advance", 12.5, "pilot", "55+"]
    )
    sheet.append(
        [1002, datetime(2025, 9, 2, 14, 30), "Recruitment", None, "reject", 7, "control", "30-44"]
    )
    sheet.append(["1003", "03.09.2025", "Recruitment", "reject", "reject", "9,5", "pilot", "30-44"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = parse_pilot_cases(buffer.getvalue(), "pilot.xlsx", key=KEY, attributes=["age_band"])
    assert result.errors == ()
    assert [(c.decided_on, c.minutes) for c in result.cases] == [
        (date(2025, 9, 1), 12.5),
        (date(2025, 9, 2), 7.0),
        (date(2025, 9, 3), 9.5),
    ]
    # A number cell and a text cell with the same id are the same case.
    assert result.cases[0].case_key == pseudonymise("1001", KEY)


def test_mapped_decision_values_also_accept_the_canonical_words():
    result = parse(
        f"{HEADER}\nA-1,2025-09-01,HR,Videre,avslag,,pilot\nA-2,2025-09-01,HR,advance,Reject,,pilot\n",
        decision_values={"videre": "advance", "avslag": "reject"},
    )
    assert [(c.ai_decision, c.human_decision) for c in result.cases] == [
        ("advance", "reject"),
        ("advance", "reject"),
    ]


def test_a_decision_map_to_other_words_is_refused():
    with pytest.raises(ValueError):
        parse(f"{HEADER}\n", decision_values={"ja": "yes"})


def test_missing_required_columns_are_named_at_the_header():
    result = parse("case_id,decided_on,department,arm\nA-1,2025-09-01,HR,pilot\n")
    assert codes(result) == [
        (1, "ai_decision", "missing_column"),
        (1, "human_decision", "missing_column"),
    ]
    assert result.cases == ()


def test_the_minutes_column_may_be_left_out():
    result = parse(
        "case_id,decided_on,department,ai_decision,human_decision,arm\nA-1,2025-09-01,HR,advance,advance,pilot\n"
    )
    assert result.cases[0].minutes is None


def test_a_requested_attribute_missing_from_the_header_is_an_error():
    result = parse(
        f"{HEADER},gender\nA-1,2025-09-01,HR,advance,advance,3,pilot,female\n",
        attributes=["gender", "age_band"],
    )
    assert codes(result) == [(1, "age_band", "missing_attribute")]


def test_two_columns_for_one_field_are_an_error():
    result = parse(f"{HEADER},dato\nA-1,2025-09-01,HR,advance,advance,3,pilot,2025-09-01\n")
    assert codes(result) == [(1, "dato", "duplicate_column")]


def test_every_bad_cell_is_named_with_row_and_column_and_nothing_is_imported():
    result = parse(
        f"{HEADER}\n"
        "A-1,2025-09-01,HR,advance,advance,12,pilot\n"
        "A-2,2025-02-30,HR,advance,advance,12,pilot\n"
        "A-3,next week,HR,maybe,advance,12,pilot\n"
        "A-4,2025-09-01,HR,advance,advance,-3,trial\n"
        "A-5,2025-09-01,HR,,advance,twelve,pilot\n"
        ",,,,,,\n"
        "A-7,,,advance,,nan,control\n"
    )
    assert result.cases == ()
    assert codes(result) == [
        (3, "decided_on", "bad_date"),
        (4, "decided_on", "bad_date"),
        (4, "ai_decision", "unknown_decision"),
        (5, "arm", "unknown_arm"),
        (5, "minutes", "negative"),
        (6, "ai_decision", "required_in_pilot"),
        (6, "minutes", "not_a_number"),
        (8, "decided_on", "required"),
        (8, "department", "required"),
        (8, "human_decision", "required"),
        (8, "minutes", "not_a_number"),
    ]
    unknown = result.errors[2]
    assert unknown.params == {"value": "maybe", "allowed": "advance, reject"}


def test_a_row_of_empty_cells_is_skipped_like_a_blank_line():
    result = parse(f"{HEADER}\nA-1,2025-09-01,HR,advance,advance,12,pilot\n,,,,,,\n")
    assert len(result.cases) == 1


def test_an_overlong_department_is_refused():
    result = parse(f"{HEADER}\nA-1,2025-09-01,{'x' * 500},advance,advance,12,pilot\n")
    assert result.errors == (CaseError(2, "department", "too_long", {"limit": 120, "length": 500}),)


def test_the_same_case_id_twice_is_an_error():
    result = parse(
        f"{HEADER}\nA-1,2025-09-01,HR,advance,advance,,pilot\nA-1,2025-09-02,HR,,reject,,control\n"
    )
    assert result.errors == (CaseError(3, "case_id", "duplicate_in_file", {"first_row": 2}),)


def test_an_empty_file_is_a_table_error():
    with pytest.raises(TableError) as raised:
        parse("")
    assert raised.value.code == "empty"


def test_the_callers_size_limits_reach_read_table():
    with pytest.raises(TableError) as raised:
        parse(
            f"{HEADER}\nA-1,2025-09-01,HR,advance,advance,,pilot\nA-2,2025-09-01,HR,advance,advance,,pilot\n",
            max_rows=1,
        )
    assert raised.value.code == "too_many_rows"


def test_a_header_only_file_has_no_cases():
    result = parse(f"{HEADER}\n")
    assert codes(result) == [(1, "", "no_cases")]


def test_a_one_row_file_gives_one_case():
    result = parse(f"{HEADER}\nA-1,2025-09-01,HR,advance,advance,12,pilot")
    assert len(result.cases) == 1 and result.ok


def test_a_file_full_of_errors_lists_up_to_the_limit_and_counts_the_rest():
    rows = "".join(f"A-{n},someday,HR,advance,advance,,pilot\n" for n in range(MAX_ERRORS + 50))
    result = parse(f"{HEADER}\n{rows}")
    assert len(result.errors) == MAX_ERRORS + 1
    last = result.errors[-1]
    assert (last.row, last.code, last.params) == (
        MAX_ERRORS + 2,
        "too_many_errors",
        {"limit": MAX_ERRORS, "more": 50, "stopped": False},
    )


def test_the_case_key_is_not_the_id_and_is_stable_for_one_key_only():
    key = pseudonymise("A-1", KEY)
    assert key != "A-1" and "A-1" not in key
    assert len(key) == 16 and int(key, 16) >= 0
    assert pseudonymise("A-1", KEY) == key == pseudonymise(" A-1 ", KEY)
    assert pseudonymise("A-1", OTHER_KEY) != key
    assert pseudonymise("A-2", KEY) != key


def test_a_short_key_is_refused():
    with pytest.raises(ValueError):
        parse_pilot_cases(f"{HEADER}\n".encode(), "pilot.csv", key=b"short")


def test_the_raw_case_id_is_nowhere_in_the_parse():
    result = parse(f"{HEADER}\nSECRET-CASE-77,2025-09-01,HR,advance,advance,12,pilot\n")
    assert "SECRET-CASE-77" not in repr(result)


@pytest.mark.parametrize(
    ("header", "names"),
    [
        (
            "case_id,decided_on,department,ai_decision,human_decision,minutes,arm",
            (
                "case_id",
                "decided_on",
                "department",
                "ai_decision",
                "human_decision",
                "minutes",
                "arm",
            ),
        ),
        (
            "Saksnr;Dato;Avdeling;KI-beslutning;Beslutning;Minutter;Gruppe",
            ("Saksnr", "Dato", "Avdeling", "KI-beslutning", "Beslutning", "Minutter", "Gruppe"),
        ),
    ],
)
def test_all_problems_of_all_rows_come_in_one_pass_named_as_the_file_names_them(header, names):
    case_id, day, department, ai, human, minutes, arm = names
    sep = ";" if ";" in header else ","
    rows = [
        ["A-1", "someday", "", "maybe", "perhaps", "-3", "pilot"],  # five problems in one row
        ["A-2", "2025-09-01", "HR", "advance", "advance", "12", "pilot"],  # good
        ["A-1", "31.02.2025", "HR", "", "reject", "lots", "pilot"],  # three, and a duplicate
        ["", "2025-09-02", "HR", "", "advance", "", "neither"],  # two
    ]
    text = header + "\n" + "".join(sep.join(row) + "\n" for row in rows)
    result = parse(text)
    assert result.cases == ()
    assert codes(result) == [
        (2, department, "required"),
        (2, day, "bad_date"),
        (2, human, "unknown_decision"),
        (2, ai, "unknown_decision"),
        (2, minutes, "negative"),
        (4, day, "bad_date"),
        (4, ai, "required_in_pilot"),
        (4, minutes, "not_a_number"),
        (4, case_id, "duplicate_in_file"),
        (5, case_id, "required"),
        (5, arm, "unknown_arm"),
    ]
