"""The app sends what its table of route families says (geoapp/web/routes.py): CORS,
Cache-Control, frame-ancestors and the error format, for answers, errors, requests no
route matched and OPTIONS."""

from __future__ import annotations

import pytest

from geoapp.web import routes
from geoapp.web.routes import ErrorFormat

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
#: The media type of each error format (the OGC API's by what the request asks for).
ERROR_TYPES = {
    ErrorFormat.PAGE: "text/html",
    ErrorFormat.PANEL: "text/html",
    ErrorFormat.JSON: "application/json",
}


def assert_as_the_table_says(response, family: routes.RouteFamily, method: str = "GET"):
    status = response.status_code
    json_error = status >= 400 and response.mimetype == "application/json"
    opened = response.headers.get(routes.CORS_HEADER) == routes.ANY_ORIGIN
    assert opened is routes.allows_cors(family, method, status, json_error)
    if family.cache is None or status >= 400 or method == "OPTIONS":
        assert "Cache-Control" not in response.headers
    else:
        assert response.headers["Cache-Control"] == family.cache
    if response.mimetype != "image/svg+xml":  # an SVG opened alone has its own policy
        policy = response.headers["Content-Security-Policy"]
        assert policy.endswith(f"frame-ancestors {family.frame_ancestors}")


@pytest.fixture(scope="module")
def asset_url(real_app) -> str:
    return "/assets/" + sorted(real_app.extensions["geoapp"].site.assets.versioned_names())[0]


@pytest.mark.parametrize(
    ("url", "family"),
    [
        ("/", routes.PAGES),
        ("/areas/E37000017", routes.PAGES),
        ("/embed?area=E37000017", routes.EMBED),
        ("/panel/E37000017", routes.PANELS),
        ("/panel/at?lat=51.8&lon=-0.2", routes.PANELS),
        ("/api/areas/at?lat=51.8&lon=-0.2", routes.API),
        ("/api/search?q=hertford", routes.API),
        ("/oembed?url=http://localhost/", routes.API),
        ("/downloads/areas.csv", routes.FILES),
        ("/images/areas/E37000017.svg", routes.FILES),
        ("/ogc/collections", routes.OGC),
        ("/ogc/collections/areas/items?limit=2", routes.OGC),
    ],
)
def test_answers(client, url, family):
    response = client.get(url)
    assert response.status_code == 200
    assert_as_the_table_says(response, family)


def test_assets(client, asset_url):
    response = client.get(asset_url)
    assert response.status_code == 200
    assert_as_the_table_says(response, routes.ASSETS)
    assert_as_the_table_says(client.get("/assets/nope.css"), routes.ASSETS)


@pytest.mark.parametrize(
    ("url", "headers", "family", "media_type"),
    [
        ("/areas/NOPE", {}, routes.PAGES, "text/html"),
        ("/search?q=" + "x" * 101, {}, routes.PAGES, "text/html"),
        ("/panel/NOPE", {}, routes.PANELS, "text/html"),
        ("/api/areas/at?lat=999&lon=0", {}, routes.API, "application/json"),
        ("/oembed?url=http://localhost/&format=xml", {}, routes.API, "application/json"),
        ("/downloads/areas/NOPE.geojson", {}, routes.FILES, "application/json"),
        ("/images/map.png?size=bad", {}, routes.FILES, "application/json"),
        ("/ogc/collections/areas/items?limit=0", {}, routes.OGC, "application/json"),
        ("/ogc/collections/nope", {"Accept": BROWSER}, routes.OGC, "text/html"),
    ],
)
def test_errors(client, url, headers, family, media_type):
    response = client.get(url, headers=headers)
    assert response.status_code in (400, 404, 501)
    assert response.mimetype == media_type
    assert_as_the_table_says(response, family)


@pytest.mark.parametrize(
    ("url", "headers", "family"),
    [
        ("/nowhere", {}, routes.PAGES),
        ("/panel/at/x/y", {}, routes.PANELS),
        ("/api/nope", {}, routes.API),
        ("/oembedx", {}, routes.API),
        ("/downloads/nope", {}, routes.FILES),
        ("/images/nope", {}, routes.FILES),
        ("/ogc/nope", {}, routes.OGC),
        ("/ogc/nope", {"Accept": BROWSER}, routes.OGC),
        ("/assets/a/b", {}, routes.ASSETS),
    ],
)
def test_paths_no_route_matched(client, url, headers, family):
    response = client.get(url, headers=headers)
    assert response.status_code == 404
    chosen = family.errors
    if chosen is ErrorFormat.OGC:
        chosen = ErrorFormat.PAGE if headers else ErrorFormat.JSON
    assert response.mimetype == ERROR_TYPES[chosen]
    assert_as_the_table_says(response, family.unmatched())


def test_a_method_no_route_takes_is_never_framed(client):
    response = client.post("/embed")
    assert response.status_code == 405
    assert_as_the_table_says(response, routes.EMBED.unmatched())


@pytest.mark.parametrize(
    ("url", "family"),
    [
        ("/", routes.PAGES),
        ("/embed", routes.EMBED),
        ("/api/areas/at", routes.API),
        ("/panel/E37000017", routes.PANELS),
        ("/downloads/areas.csv", routes.FILES),
        ("/ogc/collections", routes.OGC),
    ],
)
def test_options(client, url, family):
    response = client.options(url)
    assert response.status_code == 200
    assert_as_the_table_says(response, family, "OPTIONS")
