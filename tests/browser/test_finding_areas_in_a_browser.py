"""Finding an area without the map: search with the keyboard, area pages, the list, audits."""

from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest
from axe_audit import assert_accessible

pytestmark = pytest.mark.browser

BOX = "#site-search-input"
LISTBOX = "#site-search-listbox"


@contextmanager
def guarded_page(browser, **context_options):
    """A page in a context of its own (JavaScript off, a location…), localhost only."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, **context_options)
    page = context.new_page()
    outside, errors = [], []

    def guard(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith("data:") or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [] and outside == []


def suggest(page, text: str) -> list[str]:
    """Type ``text`` in the header's search box; return the suggestions once shown."""
    page.locator(BOX).click()
    page.keyboard.type(text)
    page.wait_for_selector(f"{LISTBOX} [role=option]")
    return page.locator(f"{LISTBOX} [role=option]").all_inner_texts()


def choose(page, presses: int) -> None:
    """Press ArrowDown ``presses`` times, then Enter, and wait for the page it opens."""
    for _ in range(presses):
        page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_stevenage_by_keyboard_opens_hertfordshire(page, live_server):
    page.goto(f"{live_server}/areas")
    options = suggest(page, "Stevenage")
    assert options[0].startswith("Hertfordshire") and "council: Stevenage" in options[0]
    box = page.locator(BOX)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    page.wait_for_function(
        "() => /suggestion/.test(document.querySelector('.site-search .search-status').textContent)"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/areas/E37000017")
    assert page.locator("h1").inner_text() == "Hertfordshire"


def test_barnsley_offers_both_city_regions(page, live_server):
    for presses, code, name in (
        (1, "E37000020", "Leeds City Region"),
        (2, "E37000040", "Sheffield City Region"),
    ):
        page.goto(f"{live_server}/areas")
        options = suggest(page, "Barnsley")
        assert [o.split(" (")[0] for o in options] == ["Leeds City Region", "Sheffield City Region"]
        choose(page, presses)
        assert page.url.endswith(f"/areas/{code}")
        assert page.locator("h1").inner_text() == name
        assert "Barnsley is also in" in page.locator(".overlaps").inner_text()


def test_a_hertfordshire_postcode_opens_hertfordshire(page, live_server):
    page.goto(f"{live_server}/areas")
    options = suggest(page, "sg1 1aa")
    assert options == ["Hertfordshire (postcode SG1 1AA)"]
    choose(page, 1)
    assert page.url.endswith("/areas/E37000017")


def test_an_unknown_postcode_is_announced(page, live_server):
    page.goto(f"{live_server}/areas")
    page.locator(BOX).fill("SG1 1ZZ")
    message = page.locator(".site-search .search-message")
    message.wait_for(state="visible")
    assert "don't know the postcode SG1 1ZZ" in message.inner_text()
    page.wait_for_function(
        "() => /SG1 1ZZ/.test(document.querySelector('.site-search .search-status').textContent)"
    )


def test_escape_closes_and_enter_without_a_choice_searches(page, live_server):
    page.goto(f"{live_server}/areas")
    suggest(page, "Hert")
    page.keyboard.press("Escape")
    assert page.locator(LISTBOX).is_hidden()
    assert page.locator(BOX).get_attribute("aria-expanded") == "false"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/search?q=Hert" in page.url
    assert page.locator("#results-heading").inner_text().endswith("results")


def test_a_page_can_take_over_the_choice(page, live_server):
    # The map page may select the area on the map instead of opening its page.
    page.goto(f"{live_server}/areas")
    page.evaluate(
        "() => document.querySelector('.site-search form').addEventListener('geoapp:choose',"
        " (event) => { event.preventDefault(); window.chosen = event.detail; })"
    )
    suggest(page, "Stevenage")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.evaluate("window.chosen") == {
        "code": "E37000017",
        "name": "Hertfordshire",
        "url": "/areas/E37000017",
    }
    assert page.url.endswith("/areas")
    assert page.locator(LISTBOX).is_hidden()


def test_use_my_location_opens_the_area_there(browser, live_server):
    stevenage = {"latitude": 51.9038, "longitude": -0.1966}
    with guarded_page(browser, geolocation=stevenage, permissions=["geolocation"]) as page:
        page.goto(f"{live_server}/areas")
        with page.expect_navigation():
            page.get_by_role("button", name="Use my location").first.click()
        assert page.url.endswith("/areas/E37000017")


def test_use_my_location_in_an_overlap_offers_both(browser, live_server):
    letchworth = {"latitude": 51.979, "longitude": -0.229}
    with guarded_page(browser, geolocation=letchworth, permissions=["geolocation"]) as page:
        page.goto(f"{live_server}/areas")
        page.get_by_role("button", name="Use my location").first.click()
        links = page.locator(".site-search .search-message a")
        links.first.wait_for()
        assert links.all_inner_texts() == [
            "Hertfordshire",
            "Greater Cambridge and Greater Peterborough",
        ]
        assert page.evaluate("document.activeElement.textContent") == "Hertfordshire"


def test_area_page_and_search_work_with_javascript_off(browser, live_server):
    with guarded_page(browser, java_script_enabled=False) as page:
        page.goto(f"{live_server}/areas/hertfordshire")
        assert page.url.endswith("/areas/E37000017")
        text = page.locator("main").inner_text()
        for expected in ("1,116,300", "58,305", "609,000", "£60m", "£34m", "Stevenage"):
            assert expected in text, expected
        assert page.locator("main svg[role=img]").is_visible()
        assert page.locator(".search-locate").first.is_hidden()  # needs JavaScript
        page.locator(BOX).fill("Barnsley")
        with page.expect_navigation():
            page.locator(BOX).press("Enter")
        results = page.locator(".results").inner_text()
        assert "Leeds City Region" in results and "Sheffield City Region" in results


def test_pages_have_no_serious_accessibility_violations(page, live_server):
    for path in ("/areas/E37000017", "/areas", "/search?q=SG1+1AA"):
        page.goto(f"{live_server}{path}")
        assert_accessible(page)
    # …and with the suggestions open and one chosen.
    page.goto(f"{live_server}/search?q=Barnsley")
    page.locator("#page-search-input").fill("Barn")
    page.wait_for_selector("#page-search-listbox [role=option]")
    page.keyboard.press("ArrowDown")
    assert_accessible(page)


def test_pages_reflow_at_320_pixels_without_scrolling_sideways(browser, live_server):
    # 320 CSS pixels: a small phone, or a 1280-pixel window at 400 % zoom (WCAG 1.4.10).
    with guarded_page(browser) as page:
        page.set_viewport_size({"width": 320, "height": 640})
        for path in ("/areas/E37000017", "/areas/S92000003", "/search?q=Barnsley", "/areas"):
            page.goto(f"{live_server}{path}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, path
            assert page.locator(".search-input").first.bounding_box()["width"] > 200
        # The list's wide table scrolls inside a region that keyboard users can focus.
        region = page.get_by_role("region", name="Headline figures")
        assert region.get_attribute("tabindex") == "0"


def test_keyboard_focus_is_visible(page, live_server):
    page.goto(f"{live_server}/areas")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site title
    page.keyboard.press("Tab")  # the search box
    focused = page.evaluate(
        "() => { const e = document.activeElement, s = getComputedStyle(e);"
        " return [e.id, s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
    )
    assert focused[0] == "site-search-input"
    assert focused[1] != "none" and focused[2] != "0px"
    assert re.search(r"rgb\(255, 221, 0\)", focused[3])  # the yellow focus ring
