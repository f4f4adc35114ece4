from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from method.kpis import (
    DERIVED,
    KINDS,
    Direction,
    Kind,
    KpiRef,
    Status,
    is_derived,
    masked_rate,
    parse_date,
    parse_kpi_values,
    parse_number,
    period_start,
    status,
    trend,
)

KPIS = {
    "support tickets": KpiRef("t", "week", False, ""),
    "referrals": KpiRef("r", "month", False, "HR"),
    "adoption": KpiRef("a", "week", True, ""),
}


def test_every_kind_has_a_spec_and_the_derived_ones_are_the_computed_sources():
    assert set(KINDS) == set(Kind)
    assert {
        Kind.ADOPTION_RATE,
        Kind.STICKINESS,
        Kind.RETENTION,
        Kind.TRAINING_ENGAGEMENT,
        Kind.SUCCESS_STORIES,
        Kind.NPS,
    } == DERIVED
    assert is_derived("nps") and not is_derived("support_tickets")
    assert KINDS[Kind.SUPPORT_TICKETS].direction is Direction.LOWER


def test_status_depends_on_the_direction():
    assert status(None, 10, "higher") is Status.NO_DATA
    assert status(10, 10, "higher") is Status.ON_TARGET
    assert status(9.9, 10, "higher") is Status.BELOW_TARGET
    assert status(12, 10, "lower") is Status.BELOW_TARGET
    assert status(10, 10, "lower") is Status.ON_TARGET


def test_trend_compares_the_latest_with_the_mean_of_up_to_three_before():
    assert trend([5], "higher") is None
    up = trend([1, 10, 20, 30, 40], "higher")  # mean of 10, 20, 30 is 20
    assert up.arrow == "up" and up.change == 20 and up.improving is True
    worse = trend([40, 30], "lower")
    assert worse is not None and worse.arrow == "down" and worse.improving is True
    assert trend([50, 50.5], "higher").arrow == "flat"
    assert trend([0, 0.01], "higher").improving is None


def test_period_start_is_the_monday_or_the_first():
    assert period_start(date(2026, 9, 17), "week") == date(2026, 9, 14)
    assert period_start(date(2026, 9, 17), "month") == date(2026, 9, 1)


def test_small_bases_hide_the_rate():
    assert masked_rate(2, 4) is None
    assert masked_rate(0, 0) is None
    assert masked_rate(3, 5) == 60


@given(st.integers(0, 1000), st.integers(1, 1000))
def test_a_masked_rate_is_shown_only_from_five(part, base):
    part = min(part, base)
    rate = masked_rate(part, base)
    assert (rate is None) == (base < 5)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("12,5", 12.5),
        ("1 234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("85 %", 85),
        ("-3", -3),
        ("abc", None),
        ("1.2.3", None),
    ],
)
def test_numbers_as_excel_writes_them(text, value):
    assert parse_number(text) == value


def test_dates_iso_norwegian_and_month():
    assert parse_date("2026-09-14") == date(2026, 9, 14)
    assert parse_date("14.09.2026") == date(2026, 9, 14)
    assert parse_date("2026-09") == date(2026, 9, 1)
    assert parse_date("31.02.2026") is None


def test_parse_values_moves_dates_to_the_period_start():
    parsed = parse_kpi_values(
        ["KPI", "Dato", "Verdi", "Avdeling"],
        [
            (2, ["Support tickets", "17.09.2026", "12", ""]),
            (3, ["referrals", "2026-09-20", "3", "HR"]),
        ],
        kpis=KPIS,
    )
    assert not parsed.errors
    assert [(r.kpi, r.period, r.value) for r in parsed.rows] == [
        ("t", date(2026, 9, 14), 12.0),
        ("r", date(2026, 9, 1), 3.0),
    ]


def test_parse_values_reports_every_bad_row_and_keeps_nothing():
    parsed = parse_kpi_values(
        ["kpi", "period", "value", "group"],
        [
            (2, ["Support tickets", "2026-09-14", "4", ""]),
            (3, ["Unknown", "2026-09-14", "4", ""]),
            (4, ["adoption", "2026-09-14", "40", ""]),
            (5, ["support tickets", "14/13/2026", "x", ""]),
            (6, ["support tickets", "2026-09-16", "5", ""]),
            (7, ["referrals", "2026-09-01", "1", "IT"]),
            (8, ["", "", "", ""]),
        ],
        kpis=KPIS,
    )
    assert parsed.rows == ()
    found = {(e.line, e.column, e.code) for e in parsed.errors}
    assert found == {
        (3, "kpi", "unknown_kpi"),
        (4, "kpi", "derived_kpi"),
        (5, "period", "bad_date"),
        (5, "value", "not_a_number"),
        (6, "period", "duplicate_in_file"),
        (7, "group", "scope_mismatch"),
        (8, "kpi", "required"),
        (8, "period", "required"),
        (8, "value", "required"),
    }


def test_parse_values_needs_the_columns_and_some_rows():
    missing = parse_kpi_values(["kpi", "value"], [], kpis=KPIS)
    assert [(e.code, e.column) for e in missing.errors] == [("missing_column", "period")]
    twice = parse_kpi_values(["kpi", "date", "period", "value"], [], kpis=KPIS)
    assert twice.errors[0].code == "duplicate_column"
    empty = parse_kpi_values(["kpi", "date", "value"], [], kpis=KPIS)
    assert [e.code for e in empty.errors] == ["no_rows"]


@pytest.mark.parametrize(
    "header",
    [["kpi", "period", "value", "group"], ["Nøkkeltall", "Dato", "Verdi", "Avdeling"]],
)
def test_parse_values_names_columns_as_the_file_does_in_one_pass(header):
    kpi, period, value, scope = header
    parsed = parse_kpi_values(
        header,
        [
            (2, ["Unknown", "31.02.2026", "mange", ""]),  # three problems in one row
            (3, ["support tickets", "2026-09-14", "4", ""]),  # good
            (4, ["referrals", "", "", "IT"]),  # three
            (5, ["adoption", "x", "1", ""]),  # two
        ],
        kpis=KPIS,
    )
    assert parsed.rows == ()
    assert [(e.line, e.column, e.code) for e in parsed.errors] == [
        (2, kpi, "unknown_kpi"),
        (2, period, "bad_date"),
        (2, value, "not_a_number"),
        (4, scope, "scope_mismatch"),
        (4, period, "required"),
        (4, value, "required"),
        (5, kpi, "derived_kpi"),
        (5, period, "bad_date"),
    ]


def test_parse_values_lists_up_to_the_limit_and_counts_the_rest():
    from method.kpis import MAX_ERRORS

    rows = [(line, ["Unknown", "x", "1", ""]) for line in range(2, MAX_ERRORS + 2)]
    parsed = parse_kpi_values(["kpi", "period", "value", "group"], rows, kpis=KPIS)
    # Two problems a row: the first half of the rows fill the list, the rest are counted.
    assert len(parsed.errors) == MAX_ERRORS + 1
    last = parsed.errors[-1]
    assert (last.line, last.code, last.params) == (
        MAX_ERRORS // 2 + 2,
        "too_many_errors",
        {"limit": MAX_ERRORS, "more": MAX_ERRORS},
    )
