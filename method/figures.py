"""Numbers as people read them: rounded half up, never cut.

Django's `number_format(value, decimal_pos=n)` drops the digits after the n-th (0.267 FTE
became "0.26", an ROI of 2.5156 "251 %"), and Python's `round()` and `format(x, ".1f")`
round half to even, on the float's binary value at that (0.5 → "0", 2.675 → "2.67").
Every figure Samspill shows, on pages, in the CLI, in PDF, DOCX and CSV, is rounded here
instead: half up (away from zero), as people and spreadsheets round, on the number as it is
written (a float is taken by its shortest decimal form, so 2.675 is 2.675, not
2.67499999…). A value that rounds to zero loses its sign: never "−0".

Two kinds of style:

- **Display**, per language. English writes 1,234.5; Norwegian 1 234,5 with a no-break
  space between groups (Django's nb formats, which the UI already uses) and a decimal comma.
  Both use the real minus sign U+2212 ("−18 %"), as typesetting does; a signed change
  carries an explicit plus ("+1,0"), and zero has no sign. Percentages are "89 %", with a
  space in both languages, as the rest of the interface writes them.
- **Machine**, for CSV and JSON: a dot, the ASCII hyphen-minus and no grouping, whatever
  the reader's language, so spreadsheets and scripts parse the value in any locale. It is
  still rounded half up, never cut; a missing value is an empty cell.

No Django here: the CLI, the documents and the `method` rules can all use it. The web layer
picks the style from the active language (`samspill/core/figures.py`).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

MINUS = "\u2212"
NO_BREAK_SPACE = "\u00a0"
DASH = "—"

type Number = int | float | Decimal | str


@dataclass(frozen=True, slots=True)
class NumberStyle:
    decimal: str
    group: str  # between groups of three digits; "" for none
    minus: str
    missing: str  # what None reads as
    percent: str = " %"


ENGLISH = NumberStyle(decimal=".", group=",", minus=MINUS, missing=DASH)
NORWEGIAN = NumberStyle(decimal=",", group=NO_BREAK_SPACE, minus=MINUS, missing=DASH)
MACHINE = NumberStyle(decimal=".", group="", minus="-", missing="")


def style_for(language: str | None) -> NumberStyle:
    """The display style of a language code ("nb", "nb-NO", "en"…); English otherwise."""
    code = (language or "").lower().replace("_", "-").split("-")[0]
    return NORWEGIAN if code in ("nb", "nn", "no") else ENGLISH


def to_decimal(value: Number) -> Decimal:
    """The number as written: a float by its shortest repr, never its binary expansion."""
    if isinstance(value, bool):
        raise TypeError("a truth value is not a number")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    raise TypeError(f"not a number: {value!r}")


def round_half_up(value: Number, places: int = 0) -> Decimal:
    """`value` to `places` decimals, half away from zero (0.5 → 1, −0.5 → −1, 0.125 → 0.13)."""
    if places < 0:
        raise ValueError("places cannot be negative")
    number = to_decimal(value)
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    # Enough precision for every digit left of the point, so quantize never overflows.
    context = Context(prec=max(28, number.adjusted() + places + 2))
    result = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=context)
    return result if result else abs(result)  # −0.00 → 0.00


def machine_decimal(value: Number, places: int) -> Decimal:
    """`value` rounded half up for a CSV or XLSX cell that stays a number, without trailing
    zeros: 0.6667, 0.5, 100 (never 1E+2; str() of it is what a CSV cell holds)."""
    number = round_half_up(value, places)
    whole = number.to_integral_value()
    return whole if number == whole else number.normalize()


def _grouped(whole: str, separator: str) -> str:
    head = len(whole) % 3 or 3
    return separator.join([whole[:head], *(whole[i : i + 3] for i in range(head, len(whole), 3))])


def format_number(
    value: Number | None,
    places: int = 0,
    *,
    style: NumberStyle = ENGLISH,
    sign: bool = False,
    trim: bool = False,
) -> str:
    """`value` rounded half up to `places` decimals and written in `style`.

    `sign` puts a plus before a positive value (a change: "+1,0"); `trim` drops trailing
    zeros after rounding ("12,5" but "12", not "12,0").
    """
    if value is None:
        return style.missing
    number = round_half_up(value, places)
    whole, _point, fraction = f"{abs(number):f}".partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    if style.group:
        whole = _grouped(whole, style.group)
    text = f"{whole}{style.decimal}{fraction}" if fraction else whole
    if number < 0:
        return style.minus + text
    return "+" + text if sign and number > 0 else text


def format_percent(
    fraction: Number | None,
    places: int = 0,
    *,
    style: NumberStyle = ENGLISH,
    sign: bool = False,
) -> str:
    """A fraction as a percentage: 0.889 → "89 %", −0.18 → "−18 %"."""
    if fraction is None:
        return style.missing
    return format_number(to_decimal(fraction) * 100, places, style=style, sign=sign) + (
        style.percent
    )
