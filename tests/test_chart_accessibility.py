"""Every chart drawn on the server names itself, describes its data and titles its axes, and
its text is at least 12 px: 12 user units in an SVG as wide as its viewBox (pages keep that
width and scroll the chart inside its box on a phone; the e2e crawl measures it in a browser)."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest

from method.dpia import RiskLevel
from method.kpis import Status
from samspill.documents.charts import Series, line_chart
from samspill.dpia.charts import MapLabels, MapPoint, risk_map
from samspill.kpis.presenting import kpi_chart
from samspill.surveys.charts import trend_chart

ROOT = Path(__file__).resolve().parent.parent / "samspill"


def strip_ns(element: ET.Element) -> ET.Element:
    for node in element.iter():
        node.tag = node.tag.rsplit("}", 1)[-1]
    return element


def kpi_card(unit: str, period: str = "month"):
    return SimpleNamespace(
        points=[(dt.date(2026, m, 1), v) for m, v in [(6, 40.0), (7, 55.0), (8, 61.0)]],
        kpi=SimpleNamespace(name="Adoption", target=60.0, unit=unit, period=period),
        status=Status.ON_TARGET,
    )


CHARTS = {
    "line_chart": lambda: line_chart(
        [Series("Base", "#1f6f6b", [1, -2, 3]), Series("Low", "#c8663a", [0, 1, 2])],
        x_labels=["1", "", "3"],
        point_names=["1", "2", "3"],
        format_value=str,
        title="Cash flow by month",
        x_title="Month after start",
        y_title="Cumulative cash flow (NOK)",
    ),
    "kpi_chart_percent": lambda: kpi_chart(kpi_card("percent")),
    "kpi_chart_score_weekly": lambda: kpi_chart(kpi_card("score", "week")),
    "kpi_chart_count": lambda: kpi_chart(kpi_card("count")),
    "survey_trend": lambda: trend_chart(
        ["March", "June"], [("All", [12.0, None]), ("IT", [-5.0, 20.0])], "NPS per survey"
    ),
    "risk_map": lambda: risk_map(
        [MapPoint(1, "Bias", 3, 2), MapPoint(2, "Drift", 1, 4)],
        MapLabels(
            title="Risk map",
            severity="Severity",
            likelihood="Likelihood",
            levels={1: "Negligible", 2: "Limited", 3: "Significant", 4: "Maximum"},
            zones={zone: zone.value for zone in RiskLevel},
        ),
    ),
}


def font_sizes(root: ET.Element):
    """(text, effective font-size in user units) for every <text>, inheriting from parents."""

    def walk(node, size):
        size = float(node.get("font-size", size))
        if node.tag == "text":
            yield "".join(node.itertext()), size
        for child in node:
            yield from walk(child, size)

    yield from walk(root, 16.0)


@pytest.mark.parametrize("name", CHARTS)
def test_chart_has_a_name_a_description_and_titled_axes(name):
    svg = CHARTS[name]()
    root = strip_ns(ET.fromstring(svg))  # noqa: S314 - our own output
    assert root.get("role") == "img" and root.get("aria-label")
    assert root.findtext("title") == root.get("aria-label")
    assert root.findtext("desc"), "the data as text for screen readers"
    axis_titles = [t for t in root.iter("text") if t.get("class") == "axis-title"]
    assert len(axis_titles) == 2 and all("".join(t.itertext()).strip() for t in axis_titles)
    assert "chart-svg" in root.get("class", "").split()
    _x, _y, box_width, _h = (float(v) for v in root.get("viewBox").split())
    assert float(root.get("width")) == box_width, "drawn 1:1, so 12 units are 12 px"
    small = [(text, size) for text, size in font_sizes(root) if size < 12]
    assert small == []


def test_axis_titles_carry_the_unit():
    titles = {
        unit: [
            "".join(t.itertext())
            for t in strip_ns(ET.fromstring(kpi_chart(kpi_card(unit)))).iter("text")  # noqa: S314
            if t.get("class") == "axis-title"
        ]
        for unit in ("percent", "score", "count")
    }
    assert any("(%)" in t for t in titles["percent"])
    assert any("−100 to 100" in t for t in titles["score"])
    assert any("(count)" in t for t in titles["count"])


def test_chart_descriptions_hold_every_point():
    desc = strip_ns(ET.fromstring(CHARTS["kpi_chart_percent"]())).findtext("desc")  # noqa: S314
    assert desc.count("%") == 3 and "55" in desc and "August 2026" in desc
    trend = strip_ns(ET.fromstring(CHARTS["survey_trend"]())).findtext("desc")  # noqa: S314
    assert "All: March +12, June —." in trend


# Word-sized pictures beside text that says the same: named, but without axes.
NO_AXES = {
    "surveys/charts.py": "likert_bar: one stacked bar, its counts in its <title>",
    "surveys/templates/surveys/results.html": "a legend's colour swatch, aria-hidden",
    "controls/presenting.py": "history_chart: a strip of weekly verdicts, each square titled",
    "stakeholders/templatetags/stakeholder_tags.py": "sparkline beside the stance it sums up",
    "core/qr.py": "a QR code, not a chart",
}
CHECKED = {"documents/charts.py", "kpis/presenting.py", "surveys/charts.py", "dpia/charts.py"}


def test_every_svg_drawing_module_is_checked_here():
    drawing = {
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*")
        if path.suffix in {".py", ".html"}
        and "tests" not in path.parts
        and "static" not in path.parts
        and re.search(r"<svg\b", path.read_text(encoding="utf-8", errors="replace"))
    }
    assert drawing <= CHECKED | set(NO_AXES), drawing - CHECKED - set(NO_AXES)
