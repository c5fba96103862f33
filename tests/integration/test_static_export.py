"""The exported static site (geoapp export) served by nginx alone, read as clients would:
the same bytes and headers as the app, compressed copies, and the OGC API through GDAL."""

from __future__ import annotations

import gzip
import json
import re
import urllib.request

import brotli
import pyogrio
import pytest

pytestmark = pytest.mark.real_data

HERTFORDSHIRE = "E37000017"


def get(url: str, headers: dict | None = None):
    """Return (status, headers, body) of a GET; errors are answers too."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


@pytest.mark.parametrize(
    "path",
    [
        f"/panel/{HERTFORDSHIRE}",
        "/downloads/areas.geojson",
        "/downloads/leps2021.csv",
        "/ogc/conformance",
        "/ogc/collections/areas/items/E37000017",
    ],
)
def test_each_file_is_what_the_app_answers(static_host, static_export, client, path):
    base = f"http://127.0.0.1:{static_export[1]}/"
    status, _, body = get(static_host + path)
    assert status == 200
    assert body == client.get(path, base_url=base).get_data()


def test_pages_are_the_apps_with_the_static_script(static_host, static_export, client):
    base = f"http://127.0.0.1:{static_export[1]}/"
    for path in ("/", "/embed", "/areas", f"/areas/{HERTFORDSHIRE}"):
        _, _, body = get(static_host + path)
        page, served = body.decode(), client.get(path, base_url=base).get_data(as_text=True)
        assert "static-site." in page and "static-site." not in served
        # Apart from the script, where oEmbed is found and the links to pictures drawn on
        # request (templates/_picture_links.html), the page is the app's.
        assert "/images/" not in page, path
        assert without_pictures(page.split("<main")[1]) == without_pictures(
            served.split("<main")[1]
        ), path


def without_pictures(html: str) -> str:
    """Return ``html`` without its links to pictures of the map (the app draws those), with
    white space runs made one space (the template's left-out lines leave blanks)."""
    html = re.sub(r'<p class="picture-links">.*?</p>', "", html, flags=re.S)
    html = re.sub(r"<li[^>]*>A picture of .*?</li>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", html)


def test_the_file_answering_each_url_has_the_apps_headers(static_host):
    checks = {
        "/": ("text/html", "frame-ancestors 'self'", None),
        "/embed": ("text/html", "frame-ancestors *", None),
        "/ogc": ("application/json", "frame-ancestors 'self'", "*"),
        "/ogc/collections/areas/items": ("application/geo+json", None, "*"),
        "/ogc/openapi": ("application/vnd.oai.openapi+json;version=3.0", None, "*"),
        "/ogc/collections/areas/schema": ("application/schema+json", None, "*"),
        "/downloads/areas.geojson": ("application/geo+json", None, "*"),
    }
    for path, (content_type, frame, cors) in checks.items():
        status, headers, _ = get(static_host + path)
        assert status == 200, path
        assert headers["Content-Type"].startswith(content_type), path
        if frame:
            assert frame in headers["Content-Security-Policy"], path
        assert headers.get("Access-Control-Allow-Origin") == cors, path
        assert headers["X-Content-Type-Options"] == "nosniff"
    _, headers, _ = get(static_host + "/downloads/areas.geojson")
    assert (
        "industrial-strategy-local-summaries-2018-areas.geojson" in (headers["Content-Disposition"])
    )


def test_assets_are_cached_for_a_year_and_pages_briefly(static_host):
    _, _, page = get(static_host + "/")
    asset = page.decode().split('src="/assets/')[1].split('"')[0]
    _, headers, _ = get(f"{static_host}/assets/{asset}")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    _, headers, _ = get(static_host + "/")
    assert headers["Cache-Control"] == "public, max-age=300"


def test_text_is_sent_gzipped_and_brotli_copies_lie_beside_it(static_host, static_export):
    folder = static_export[0]
    _, headers, body = get(static_host + "/downloads/areas.geojson", {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    original = (folder / "downloads/areas.geojson").read_bytes()
    assert gzip.decompress(body) == original
    assert brotli.decompress((folder / "downloads/areas.geojson.br").read_bytes()) == original
    assert len(body) < len(original) / 2


def test_query_strings_choose_only_known_variants(static_host):
    _, headers, _ = get(static_host + "/ogc?f=html")
    assert headers["Content-Type"].startswith("text/html")
    _, headers, _ = get(static_host + "/ogc", {"Accept": "text/html,*/*"})
    assert headers["Content-Type"].startswith("text/html")
    # The query GDAL adds: a static host answers the one page holding every feature.
    status, _, body = get(static_host + "/ogc/collections/areas/items?limit=5&bbox=0,51,1,52")
    page = json.loads(body)
    assert status == 200 and page["numberReturned"] == page["numberMatched"] == 41
    assert not [link for link in page["links"] if link["rel"] == "next"]
    # Another set's panel, and an unknown one (no file name is built from the query).
    _, _, body = get(static_host + "/panel/E37000048?set=leps2021")
    assert b'data-codes="E37000048"' in body
    status, _, _ = get(static_host + "/panel/E37000017?set=../../etc")
    assert status == 200


def test_unknown_paths_and_the_manifest_get_the_sites_404(static_host):
    for path in ("/no/such/page", "/_export.json", "/_headers"):
        status, headers, body = get(static_host + path)
        assert status == 404, path
        assert b"<html" in body and headers["Content-Type"].startswith("text/html")


def test_gdal_reads_the_ogc_api_from_the_static_host(static_host, real_app):
    source = f"OAPIF:{static_host}/ogc"
    layers = dict(pyogrio.list_layers(source).tolist())
    assert set(layers) == {"areas", "leps2021"}
    for layer, set_key in (("areas", "summaries2018"), ("leps2021", "leps2021")):
        frame = pyogrio.read_dataframe(source, layer=layer)
        area_set = real_app.extensions["geoapp"].site.area_sets[set_key]
        assert sorted(frame["code"]) == sorted(area.code for area in area_set.areas)
        assert frame.crs.to_epsg() == 4326
    herts = pyogrio.read_dataframe(source, layer="areas", where=f"code = '{HERTFORDSHIRE}'")
    assert herts["name"].tolist() == ["Hertfordshire"]
    # The GeoPackage download, read a byte range at a time from the static host.
    package = pyogrio.read_dataframe(f"/vsicurl/{static_host}/downloads/areas.gpkg")
    assert len(package) == 41


def test_hosts_that_read_headers_and_redirects_files_get_them(static_export):
    folder = static_export[0]
    headers = (folder / "_headers").read_text()
    assert "/embed\n" in headers and "frame-ancestors *" in headers
    block = headers.split("/ogc/collections/areas/items/index.geojson\n")[1].split("\n/")[0]
    assert "Content-Type: application/geo+json" in block
    assert "Access-Control-Allow-Origin: *" in block
    redirects = (folder / "_redirects").read_text().splitlines()
    assert "/ogc /ogc/index.json 200!" in redirects
    assert "/ogc f=html /ogc/index.html 200!" in redirects
    # Query variants come first: the first rule that matches wins.
    assert redirects.index("/ogc f=html /ogc/index.html 200!") < redirects.index(
        "/ogc /ogc/index.json 200!"
    )


def test_the_export_holds_every_route_and_says_what_it_wrote(static_export, real_app):
    folder, _, report = static_export
    paths = {entry.path for entry in report.files}
    site = real_app.extensions["geoapp"].site
    for area in site.summaries.areas:
        assert f"/areas/{area.code}" in paths
        assert f"/panel/{area.code}" in paths
        assert f"/downloads/areas/{area.code}.geojson" in paths
        assert f"/ogc/collections/areas/items/{area.code}" in paths
        assert f"/images/areas/{area.code}.svg" in paths
    assert {"/", "/embed", "/areas", "/ogc", "/ogc/openapi", "/downloads/areas.csv"} <= paths
    assert {"/downloads/areas.gpkg", "/downloads/areas.shp.zip", "/images/map.svg"} <= paths
    assert report.skipped_rules == ["/api/postcodes/<path:postcode>"]
    assert (folder / "data/postcodes/SG6.json").is_file()
    assert report.file_count > len(report.files)
