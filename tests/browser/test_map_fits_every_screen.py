"""The map fills the screen, frames what is chosen, and works on phones and in small embeds.

Sizes: 1280×800, 1920×1080, a 390×844 touch phone, and the embed in frames of 600×400 and
320×480 on another origin. One browser and one server for the module; each test opens
its own context (a fresh tab) of the size it needs.
"""

from __future__ import annotations

import pytest
from conftest import REPORT_CSP_VIOLATIONS
from servers import HostSite

pytestmark = pytest.mark.browser

STEVENAGE = (51.9038, -0.1966)
LETCHWORTH = (51.979, -0.229)
DESKTOPS = [(1280, 800), (1920, 1080)]
PHONE = (390, 844)
FRAMES = [(600, 400), (320, 480)]
HERTFORDSHIRE, CAMBRIDGE = "E37000017", "E37000042"

#: The box of some areas on screen, and the part of the map not covered by the sheet.
BOXES = """codes => {
  const map = map_areas, box = map.getContainer().getBoundingClientRect();
  const layer = geo_json_summaries2018;
  let bounds = L.latLngBounds([]);
  layer.eachLayer(a => {
    if (codes.includes(a.feature.properties.code)) bounds.extend(a.getBounds()); });
  if (!codes.length) bounds = layer.getBounds();
  const nw = map.latLngToContainerPoint(bounds.getNorthWest());
  const se = map.latLngToContainerPoint(bounds.getSouthEast());
  const panel = document.querySelector('#panel');
  let visibleBottom = box.height;
  if (panel && !panel.hidden) {
    const p = panel.getBoundingClientRect();
    const across = p.left < box.right - 1 && p.right > box.left + 1;
    if (across && p.top < box.bottom) visibleBottom = p.top - box.top;
  }
  return {areas: {left: nw.x, top: nw.y, right: se.x, bottom: se.y},
          map: {width: box.width, height: box.height, visibleBottom: visibleBottom}};
}"""


#: The areas in the order Tab visits them.
AREA_ORDER = "[...document.querySelectorAll('path[role=button]')].map(p => p.ariaLabel)"


@pytest.fixture(scope="module")
def host_site():
    site = HostSite()
    yield site
    site.server.shutdown()


def new_page(browser, width: int, height: int, touch: bool, mobile: bool):
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=touch, is_mobile=mobile
    )
    page = context.new_page()
    page.errors = []
    context.expose_binding(
        "__reportCspViolation", lambda _source, report: page.errors.append("CSP: " + report)
    )
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.fixture()
def sized_page(browser):
    """A factory of pages of a given size; checks each for script errors when done."""
    pages = []

    def make(width: int, height: int, touch: bool = False, mobile: bool | None = None):
        pages.append(new_page(browser, width, height, touch, touch if mobile is None else mobile))
        return pages[-1]

    yield make
    for page in pages:
        page.context.close()
        assert page.errors == []


def open_map(target, url: str):
    target.goto(url)
    target.locator("#map-view[data-map-ready=true]").wait_for()


def embed(page, host_site, live_server: str, size: tuple[int, int], query: str = ""):
    """The embed in a frame of ``size`` on another origin, in the middle of a long page."""
    width, height = size
    filler = "<p>" + "Council news. " * 300 + "</p>"
    page.goto(
        host_site.page_with(
            f'{filler}<iframe src="{live_server}/embed{query}" width="{width}" height="{height}"'
            f' style="border:0" title="map"></iframe>{filler}'
        )
    )
    page.locator("iframe").scroll_into_view_if_needed()
    page.frame_locator("iframe").locator("#map-view[data-map-ready=true]").wait_for()
    return page.frames[1]


def boxes(frame, codes=()):
    return frame.evaluate(BOXES, list(codes))


def assert_framed(frame, codes, least_share: float = 0.35):
    """The areas lie inside the uncovered part of the map and fill a good part of it."""
    found = boxes(frame, codes)
    areas, view = found["areas"], found["map"]
    slack = 2
    assert areas["left"] >= -slack and areas["top"] >= -slack, found
    assert areas["right"] <= view["width"] + slack, found
    assert areas["bottom"] <= view["visibleBottom"] + slack, found
    share = max(
        (areas["right"] - areas["left"]) / view["width"],
        (areas["bottom"] - areas["top"]) / view["visibleBottom"],
    )
    assert share >= least_share, found


