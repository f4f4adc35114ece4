"""Figures in the active language: the one way pages, documents and the CLI write numbers.

A thin layer over `method.figures`, which rounds half up and never cuts (see its docstring
for the conventions). Pages follow the interface language; documents and facts run under
`translation.override(project.language)` and so follow the project's; management commands
run in English. CSV and JSON take `machine_number`, which is the same in every language.

Use these (or the `figures` template filters) instead of `number_format(…, decimal_pos=…)`,
`floatformat`, `round()` or `f"{x:.1f}"`: `tests/test_rounded_figures.py` fails on the
truncating ones.
"""

from django.utils.translation import get_language

from method.figures import (
    MACHINE,
    Number,
    NumberStyle,
    format_number,
    format_percent,
    round_half_up,
    style_for,
)

__all__ = [
    "amount",
    "machine_number",
    "number",
    "percent",
    "plural_count",
    "round_half_up",
    "style",
]


def style() -> NumberStyle:
    return style_for(get_language())


def number(value: Number | None, places: int = 0, *, sign: bool = False, trim: bool = False) -> str:
    """1,234.5 / 1 234,5; "—" for None. `sign` for a change (+1.0), `trim` drops zeros."""
    return format_number(value, places, style=style(), sign=sign, trim=trim)


def percent(fraction: Number | None, places: int = 0, *, sign: bool = False) -> str:
    """0.889 → "89 %"; "—" for None."""
    return format_percent(fraction, places, style=style(), sign=sign)


def amount(value: Number, currency: str) -> str:
    """Money in whole units with its currency: "225,000 NOK" / "225 000 NOK"."""
    return f"{number(value)} {currency}"


def machine_number(value: Number | None, places: int) -> str:
    """For CSV and JSON: 1234.57 and -0.5 in every language, rounded half up; "" for None."""
    return format_number(value, places, style=MACHINE)


def plural_count(value: Number | None, places: int = 0) -> int:
    """The count that picks the plural form (ngettext, blocktranslate count) for `value` as
    `number(value, places)` shows it. Shown with decimals ("1.0", "2.5") a number takes the
    plural in English and Norwegian alike; a whole number is its own count."""
    if value is None or places > 0:
        return 2
    try:
        return abs(int(round_half_up(value, 0)))
    except (TypeError, ValueError, ArithmeticError):
        return 2
