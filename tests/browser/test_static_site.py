"""The same journeys on the exported static site, served by nginx with no app behind it:
the point lookup, search and postcodes run in the browser (static/static-site.js)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import click_map, frame_click_map, open_map
from pages import HERTFORDSHIRE_AS_PUBLISHED
from servers import serve_in_thread

pytestmark = [pytest.mark.browser, pytest.mark.real_data]

BOX = ".site-search .search-input"
LISTBOX = ".site-search .search-suggestions"
#: Postcodes sampled for the lookup comparison (fixed seed: the same every run).
SAMPLE = 3000


def test_clicking_stevenage_shows_hertfordshire_as_published(page, static_host):
    open_map(page, static_host)
    click_map(page, 51.9038, -0.1966)
    panel = page.locator("#panel")
    assert panel.locator("h2").first.text_content() == "Hertfordshire"
    for expected in HERTFORDSHIRE_AS_PUBLISHED:
        assert expected in panel.inner_text(), expected
    assert "?lat=51.9" in page.url  # the address holds the selection


def test_clicking_letchworth_shows_both_overlapping_areas(page, static_host):
    open_map(page, static_host)
    click_map(page, 51.979, -0.229)
    names = page.locator("#panel .area-name").all_text_contents()
    assert names == ["Hertfordshire", "Greater Cambridge and Greater Peterborough"]
    assert "This place is in 2 areas" in page.locator("#panel").inner_text()


def test_the_2021_leps_and_the_sea_have_their_panels(page, static_host):
    open_map(page, static_host + "/?set=leps2021")
    page.wait_for_selector("#map-view[data-set=leps2021]")
    click_map(page, 51.9038, -0.1966)
    assert page.locator("#panel .area-name").all_text_contents() == ["Hertfordshire"]
    assert "E37000048" in page.locator("#panel").inner_text()
    click_map(page, 50.0, -8.0)
    assert "No area here" in page.locator("#panel").inner_text()


def test_an_address_with_an_area_opens_it(page, static_host):
    open_map(page, static_host + "/?area=E37000017")
    page.wait_for_selector("#panel .area-name")
    assert page.locator("#panel .area-name").all_text_contents() == ["Hertfordshire"]


def test_a_postcode_search_opens_its_area(page, static_host):
    page.goto(f"{static_host}/areas")
    page.locator(BOX).click()
    page.keyboard.type("sg6 1aa")
    page.wait_for_selector(f"{LISTBOX} [role=option]")
    options = page.locator(f"{LISTBOX} [role=option]").all_inner_texts()
    assert any("SG6 1AA" in option and "Hertfordshire" in option for option in options)
    assert any("Greater Cambridge" in option for option in options)


def test_names_and_unknown_postcodes_are_answered_as_the_server_does(page, static_host, client):
    open_map(page, static_host)
    for query in ("Barnsley", "hert", "Bristol", "SG1 1ZZ", "SG1", "JE2 3AB", "xyzzy", "E37000017"):
        static = page.evaluate(
            "q => fetch('/api/search?limit=8&q=' + encodeURIComponent(q)).then(r => r.json())",
            query,
        )
        served = client.get("/api/search", query_string={"q": query, "limit": 8}).get_json()
        assert [r["label"] for r in static["results"]] == [r["label"] for r in served["results"]], (
            query
        )
        assert [r["areas"] for r in static["results"]] == [r["areas"] for r in served["results"]], (
            query
        )
        if not served["results"] and "Did you mean" not in served["message"]:
            assert static["message"] == served["message"], query


def test_the_browser_lookup_agrees_with_the_server_for_sampled_postcodes(
    page, static_host, real_app
):
    site = real_app.extensions["geoapp"].site
    _, _, points = site.directory.finder.postcodes.contents()
    located = points[points[:, 0] != np.iinfo(np.int32).min]
    chosen = located[np.random.default_rng(13).choice(len(located), SAMPLE, replace=False)]
    lat_lon = (chosen / 100_000).tolist()
    open_map(page, static_host)
    static = page.evaluate(
        "points => Promise.all(points.map(([lat, lon]) =>"
        " window.geoappStaticLookup(document.querySelector('#map-view').dataset.defaultSet,"
        " lon, lat)))",
        lat_lon,
    )
    served = [[a.code for a in site.summaries.areas_at(lon, lat)] for lat, lon in lat_lon]
    agree = sum(s == v for s, v in zip(static, served, strict=True))
    print(f"static lookup agrees with the server for {agree}/{SAMPLE} sampled postcodes")
    assert agree == SAMPLE


class OtherSite:
    """A page on another origin (its own port) holding the embed snippet."""

    def __init__(self, body: str):
        self.html = f"<!doctype html><html lang='en'><title>Council</title><body>{body}</body>"
        self.url, self.server = serve_in_thread(self.wsgi)

    def wsgi(self, environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [self.html.encode()]


@pytest.mark.parametrize("sandbox", ["", ' sandbox="allow-scripts"'])
def test_the_embed_works_from_another_origin(page, static_host, sandbox):
    snippet = f'<iframe{sandbox} src="{static_host}/embed" title="Map" width="600" height="500">'
    other = OtherSite(snippet + "</iframe>")
    try:
        page.goto(other.url + "/")
        page.frame_locator("iframe").locator("#map-view[data-map-ready=true]").wait_for()
        frame = page.frames[1]
        frame_click_map(page, frame, 51.979, -0.229)  # Letchworth
        names = frame.locator("#panel .area-name").all_text_contents()
        assert names == ["Hertfordshire", "Greater Cambridge and Greater Peterborough"]
    finally:
        other.server.shutdown()


def test_embed_options_in_the_address_apply(page, static_host):
    open_map(page, static_host + "/embed?area=E37000017&interactive=0")
    page.wait_for_selector("#panel .area-name")
    assert page.locator("#panel .area-name").all_text_contents() == ["Hertfordshire"]
    assert page.evaluate("() => map_areas.dragging.enabled()") is False


def test_the_geojson_downloads_from_the_map_page(page, static_host):
    open_map(page, static_host)
    page.locator(".toolbar-menu summary").click()  # the "Download the data" menu
    with page.expect_download() as download:
        page.get_by_role("link", name="GeoJSON of the areas", exact=True).click()
    saved = download.value
    assert saved.suggested_filename == "industrial-strategy-local-summaries-2018-areas.geojson"
    collection = json.loads(Path(saved.path()).read_text(encoding="utf-8"))
    assert len(collection["features"]) == 41