def tap_map(page, frame, lat: float, lon: float, touch: bool = False):
    """Click (or tap) the map at (lat, lon) as it is framed now; wait for the panel."""
    x, y = frame.evaluate(
        "([lat, lon]) => { const p = map_areas.latLngToContainerPoint([lat, lon]);"
        " const box = map_areas.getContainer().getBoundingClientRect();"
        " return [box.x + p.x, box.y + p.y]; }",
        [lat, lon],
    )
    if frame != page.main_frame:
        offset = frame.frame_element().bounding_box()
        x, y = x + offset["x"], y + offset["y"]
    before = frame.locator("#status").text_content()
    if touch:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)
    frame.wait_for_function(
        "before => document.querySelector('#status').textContent !== before"
        " && !document.querySelector('#panel').hasAttribute('aria-busy')",
        arg=before,
    )


#: The names of the chosen areas that touch or cover one of the map's top controls.
LABELS_ON_CONTROLS = """() => {
  const near = 2;
  const controls = [...document.querySelectorAll('.leaflet-top .leaflet-control')]
    .map(control => control.getBoundingClientRect());
  return [...document.querySelectorAll('.selection-label')].filter(label => {
    const b = label.getBoundingClientRect();
    return controls.some(c => b.left < c.right + near && b.right > c.left - near
                              && b.top < c.bottom + near && b.bottom > c.top - near);
  }).map(label => label.textContent);
}"""


def selected(frame) -> list[str]:
    return frame.evaluate("document.querySelector('#map-view').dataset.selected.split(' ')")


def overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize(("size", "least"), [(DESKTOPS[0], 0.55), (DESKTOPS[1], 0.65)])
def test_the_map_fills_the_window_and_the_uk_fills_the_map(sized_page, live_server, size, least):
    page = sized_page(*size)
    open_map(page, live_server)
    box = page.locator("#map_areas").bounding_box()
    assert box["width"] * box["height"] / (size[0] * size[1]) >= least
    # Nothing below the map: it reaches the window's bottom edge.
    assert abs(box["y"] + box["height"] - size[1]) <= 1
    assert page.evaluate("document.documentElement.scrollHeight") <= size[1]
    assert_framed(page.main_frame, [], least_share=0.85)
    # The attribution is one line, and the areas stay clear of it.
    attribution = page.locator(".leaflet-control-attribution").bounding_box()
    assert attribution["height"] < 30
    assert boxes(page.main_frame)["areas"]["bottom"] <= attribution["y"] - box["y"]


def test_the_fit_follows_the_window_until_the_map_is_moved(sized_page, live_server):
    page = sized_page(1280, 800)
    open_map(page, live_server)
    small = page.evaluate("map_areas.getZoom()")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_function(f"map_areas.getZoom() > {small} + 0.2")
    assert_framed(page.main_frame, [], least_share=0.85)
    page.locator(".leaflet-control-zoom-in").click()
    moved = page.evaluate("[map_areas.getZoom(), map_areas.getCenter().lat]")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_timeout(300)
    assert page.evaluate("map_areas.getZoom()") == moved[0]
    page.get_by_role("button", name="Whole UK").click()
    assert_framed(page.main_frame, [], least_share=0.85)


def test_every_way_of_choosing_frames_the_area(sized_page, live_server):
    page = sized_page(1280, 800)
    # ?area= and ?lat/lon
    open_map(page, f"{live_server}/?area={HERTFORDSHIRE}")
    assert_framed(page.main_frame, [HERTFORDSHIRE])
    open_map(page, f"{live_server}/?lat={LETCHWORTH[0]}&lon={LETCHWORTH[1]}")
    assert selected(page) == [HERTFORDSHIRE, CAMBRIDGE]
    assert_framed(page.main_frame, [HERTFORDSHIRE, CAMBRIDGE])
    # a click, from the whole UK
    open_map(page, live_server)
    tap_map(page, page.main_frame, *STEVENAGE)
    assert selected(page) == [HERTFORDSHIRE]
    assert_framed(page.main_frame, [HERTFORDSHIRE])
    # the keyboard: Tab to an area and press Enter; the Tab order of the areas stays the same
    order = page.evaluate(AREA_ORDER)
    page.get_by_role("button", name="Whole UK").click()
    page.locator("path[aria-label='Black Country']").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#map-view').dataset.selected === 'E37000001'")
    assert_framed(page.main_frame, ["E37000001"])
    assert page.evaluate(AREA_ORDER) == order
    # a search choice
    page.locator("#site-search-input").fill("Hertfordshire")
    page.locator("#site-search-listbox [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"document.querySelector('#map-view').dataset.selected === '{HERTFORDSHIRE}'"
    )
    assert_framed(page.main_frame, [HERTFORDSHIRE])
    # The selection is drawn with a dark line over a white halo, and named on the map.
    outline = page.evaluate(
        "[...document.querySelectorAll('.leaflet-selection-pane path')].map(p =>"
        " [p.getAttribute('stroke'), p.getAttribute('stroke-width')])"
    )
    assert ["#ffffff", "7"] in outline and ["#0b0c0c", "3"] in outline
    # (the previous choice's label fades out first)
    page.wait_for_function("() => document.querySelectorAll('.selection-label').length === 1")
    assert page.locator(".selection-label").all_text_contents() == ["Hertfordshire"]


