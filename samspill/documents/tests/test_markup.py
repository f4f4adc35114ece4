"""Every SVG drawn by hand is well-formed XML whatever the user named things."""

import xml.etree.ElementTree as ET

import pytest

from method.dpia import RiskLevel
from samspill.documents.charts import Series, line_chart
from samspill.documents.markup import escape, xml_safe
from samspill.dpia.charts import MapLabels, MapPoint, risk_map
from samspill.surveys.charts import likert_bar, trend_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it well-formed


HOSTILE = [
    'Tickets "AI" per week',
    "It's <b>bold</b> & </svg>",
    "bell\x07 nul\x00 escape\x1b",
    "\u202eright-to-left\u202c",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_survives_as_an_attribute_in_either_quote(text):
    for quote in ('"', "'"):
        element = parse(f"<t a={quote}{escape(text)}{quote}>{escape(text)}</t>")
        assert element.get("a") == element.text == xml_safe(text)


def test_characters_xml_cannot_hold_are_dropped():
    assert escape("a\x00b\x01c\x0bd\ufffe\tok") == "abcd\tok"


@pytest.mark.parametrize("name", HOSTILE)
def test_the_line_chart_is_well_formed_whatever_the_names(name):
    svg = line_chart(
        [Series(name, "#1f6f6b", [1, 2, 3])],
        x_labels=[name, "", name],
        format_value=lambda value: f"{name} {value}",
        title=name,
        x_title=name,
        y_title=name,
    )
    root = parse(svg)
    assert root.get("aria-label") == xml_safe(name)
    assert root.find(f"{SVG}title").text == root.get("aria-label")


@pytest.mark.parametrize("name", HOSTILE)
def test_the_risk_map_is_well_formed_whatever_the_names(name):
    labels = MapLabels(
        title=name,
        severity=name,
        likelihood=name,
        levels=dict.fromkeys(range(1, 5), name),
        zones=dict.fromkeys(RiskLevel, name),
    )
    parse(risk_map([MapPoint(1, name, 2, 3)], labels))


@pytest.mark.parametrize("name", HOSTILE)
def test_the_survey_charts_are_well_formed_whatever_the_names(name):
    parse(str(trend_chart([name, name], [(name, [10.0, None])], title=name)))
    parse(str(likert_bar({1: 2, 5: 3}, [name] * 5)))
