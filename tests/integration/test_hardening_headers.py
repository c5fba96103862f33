"""Security headers on every family of routes: pages, fragments, embed, JSON API, oEmbed,
downloads, OGC API (JSON and HTML), assets, errors and 304s."""

from __future__ import annotations

import pytest

from geoapp.config import Settings
from geoapp.web.headers import content_security_policy, tile_source

#: A path of each family → whether any site may frame it.
FAMILIES = {
    "/": False,
    "/?area=E37000017": False,
    "/areas": False,
    "/areas/E37000017": False,
    "/areas/hertfordshire": False,  # a redirect
    "/search?q=Stevenage": False,
    "/panel/E37000017": False,
    "/panel/at?lat=51.9&lon=-0.2": False,
    "/embed": True,
    "/embed?area=E37000017&panel=0": True,
    "/oembed?url=http://localhost/embed": False,
    "/api/areas/at?lat=51.979&lon=-0.229": False,
    "/api/search?q=Stevenage": False,
    "/api/postcodes/SG1%201AA": False,
    "/downloads/areas.geojson": False,
    "/downloads/areas.csv": False,
    "/ogc": False,
    "/ogc?f=html": False,
    "/ogc/collections/areas/items?limit=2": False,
    "/ogc/openapi": False,
    "/nowhere": False,
    "/api/nowhere": False,
    "/api/areas/at?lat=x": False,
    "/areas/" + "x" * 2000: False,  # 414
}


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    pairs = (d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    return {name: value for name, value in pairs}


def assert_hardened(response, framable: bool) -> None:
    csp = directives(response)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval', no hosts
    assert csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'self'"
    assert csp["connect-src"] == "'self'"
    assert csp["img-src"] == "'self' data:"  # the tests run without a basemap
    assert csp["frame-ancestors"] == ("*" if framable else "'self'")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=(self)" in response.headers["Permissions-Policy"].split(", ")
    assert "X-Frame-Options" not in response.headers
    assert "Server" not in response.headers  # the app adds none; the servers set "geoapp"


@pytest.mark.parametrize(("path", "framable"), FAMILIES.items(), ids=list(FAMILIES))
def test_every_family_of_routes_is_hardened(client, path, framable):
    assert_hardened(client.get(path), framable)


def test_assets_and_304s_are_hardened_too(client):
    page = client.get("/").get_data(as_text=True)
    asset = page.split('src="', 2)[1].split('"')[0]
    assert asset.startswith("/assets/")
    first = client.get(asset)
    assert_hardened(first, False)
    again = client.get(asset, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert_hardened(again, False)


def test_a_405_is_hardened_and_says_what_is_allowed(client):
    response = client.post("/api/areas/at")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert_hardened(response, False)


@pytest.mark.parametrize(
    ("tiles", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://127.0.0.1:8081/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8081"),
        ("HTTPS://Tiles.Example.org/{z}/{x}/{y}.png?key=abc", "https://Tiles.Example.org"),
        ("https://tiles-{s}.example.org/{z}/{x}/{y}.png", "https:"),  # CSP cannot say it
        ("/tiles/{z}/{x}/{y}.png", ""),  # our own: 'self' covers it
    ],
)
def test_the_tile_host_is_allowed_for_images(tiles, source):
    assert tile_source(tiles) == source
    policy = content_security_policy(Settings(tiles_url=tiles), "'self'")
    (img_src,) = [d for d in policy.split("; ") if d.startswith("img-src ")]
    assert img_src == " ".join(filter(None, ("img-src 'self' data:", source)))


def test_no_basemap_allows_no_tile_host():
    policy = content_security_policy(Settings(tiles_url="none"), "*")
    assert "img-src 'self' data:;" in policy
    assert policy.endswith("frame-ancestors *")