def test_a_tap_on_a_phone_shows_the_sheet_at_once_and_it_expands(sized_page, live_server):
    page = sized_page(*PHONE, touch=True)
    open_map(page, live_server)
    box = page.locator("#map_areas").bounding_box()
    assert box["width"] * box["height"] / (PHONE[0] * PHONE[1]) >= 0.6
    # The controls fold into one menu.
    assert page.locator("#map-measure").is_hidden()
    page.get_by_role("button", name="Map options").click()
    assert page.locator("#map-measure").is_visible()
    page.get_by_role("button", name="Map options").click()
    tap_map(page, page.main_frame, *STEVENAGE, touch=True)
    name = page.locator("#panel .area-name").first
    figure = page.locator("#panel .headline dd").first
    for element in (name, figure):
        found = element.bounding_box()
        assert found["y"] >= 0 and found["y"] + found["height"] <= PHONE[1], found
    assert name.text_content() == "Hertfordshire"
    assert page.evaluate("scrollY") == 0  # nothing to scroll to
    assert_framed(page.main_frame, [HERTFORDSHIRE])
    toggle = page.locator("#panel-toggle")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#panel").bounding_box()["height"] > PHONE[1] * 0.5
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator("#panel").bounding_box()["height"] < PHONE[1] * 0.3


@pytest.mark.parametrize("size", [*DESKTOPS, PHONE])
def test_legend_stays_off_the_map_and_clear_of_the_attribution(sized_page, live_server, size):
    page = sized_page(*size, touch=size == PHONE)
    open_map(page, f"{live_server}/?measure=employment_rate_change&area={HERTFORDSHIRE}")
    legend = page.locator("#legend")
    legend.wait_for()
    legend_box = legend.bounding_box()
    assert not overlap(legend_box, page.locator("#map_areas").bounding_box())
    assert not overlap(legend_box, page.locator(".leaflet-control-attribution").bounding_box())
    # Hertfordshire's 2017 boundary has no ONS values: the legend marks the "no data" entry.
    assert "Hertfordshire: no data" in page.locator(".legend-selected").text_content()
    assert page.locator(".legend-class-selected").count() == 1


def test_the_tooltip_gives_the_value_and_the_legend_marks_it(sized_page, live_server):
    page = sized_page(1280, 800)
    open_map(page, f"{live_server}/?measure=employment_rate_2017&area=E37000001")
    page.locator("#legend").wait_for()
    marked = page.locator(".legend-class-selected")
    assert "Black Country" in marked.text_content()
    assert "Black Country: 68.3%" in page.locator(".legend-selected").text_content()
    page.locator("path[aria-label='Black Country']").focus()
    tooltip = page.locator(".leaflet-tooltip:not(.selection-label)")
    tooltip.wait_for()
    assert tooltip.inner_text().split("\n") == ["Black Country", "Employment rate, 2017: 68.3%"]


@pytest.mark.parametrize("size", FRAMES)
def test_a_small_embed_frames_the_tapped_area_above_its_sheet(
    sized_page, live_server, host_site, size
):
    page = sized_page(390, 844, touch=True)
    frame = embed(page, host_site, live_server, size)
    assert_framed(frame, [], least_share=0.75)
    attribution = frame.locator(".leaflet-control-attribution").bounding_box()
    assert attribution["height"] < 30
    tap_map(page, frame, *STEVENAGE, touch=True)
    assert selected(frame) == [HERTFORDSHIRE]
    assert_framed(frame, [HERTFORDSHIRE], least_share=0.3)
    assert frame.locator("#panel .area-name").first.is_visible()
    # The area's name is on the map, clear of "Whole UK" and the other controls.
    assert frame.locator(".selection-label").is_visible()
    assert frame.evaluate(LABELS_ON_CONTROLS) == []
    # The attribution moves above the sheet, still one line.
    attribution = frame.locator(".leaflet-control-attribution").bounding_box()
    assert not overlap(attribution, frame.locator("#panel").bounding_box())
    # ?area= frames the area above the sheet too.
    frame = embed(page, host_site, live_server, size, f"?area={HERTFORDSHIRE}")
    assert_framed(frame, [HERTFORDSHIRE], least_share=0.3)
    assert frame.evaluate(LABELS_ON_CONTROLS) == []


