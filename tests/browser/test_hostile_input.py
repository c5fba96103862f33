"""Hostile text in the data and in the address stays text in a real browser: no dialog
fires, no injected element appears, and the page's CSP is never even tested (the
``page`` fixture fails on any violation). Map panel, tooltip, area page, list, search
results and suggestions, embed, embed dialog, and the oEmbed snippet on another site."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote

import pytest
from conftest import click_map, map_point, open_map, zoom_to
from hostile_world import HERTS, HOSTILE_FIELDS, HOSTILE_NAME, INJECTED, write_hostile_world
from servers import serve_in_thread

from geoapp import create_app

pytestmark = pytest.mark.browser

STEVENAGE = (51.9038, -0.1966)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    app = create_app(write_hostile_world(tmp_path_factory.mktemp("hostile")))
    url, server = serve_in_thread(app)
    yield url
    server.shutdown()


@pytest.fixture()
def watched(page):
    """The page, with every dialog recorded (and dismissed) as ``page.dialogs``."""
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return page


def assert_inert(page) -> None:
    """No dialog fired and no injected element exists, in the page or any of its frames."""
    page.wait_for_timeout(100)  # let any onerror/onload that slipped through run
    assert page.dialogs == []
    for frame in page.frames:
        assert frame.locator(INJECTED).count() == 0, frame.url


def test_the_map_panel_and_tooltip_show_hostile_text_as_text(watched, hostile_server):
    open_map(watched, hostile_server)
    zoom_to(watched, *STEVENAGE)
    watched.mouse.move(*map_point(watched, *STEVENAGE))
    tooltip = watched.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.text_content().strip() == HOSTILE_NAME
    click_map(watched, *STEVENAGE)
    panel = watched.locator("#panel").inner_text()
    assert HOSTILE_NAME in panel
    for field in ("case_study.name", "case_study.place", "lis_line", "note", "source.title"):
        assert HOSTILE_FIELDS[field].split("<")[0] in panel, field
    assert HOSTILE_FIELDS["case_study.name"] in panel
    assert_inert(watched)


@pytest.mark.parametrize(
    "path", [f"/areas/{HERTS}", "/areas", "/search?q=Stevenage", f"/embed?area={HERTS}"]
)
def test_pages_show_hostile_text_as_text(watched, hostile_server, path):
    watched.goto(hostile_server + path)
    if path.startswith("/embed"):
        watched.wait_for_selector("#map-view[data-map-ready=true]")
    assert HOSTILE_NAME in watched.locator("body").inner_text()
    assert_inert(watched)


def test_search_suggestions_show_hostile_text_as_text(watched, hostile_server):
    watched.goto(f"{hostile_server}/areas")
    watched.locator("#site-search-input").click()
    watched.keyboard.type("Stevenage")
    option = watched.locator("#site-search-listbox [role=option]").first
    option.wait_for()
    assert option.inner_text().startswith(HOSTILE_NAME)
    assert_inert(watched)


def test_the_embed_dialog_snippet_and_preview_stay_inert(watched, hostile_server):
    open_map(watched, hostile_server)
    watched.locator("[data-embed-area='']").first.click()
    watched.locator("#embed-area").select_option(HERTS)
    watched.wait_for_function(
        "() => document.querySelector('#embed-code').value.includes('area=E37000017')"
    )
    snippet = watched.locator("#embed-code").input_value()
    assert 'title="Hertfordshire &lt;img src=x onerror=alert(&#x27;name&#x27;)&gt;: ' in snippet
    assert "<img" not in snippet
    preview = watched.frame_locator("#embed-preview")
    preview.locator("#map-view[data-map-ready=true]").wait_for()
    assert_inert(watched)


def test_the_oembed_snippet_on_another_site_stays_inert(watched, hostile_server):
    area_page = quote(f"{hostile_server}/areas/{HERTS}", safe="")
    with urllib.request.urlopen(f"{hostile_server}/oembed?url={area_page}") as response:
        snippet = json.load(response)["html"]
    host_page = (
        "<!doctype html><html lang='en'><head><title>Council page</title></head>"
        f"<body><h1>Our area</h1>{snippet}</body></html>"
    ).encode()

    def host(_environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [host_page]

    url, server = serve_in_thread(host)
    try:
        watched.goto(url + "/")
        frame = watched.frame_locator("iframe")
        frame.locator("#map-view[data-map-ready=true]").wait_for()
        assert watched.locator("iframe").get_attribute("title").startswith(HOSTILE_NAME)
        assert HOSTILE_NAME in frame.locator("#panel").inner_text()
        assert_inert(watched)
    finally:
        server.shutdown()


@pytest.mark.parametrize(
    "path",
    [
        "/search?q=" + quote("<img src=x onerror=alert('q')>"),
        "/areas/" + quote("<img src=x onerror=alert('key')>", safe=""),
        "/?area=" + quote("<img src=x onerror=alert(1)>") + "&lat=" + quote("<svg>"),
        "/?set=" + quote("<script>alert(1)</script>") + "&measure=" + quote("<b id=injected>"),
        "/embed?area=" + quote('"><img src=x onerror=alert(1)>') + "&panel=" + quote("<svg>"),
        "/panel/" + quote("<img src=x onerror=alert(1)>", safe=""),
        "/ogc/collections/" + quote("<img src=x onerror=alert(1)>", safe="") + "?f=html",
        "/nowhere/" + quote("<script>alert(1)</script>", safe=""),
    ],
)
def test_hostile_addresses_stay_inert(watched, hostile_server, path):
    response = watched.goto(hostile_server + path)
    assert response.status < 500
    assert_inert(watched)
