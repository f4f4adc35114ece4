from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from samspill.core.figures import amount, machine_number, number, percent

NBSP = "\u00a0"
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("language", "fte", "large", "change", "money"),
    [
        ("en", "0.27", "260,000", "+1.0", "225,001 NOK"),
        ("nb", "0,27", f"260{NBSP}000", "+1,0", f"225{NBSP}001 NOK"),
    ],
)
def test_figures_follow_the_active_language(language, fte, large, change, money):
    with translation.override(language):
        assert number(Decimal("0.26666"), 2) == fte
        assert number(260000) == large
        assert number(1, 1, sign=True) == change
        assert percent(Decimal("0.889")) == "89 %"
        assert percent(Decimal("-0.18")) == f"{MINUS}18 %"
        assert amount(Decimal("225000.5"), "NOK") == money


def test_machine_numbers_ignore_the_language():
    with translation.override("nb"):
        assert machine_number(Decimal("-2.51555"), 4) == "-2.5156"
        assert machine_number(None, 4) == ""


def render(source: str, language: str, **values) -> str:
    with translation.override(language):
        return Template("{% load figures %}" + source).render(Context(values))


@pytest.mark.parametrize(
    ("source", "value", "english", "norwegian"),
    [
        ("{{ v|number:2 }}", Decimal("0.267"), "0.27", "0,27"),
        ("{{ v|number }}", 260000, "260,000", f"260{NBSP}000"),
        ("{{ v|number:1 }}", 12.25, "12.3", "12,3"),
        ("{{ v|signed_number:1 }}", 1, "+1.0", "+1,0"),
        ("{{ v|signed_number }} %", -18, f"{MINUS}18 %", f"{MINUS}18 %"),
        ("{{ v|percent }}", 0.889, "89 %", "89 %"),
        ("{{ v|percent:1 }}", Decimal("0.1234"), "12.3 %", "12,3 %"),
        ("{{ v|number }}", None, "—", "—"),
        ("{{ v|percent }}", "", "—", "—"),
        ("{{ v|number }}", "not a number", "—", "—"),
    ],
)
def test_template_filters_round_half_up_in_both_languages(source, value, english, norwegian):
    assert render(source, "en", v=value) == english
    assert render(source, "nb", v=value) == norwegian
