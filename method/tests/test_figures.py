from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from method.figures import (
    ENGLISH,
    MACHINE,
    MINUS,
    NORWEGIAN,
    format_number,
    format_percent,
    machine_decimal,
    round_half_up,
    style_for,
    to_decimal,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "places", "english", "norwegian"),
    [
        (Decimal("0.267"), 2, "0.27", "0,27"),  # FTE: was cut to 0.26
        (0.267, 2, "0.27", "0,27"),
        (Decimal("0.26666"), 2, "0.27", "0,27"),
        (88.9, 0, "89", "89"),
        (0.5, 0, "1", "1"),  # half up, not to even
        (1.5, 0, "2", "2"),
        (2.5, 0, "3", "3"),
        (-0.5, 0, f"{MINUS}1", f"{MINUS}1"),  # half away from zero
        (0.125, 2, "0.13", "0,13"),
        (2.675, 2, "2.68", "2,68"),  # the float as written, not 2.67499999…
        (260000, 0, "260,000", f"260{NBSP}000"),
        (Decimal("225000.75"), 0, "225,001", f"225{NBSP}001"),
        (1234567.891, 2, "1,234,567.89", f"1{NBSP}234{NBSP}567,89"),
        (-1234.5, 1, f"{MINUS}1,234.5", f"{MINUS}1{NBSP}234,5"),
        (999, 0, "999", "999"),
        (1000, 0, "1,000", f"1{NBSP}000"),
        (Decimal("1E+3"), 0, "1,000", f"1{NBSP}000"),
        (7, 2, "7.00", "7,00"),
        (-0.004, 2, "0.00", "0,00"),  # never "−0.00"
        (Decimal("-0"), 0, "0", "0"),
        ("12.345", 2, "12.35", "12,35"),
    ],
)
def test_numbers_are_rounded_half_up_and_written_per_language(value, places, english, norwegian):
    assert format_number(value, places, style=ENGLISH) == english
    assert format_number(value, places, style=NORWEGIAN) == norwegian


@pytest.mark.parametrize(
    ("fraction", "places", "english", "norwegian"),
    [
        (0.889, 0, "89 %", "89 %"),  # pilot agreement: was cut to 88 %
        (Decimal("2.5156"), 0, "252 %", "252 %"),  # ROI: was cut to 251 %
        (-0.18, 0, f"{MINUS}18 %", f"{MINUS}18 %"),
        (Decimal("0.0995"), 1, "10.0 %", "10,0 %"),
        (Decimal("0.005"), 0, "1 %", "1 %"),
        (12.5, 0, "1,250 %", f"1{NBSP}250 %"),
    ],
)
def test_percentages_are_rounded_half_up(fraction, places, english, norwegian):
    assert format_percent(fraction, places, style=ENGLISH) == english
    assert format_percent(fraction, places, style=NORWEGIAN) == norwegian


def test_a_signed_change_carries_a_plus_and_the_real_minus():
    assert format_number(1.0, 1, style=NORWEGIAN, sign=True) == "+1,0"
    assert format_number(1.0, 1, style=ENGLISH, sign=True) == "+1.0"
    assert format_number(-0.25, 2, style=NORWEGIAN, sign=True) == f"{MINUS}0,25"
    assert format_percent(-0.18, style=NORWEGIAN, sign=True) == f"{MINUS}18 %"
    assert format_percent(0.18, style=NORWEGIAN, sign=True) == "+18 %"


def test_zero_has_no_sign_even_when_it_was_a_small_negative():
    assert format_number(0, sign=True) == "0"
    assert format_number(-0.4, sign=True) == "0"
    assert format_number(0.04, 1, sign=True) == "0.0"


def test_trim_drops_trailing_zeros_after_rounding():
    assert format_number(12.04, 1, trim=True) == "12"
    assert format_number(12.55, 1, trim=True) == "12.6"
    assert format_number(Decimal("1.50"), 2, style=NORWEGIAN, sign=True, trim=True) == "+1,5"


def test_machine_style_is_the_same_in_every_language():
    assert format_number(-1234.5678, 2, style=MACHINE) == "-1234.57"
    assert format_number(Decimal("0.26666"), 4, style=MACHINE) == "0.2667"
    assert format_number(None, 2, style=MACHINE) == ""


def test_missing_values_read_as_a_dash():
    assert format_number(None) == "—"
    assert format_percent(None, style=NORWEGIAN) == "—"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100.0, "100"), (0.66666666, "0.6667"), (0.5, "0.5"), (-33.33335, "-33.3334"), (0.0, "0")],
)
def test_machine_decimals_are_rounded_half_up_without_trailing_zeros(value, expected):
    assert str(machine_decimal(value, 4)) == expected


@pytest.mark.parametrize(
    ("language", "style"),
    [("nb", NORWEGIAN), ("nb-no", NORWEGIAN), ("nn", NORWEGIAN), ("en", ENGLISH), (None, ENGLISH)],
)
def test_style_follows_the_language_code(language, style):
    assert style_for(language) is style


def test_non_numbers_are_refused():
    with pytest.raises(TypeError):
        to_decimal(True)
    with pytest.raises(ValueError):
        to_decimal("twelve")
    with pytest.raises(ValueError):
        round_half_up(float("inf"))
    with pytest.raises(ValueError):
        round_half_up(1, -1)


@given(
    st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=6),
    st.integers(min_value=0, max_value=4),
)
def test_the_shown_figure_is_the_nearest_and_only_the_separators_differ(value, places):
    shown = format_number(value, places, style=MACHINE)
    half_step = Decimal(1).scaleb(-places) / 2
    assert abs(Decimal(shown) - value) <= half_step
    if abs(Decimal(shown) - value) == half_step:  # a tie goes away from zero
        assert abs(Decimal(shown)) > abs(value)
    english = format_number(value, places, style=ENGLISH)
    assert english.replace(",", "").replace(MINUS, "-") == shown
    norwegian = format_number(value, places, style=NORWEGIAN)
    assert norwegian.replace(NBSP, "").replace(",", ".").replace(MINUS, "-") == shown
