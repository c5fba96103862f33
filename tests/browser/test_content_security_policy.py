"""The app works under its own Content-Security-Policy, and a violation fails the tests.

Every browser test's ``page`` fails on a CSP violation (tests/browser/conftest.py); these
tests show the check works, walk each kind of page, and load basemap tiles from another
origin (what the configured tile host in img-src is for).
"""

from __future__ import annotations

import base64

import pytest
from conftest import click_map, open_map
from servers import serve_in_thread

from geoapp import create_app

pytestmark = pytest.mark.browser

#: A 1×1 PNG: what the stand-in tile server answers for every tile.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def wait_for_violation(page) -> None:
    for _ in range(50):
        if page.csp_violations:
            return
        page.wait_for_timeout(20)


def test_a_violation_is_caught_and_the_inline_script_never_runs(page, live_server):
    page.goto(f"{live_server}/areas")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ranInline = true'; document.body.append(s);"
        " const img = document.createElement('img'); img.src = 'https://tiles.example/x.png';"
        " document.body.append(img); }"
    )
    wait_for_violation(page)
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ranInline") is None
    directives = {report.split(" ")[0] for report in page.csp_violations}
    assert {"script-src-elem", "img-src"} <= directives, page.csp_violations
    assert page.outside_requests == []  # refused by the policy before the network guard
    page.csp_violations.clear()  # seen; the fixture checks for any others


def test_each_kind_of_page_works_without_a_violation(page, live_server):
    response = page.goto(f"{live_server}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    open_map(page, live_server)
    click_map(page, 51.9038, -0.1966)
    assert "Hertfordshire" in page.locator("#panel").inner_text()
    page.locator("[data-embed-area='']").first.click()
    page.frame_locator("#embed-preview").locator("#map-view[data-map-ready=true]").wait_for()
    page.keyboard.press("Escape")
    for path in ("/areas", "/areas/E37000017", "/search?q=Barnsley", "/ogc?f=html", "/x"):
        page.goto(live_server + path)
        assert page.locator("h1").count() == 1, path
    page.locator("#site-search-input").click()
    page.keyboard.type("Stevenage")
    page.locator("#site-search-listbox [role=option]").first.wait_for()
    page.goto(f"{live_server}/embed?area=E37000017")
    page.wait_for_selector("#map-view[data-map-ready=true]")
    assert page.csp_violations == []


@pytest.fixture(scope="module")
def tiled_server():
    """The app with a basemap from a tile server on another origin (another port)."""
    requested = []

    def tiles(environ, start_response):
        requested.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "image/png")])
        return [TILE]

    tile_url, tile_server = serve_in_thread(tiles)
    app = create_app({"tiles_url": tile_url + "/{z}/{x}/{y}.png"})
    url, server = serve_in_thread(app)
    yield url, tile_url, requested
    server.shutdown()
    tile_server.shutdown()


def test_basemap_tiles_from_the_configured_host_are_allowed(page, tiled_server):
    url, tile_url, requested = tiled_server
    response = page.goto(url + "/")
    assert f"img-src 'self' data: {tile_url};" in response.headers["content-security-policy"]
    open_map(page, url)
    page.wait_for_selector("img.leaflet-tile-loaded")
    assert requested
    assert page.csp_violations == []
