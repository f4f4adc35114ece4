import re

from samspill.dpia.charts import MapLabels, MapPoint, risk_map

LABELS = MapLabels(
    title="Before measures",
    severity="Severity",
    likelihood="Likelihood",
    levels={1: "Negligible", 2: "Limited", 3: "Significant", 4: "Maximum"},
    zones={"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very high"},
)


def test_the_map_is_a_4_by_4_grid_with_each_risk_placed():
    svg = risk_map(
        [MapPoint(1, "Access", 4, 1), MapPoint(2, "Loss", 1, 4), MapPoint(3, "Bias", 4, 1)],
        LABELS,
    )
    assert svg.count('width="80" height="80"') == 16
    assert svg.count("<circle") == 3
    assert "<title>1. Access</title>" in svg and "<title>3. Bias</title>" in svg


def test_the_map_uses_attributes_not_css():
    # Drawn by presentation attributes alone, so it looks the same in the exported document
    # as on the page. Its only classes are the shared chart hooks (the 1:1 drawing width and
    # the axis titles, see tests/test_chart_accessibility.py); they change nothing drawn.
    svg = risk_map([MapPoint(1, "Access", 2, 2)], LABELS)
    assert "style" not in svg
    classes = {name for value in re.findall(r'class="([^"]*)"', svg) for name in value.split()}
    assert classes == {"chart-svg", "axis-title"}
    assert 'fill="' in svg and 'stroke="' in svg and 'font-family="' in svg


def test_risk_titles_are_escaped():
    svg = risk_map([MapPoint(1, "<script>alert(1)</script>", 2, 2)], LABELS)
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_a_crowded_cell_shows_how_many_more_there_are():
    svg = risk_map([MapPoint(n, f"Risk {n}", 3, 3) for n in range(1, 13)], LABELS)
    assert svg.count("<circle") == 8
    assert ">+4</text>" in svg
