"""Add a person, see them on the grid, change their stance, see the trend, import with an error."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_map_journey(page, demo, screenshot, tmp_path):
    log_in(page)
    page.goto(f"/p/{demo.slug}/map/")
    expect(page.get_by_role("heading", name="Alignment")).to_be_visible()
    screenshot("10-map")

    page.get_by_role("link", name="Add a person").first.click()
    page.get_by_label("Name").fill("Sigrid Holm")
    page.get_by_label("Title").fill("Shop steward, customer service")
    page.get_by_label("Group").select_option(label="Union representatives / works council")
    page.get_by_label("Influence").select_option("5")
    page.get_by_label("Interest").select_option("1")
    page.get_by_label("Stance").select_option(label="Neutral")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Sigrid Holm added to the map.")).to_be_visible()

    # On the grid: influence 5, interest 1 is the top-left cell, "keep satisfied".
    page.get_by_role("link", name="Map", exact=True).click()
    top_left = page.locator(".power-grid tbody tr").first.locator("td").first
    expect(top_left).to_contain_text("Keep satisfied")
    expect(top_left.locator(".cell-names")).to_have_text("Sigrid Holm")
    top_left.locator("a.cell-link").click()
    expect(page).to_have_url(re.compile(r"/people/\?influence=5&interest=1"))
    page.get_by_role("link", name="Sigrid Holm").click()

    page.get_by_label("New stance").select_option(label="Resistant")
    page.get_by_label("Why (optional)").fill("Worried about monitoring of calls")
    page.get_by_role("button", name="Change stance").click()
    expect(page.get_by_text("Stance changed.")).to_be_visible()
    expect(page.get_by_text("Neutral → Resistant")).to_be_visible()
    expect(page.get_by_text("Worried about monitoring of calls")).to_be_visible()
    expect(page.locator("svg.sparkline polyline")).to_have_count(1)
    screenshot("11-person")

    bad = tmp_path / "stakeholders.csv"
    bad.write_text(
        "gruppe;navn;innflytelse;holdning\nIT;Ola Nordmann;4;positiv\nIT;Kari Nordmann;7;nøytral\n",
        encoding="cp1252",
    )
    page.goto(f"/p/{demo.slug}/people/import/")
    page.get_by_label("Stakeholder list (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Nothing was imported.")).to_be_visible()
    row = page.locator(".error-table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("innflytelse")  # the column as the file names it
    expect(row).to_contain_text("7 is outside 1 to 5")
    page.console_errors.clear()  # Chromium logs the 400 status of the refused import
    screenshot("12-import-error")
    assert not demo.people.filter(name__in=["Ola Nordmann", "Kari Nordmann"]).exists()

    page.get_by_label("Stakeholder list (CSV or XLSX)").set_input_files(
        "docs/samples/stakeholders.csv"
    )
    page.get_by_role("button", name="Import").click()
    # Only Kari Lunde differs from the demo (title and notes); nobody is added twice.
    expect(page.get_by_text("Imported: 0 added, 1 updated, 4 unchanged.")).to_be_visible()
    assert demo.people.filter(name="Kari Lunde").get().notes == "Holds the budget"
