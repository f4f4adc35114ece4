import pytest

from method.registry_numbers import (
    normalise_org_number,
    norwegian_check_digit,
    norwegian_org_number_problem,
)


@pytest.mark.parametrize(
    "number",
    # Brønnøysundregistrene, NAV, Equinor: real, published organisation numbers.
    ["974760673", "889640782", "923609016", "NO 974 760 673 MVA", "974 760 673"],
)
def test_real_organisation_numbers_pass(number):
    assert norwegian_org_number_problem(number) is None


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("974760674", "check_digit"),
        ("97476067", "length"),
        ("9747606733", "length"),
        ("97476067x", "digits"),
        ("", "length"),
        ("٩٧٤٧٦٠٦٧٣", "digits"),  # Arabic-Indic digits are digits to Python, not to the register
    ],
)
def test_wrong_organisation_numbers_say_why(number, problem):
    assert norwegian_org_number_problem(number) == problem


def test_a_remainder_of_one_has_no_check_digit():
    # 2 * 5 = 10, remainder 10, check digit 11 - 10 = 1; 1 * 2 = 2 would give 9. Some
    # start among the first 200 must give remainder 1, and so no valid number.
    assert norwegian_check_digit("00000005") == 1
    starts = [f"{n:08d}" for n in range(200)]
    assert any(norwegian_check_digit(s) is None for s in starts)


def test_spaces_dots_and_the_vat_suffix_are_ignored():
    assert normalise_org_number(" no 974.760.673 mva ") == "974760673"
