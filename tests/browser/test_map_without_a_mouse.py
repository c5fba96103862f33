"""The map page for keyboard and screen-reader users, small screens and zoomed text."""

import pytest
from axe_audit import assert_accessible
from conftest import click_map, open_map

pytestmark = pytest.mark.browser


def focused_label(page) -> str | None:
    return page.evaluate(
        "document.activeElement && document.activeElement.getAttribute('aria-label')"
    )


def test_hertfordshire_is_reached_and_opened_with_the_keyboard_alone(page, live_server):
    open_map(page, live_server)
    for _ in range(120):
        page.keyboard.press("Tab")
        if focused_label(page) == "Hertfordshire":
            break
    else:
        pytest.fail("Tab never reached Hertfordshire")
    page.wait_for_selector(".leaflet-tooltip")  # focus names the area, as hovering does
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'panel'")
    panel = page.locator("#panel").inner_text()
    assert "609,000" in panel and "£34m" in panel
    assert page.locator("#status").text_content() == "Showing Hertfordshire"
    assert "area=E37000017" in page.url
    page.keyboard.press("Escape")
    page.wait_for_function("document.activeElement.getAttribute('aria-label') === 'Hertfordshire'")
    assert page.locator("#status").text_content() == "Selection cleared"


def test_focus_on_an_area_is_visible(page, live_server):
    open_map(page, live_server)
    page.locator("path[aria-label='Hertfordshire']").focus()
    outline = page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle + ' ' +"
        " getComputedStyle(document.activeElement).outlineWidth"
    )
    assert outline.startswith("solid") and not outline.endswith(" 0px")


def test_search_on_the_map_page_selects_the_area_on_the_map(page, live_server):
    open_map(page, live_server)
    page.fill("#site-search-input", "Stevenage")
    page.wait_for_selector("#site-search-listbox li")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function("location.search.includes('area=E37000017')")
    assert page.url.startswith(live_server + "/?")  # still the map, not the area's page
    page.wait_for_function(
        "document.querySelector('#status').textContent === 'Showing Hertfordshire'"
    )
    assert "609,000" in page.locator("#panel").inner_text()


def test_the_map_page_has_no_serious_accessibility_violations(page, live_server):
    open_map(page, live_server)
    assert_accessible(page)
    click_map(page, 51.979, -0.229)  # both overlapping areas open in the panel
    page.select_option("#map-measure", "employment_rate_2018")
    page.locator("#legend").wait_for()
    assert_accessible(page)


def test_the_embed_has_no_serious_accessibility_violations(page, live_server):
    open_map(page, live_server + "/embed?area=E37000017")
    assert_accessible(page)


@pytest.mark.parametrize(
    ("width", "height"),
    [(320, 720), (640, 360)],  # a small phone; 1280 × 720 at 200 % zoom (in CSS pixels)
)
def test_the_map_page_reflows_when_narrow_or_zoomed(browser, live_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(live_server + "/?area=E37000017")
    page.wait_for_selector("#map-view[data-map-ready=true]", state="attached")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1  # no sideways scrolling
    assert page.locator("#map_areas").bounding_box()["height"] >= 150
    page.locator("#panel").scroll_into_view_if_needed()
    assert page.locator("#panel").is_visible()
    assert "609,000" in page.locator("#panel").inner_text()
    context.close()
