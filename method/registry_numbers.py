"""Checks of organisation numbers that carry a check digit.

A Norwegian organisation number (Enhetsregisteret) has nine digits; the ninth is a
modulus-11 check digit over the first eight with the weights 3, 2, 7, 6, 5, 4, 3, 2.
A remainder giving check digit 10 is never issued, so such a number is wrong.
"""

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def normalise_org_number(text: str) -> str:
    """Digits only: "NO 974 760 673 MVA" and "974760673" are the same number."""
    cleaned = text.strip().upper().removeprefix("NO").removesuffix("MVA")
    return "".join(ch for ch in cleaned if not ch.isspace() and ch not in ".-")


def norwegian_check_digit(first_eight: str) -> int | None:
    """The check digit for eight digits, or None when no valid number starts with them."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, WEIGHTS, strict=True)) % 11
    digit = (11 - remainder) % 11
    return None if digit == 10 else digit


def norwegian_org_number_problem(text: str) -> str | None:
    """Why `text` is not a valid Norwegian organisation number, or None when it is.

    The reasons are short keys ("length", "digits", "check_digit") for the caller to word.
    """
    number = normalise_org_number(text)
    if not number:
        return "length"
    if not number.isascii() or not number.isdigit():
        return "digits"
    if len(number) != 9:
        return "length"
    if norwegian_check_digit(number[:8]) != int(number[8]):
        return "check_digit"
    return None
