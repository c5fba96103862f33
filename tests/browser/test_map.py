"""What a person does on the map page, in a real browser."""

import re

import pytest
from conftest import click_map, map_point, open_map, zoom_to
from pages import HERTFORDSHIRE_AS_PUBLISHED

pytestmark = pytest.mark.browser


def test_clicking_stevenage_shows_hertfordshire_as_published(page, live_server):
    open_map(page, live_server)
    click_map(page, 51.9038, -0.1966)
    panel = page.locator("#panel")
    assert panel.locator("h2").first.text_content() == "Hertfordshire"
    text = panel.inner_text()
    for expected in HERTFORDSHIRE_AS_PUBLISHED:
        assert expected in text, expected
    assert page.locator("#status").text_content() == "Showing Hertfordshire"


def test_clicking_letchworth_shows_both_overlapping_areas(page, live_server):
    open_map(page, live_server)
    click_map(page, 51.979, -0.229)
    names = page.locator("#panel .area-name").all_text_contents()
    assert names == ["Hertfordshire", "Greater Cambridge and Greater Peterborough"]
    assert "This place is in 2 areas" in page.locator("#panel").inner_text()


def test_clicking_barnsley_shows_leeds_and_sheffield(page, live_server):
    open_map(page, live_server)
    click_map(page, 53.5526, -1.4797)
    names = page.locator("#panel .area-name").all_text_contents()
    assert names == ["Leeds City Region", "Sheffield City Region"]


def test_clicking_scotland_shows_the_nation_without_figures(page, live_server):
    open_map(page, live_server)
    click_map(page, 56.8, -4.2)
    panel = page.locator("#panel")
    assert panel.locator(".area-name").all_text_contents() == ["Scotland"]
    assert "Nation" in panel.inner_text()
    assert "We do not hold this area's summary page" in panel.inner_text()


def test_an_area_without_figures_says_so(page, live_server):
    open_map(page, live_server)
    click_map(page, 50.4, -4.9)  # Cornwall
    panel = page.locator("#panel").inner_text()
    assert "Cornwall and Isles of Scilly" in panel
    assert "We do not hold this area's summary page" in panel


def test_black_country_shows_what_is_known_and_says_employment_is_not_available(page, live_server):
    open_map(page, live_server)
    click_map(page, 52.5862, -2.1288)
    panel = page.locator("#panel").inner_text()
    for expected in (
        "Black Country",
        "1,177,100",
        "40,200",
        "£4.9m",
        "No amount given",
        "Elite Centre for Manufacturing Skills",
        "£8.2m",
        "Employment figures are not available",
    ):
        assert expected in panel, expected


def test_hovering_an_area_names_it(page, live_server):
    open_map(page, live_server)
    zoom_to(page, 51.9038, -0.1966)
    page.mouse.move(*map_point(page, 51.9038, -0.1966))
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.text_content().strip() == "Hertfordshire"


def test_the_map_shows_its_attribution_in_one_line_that_expands(page, live_server):
    open_map(page, live_server)
    line = page.locator(".leaflet-control-attribution")
    assert "ONS" in line.inner_text()
    assert line.bounding_box()["height"] < 30  # one line
    assert page.locator("#attribution").is_hidden()
    button = page.get_by_role("button", name="Sources and licences")
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    lines = page.locator("#attribution").inner_text()
    assert "Contains OS data © Crown copyright and database right 2017" in lines
    assert "LPS Intellectual Property" in lines
    # The same lines are in "About the data", with what we hold, reachable from the toolbar.
    page.get_by_role("link", name="About the data").first.click()
    about = page.locator("#about-data")
    assert "Contains OS data © Crown copyright and database right 2017" in about.inner_text()
    assert re.search(r"Summary pages in full: \d+ areas?;", about.inner_text())


def test_a_selection_is_in_the_url_so_it_can_be_shared_and_back_works(page, live_server):
    open_map(page, live_server)
    click_map(page, 51.9038, -0.1966)  # Hertfordshire
    first = page.url
    assert "lat=51.90" in first
    click_map(page, 52.5862, -2.1288)  # Black Country
    assert page.locator("#panel .area-name").all_text_contents() == ["Black Country"]
    page.go_back()
    page.wait_for_function(
        "document.querySelector('#status').textContent === 'Showing Hertfordshire'"
    )
    assert page.url == first
    # The shared address opens the same selection on a fresh page, rendered by the server.
    page.goto(first)
    page.wait_for_selector("#map-view[data-map-ready=true]")
    assert page.locator("#panel .area-name").all_text_contents() == ["Hertfordshire"]


def test_without_its_boundaries_the_map_says_so_and_the_controls_still_submit(page, live_server):
    # The boundaries script and the file behind it both fail: the page says so, and the
    # "Show" button (hidden while the controls apply at once) is back to submit them.
    page.route(re.compile(r".*\.topojson\b"), lambda route: route.abort())
    page.goto(live_server + "/")
    page.wait_for_selector("#map-view[data-map-failed=true]")
    assert "could not be loaded" in page.locator("#status").text_content()
    page.select_option("#map-measure", "employment_rate_2017")
    page.locator("#map-controls button[type=submit]").click()
    page.wait_for_url(re.compile(r"measure=employment_rate_2017"))
