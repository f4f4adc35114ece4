"""Text helpers shared by the base apps."""

from django.utils.text import slugify

# slugify() drops what NFKD cannot split into ASCII (ø, æ, ß), so "Sjøbod" would become
# "sjbod". These letters are written out first, the way Norwegians, Danes and Germans
# spell them without the special letters.
_SPELLED_OUT = str.maketrans(
    {
        "æ": "ae",
        "Æ": "Ae",
        "ø": "o",
        "Ø": "O",
        "å": "a",
        "Å": "A",
        "ä": "ae",
        "Ä": "Ae",
        "ö": "oe",
        "Ö": "Oe",
        "ü": "ue",
        "Ü": "Ue",
        "ß": "ss",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
    }
)


def slug_base(name: str, max_length: int = 50) -> str:
    """An ASCII slug for a name, Nordic and German letters spelled out ("Lønn og ærlighet"
    → "lonn-og-aerlighet"); empty if nothing of the name survives."""
    return slugify(name.translate(_SPELLED_OUT))[:max_length].strip("-")