def test_one_finger_scrolls_the_host_page_over_an_embed(sized_page, live_server, host_site):
    # A touch screen; not Chromium's mobile emulation, under which its synthetic touches
    # scroll nothing at all.
    page = sized_page(390, 844, touch=True, mobile=False)
    frame = embed(page, host_site, live_server, (320, 480))
    box = page.locator("iframe").bounding_box()
    map_box = frame.locator("#map_areas").bounding_box()
    before = page.evaluate("scrollY")
    centre = frame.evaluate("[map_areas.getCenter().lat, map_areas.getCenter().lng]")
    # One finger, from the middle of the map upwards, as a reader scrolling on.
    x = box["x"] + map_box["x"] + map_box["width"] / 2
    y = box["y"] + map_box["y"] + map_box["height"] * 0.6
    session = page.context.new_cdp_session(page)
    session.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
    )
    for step in range(1, 11):
        session.send(
            "Input.dispatchTouchEvent",
            {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 15 * step}]},
        )
        page.wait_for_timeout(16)
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_function(f"scrollY > {before} + 60")
    assert frame.evaluate("[map_areas.getCenter().lat, map_areas.getCenter().lng]") == centre
    # ... and the map says how to move it instead.
    assert frame.locator(".gesture-hint-shown").count() == 1


def test_no_link_in_an_embed_sends_the_frame_to_a_page_that_refuses_framing(
    sized_page, live_server, host_site
):
    page = sized_page(1280, 800)
    frame = embed(page, host_site, live_server, (600, 400))
    for point in ((50.4, -4.9), STEVENAGE):  # Cornwall (no summary), then Hertfordshire
        # The point in the upper part of the map, clear of the sheet of the last choice.
        frame.evaluate(
            "([lat, lon]) => { map_areas.setView([lat, lon], 9, {animate: false});"
            " map_areas.panBy([0, map_areas.getSize().y / 4], {animate: false}); }",
            list(point),
        )
        tap_map(page, frame, *point)
        links = frame.evaluate(
            "[...document.querySelectorAll('a[href]')].map(a => [a.getAttribute('href'),"
            " a.target, a.hasAttribute('download')])"
        )
        assert links
        for href, target, download in links:
            assert target == "_blank" or download or href.startswith("#"), href
    # Following one: the frame stays on the embed; the page opens in a new tab.
    frame.locator("#panel-toggle").click()  # the full details
    with page.context.expect_page() as opened:
        frame.locator("#panel a[href*='leps2021']").first.click()
    assert "set=leps2021" in opened.value.url
    assert frame.url.startswith(f"{live_server}/embed")
    assert frame.locator("#map-view[data-map-ready=true]").count() == 1


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_toolbar_fits_on_one_line(sized_page, live_server, width):
    page = sized_page(width, 800)
    open_map(page, live_server)
    items = page.locator(".map-controls .control, .toolbar-items > .button, .toolbar-menu summary")
    found = [items.nth(i).bounding_box() for i in range(items.count())]
    middles = [box["y"] + box["height"] / 2 for box in found]
    heights = [box["height"] for box in found]
    assert max(middles) - min(middles) <= 4, middles
    assert max(heights) < 44  # nothing wrapped onto a second line
    # Each menu is wide enough for its longest option (nothing cut off), beside its label.
    for select in ("#map-set", "#map-measure"):
        widest, room = page.evaluate(OPTION_ROOM, select)
        assert widest <= room, select
        label = page.locator(f"label[for='{select[1:]}']").bounding_box()
        menu = page.locator(select).bounding_box()
        assert abs(label["y"] + label["height"] / 2 - (menu["y"] + menu["height"] / 2)) < 6


#: The width of a menu's longest option in its font, and the room the menu gives its text.
OPTION_ROOM = """select => {
  const s = document.querySelector(select), style = getComputedStyle(s);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.font;
  const widest = Math.max(...[...s.options].map(o => context.measureText(o.text).width));
  const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
  return [widest, room];
}"""
