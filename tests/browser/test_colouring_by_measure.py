"""Comparing areas on the map: another set of areas, colours by a measure, a legend."""

import pytest
from conftest import click_map, open_map

pytestmark = pytest.mark.browser


def fill_of(page, code: str, layer: str = "summaries2018") -> str:
    """The fill colour the browser draws for an area."""
    return page.evaluate(
        "([layer, code]) => { let fill = null; window['geo_json_' + layer].eachLayer(a => {"
        " if (a.feature.properties.code === code) fill = a.getElement().getAttribute('fill'); });"
        " return fill; }",
        [layer, code],
    )


def wait_for_set(page, key: str) -> None:
    page.wait_for_function(f"document.querySelector('#map-view').dataset.set === '{key}'")


def test_choosing_a_measure_and_a_set_changes_colours_legend_and_url(page, live_server):
    open_map(page, live_server)
    plain = fill_of(page, "E37000001")
    assert page.locator("#legend").is_hidden()

    page.select_option("#map-measure", "employment_rate_2017")
    page.locator("#legend").wait_for()
    legend = page.locator("#legend")
    assert legend.locator(".legend-title").text_content() == "Employment rate, 2017 (%)"
    assert legend.locator(".legend-classes li").count() == 6  # five classes and "no data"
    assert "No data (20 areas)" in legend.inner_text()
    black_country = fill_of(page, "E37000001")
    assert black_country != plain
    assert fill_of(page, "E37000017") == "#e5e5e5"  # changed boundary: no data
    assert "measure=employment_rate_2017" in page.url

    page.select_option("#map-measure", "ons_enterprises_2018")
    page.wait_for_function(
        "document.querySelector('#legend .legend-title').textContent.startsWith('Enterprises')"
    )
    assert fill_of(page, "E37000001") != black_country  # its class differs on this measure

    page.select_option("#map-set", "leps2021")
    wait_for_set(page, "leps2021")
    page.wait_for_function("location.search.includes('set=leps2021')")
    assert fill_of(page, "E37000048", "leps2021") not in (None, "#e5e5e5")
    assert "No data" not in page.locator("#legend").inner_text()

    page.go_back()
    wait_for_set(page, "summaries2018")
    assert page.locator("#map-set").input_value() == "summaries2018"
    assert fill_of(page, "E37000001") != plain

    # Back to the summary pages held: the areas get their own colours again.
    page.select_option("#map-measure", "")
    page.locator("#legend").wait_for(state="hidden")
    assert fill_of(page, "E37000001") == plain


def test_a_2017_area_whose_boundary_changed_shows_the_note_not_the_numbers(page, live_server):
    open_map(page, live_server)
    click_map(page, 51.9038, -0.1966)  # Stevenage, Hertfordshire
    panel = page.locator("#panel")
    assert "cover a different area" in panel.inner_text()
    assert "78.5" not in panel.inner_text()
    panel.get_by_role("link", name="Hertfordshire (2021)").click()
    page.wait_for_url("**set=leps2021**")
    page.wait_for_selector("#map-view[data-map-ready=true]")
    assert "78.5" in page.locator("#panel table.statistics").inner_text()
    assert "April 2021 boundaries" in page.locator("#panel").inner_text()


def test_an_unchanged_area_shows_its_statistics_in_the_2018_panel(page, live_server):
    open_map(page, live_server)
    click_map(page, 52.5862, -2.1288)  # Wolverhampton, Black Country
    table = page.locator("#panel table.statistics")
    assert "68.3" in table.inner_text() and "68.7" in table.inner_text()
    # Units in the headers, numbers right-aligned under right-aligned headers, tabular figures.
    assert "Employment rate, aged 16–64 (%)" in table.inner_text()
    cells = table.locator("td, thead th + th")
    assert cells.count() >= 12
    styles = cells.evaluate_all(
        "cells => cells.map(c => getComputedStyle(c))"
        ".map(style => [style.textAlign, style.fontVariantNumeric])"
    )
    assert all(align == "right" and "tabular-nums" in figures for align, figures in styles)
    assert "not part of the summaries" in page.locator("#panel").inner_text()
