"""The OGC API on the real data, read by GDAL's OAPIF driver and by plain HTTP."""

import gzip
import json
import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
from servers import serve_in_thread

pytestmark = pytest.mark.real_data

HERTFORDSHIRE = "E37000017"
CORNWALL = "E37000005"
#: A box around Hertfordshire (its bounds, rounded outwards).
AROUND_HERTFORDSHIRE = (-0.75, 51.6, 0.2, 52.09)
#: Hertfordshire and the areas whose shapes reach into that box: Buckinghamshire Thames
#: Valley, London, South East, South East Midlands, Greater Cambridge and Peterborough.
HERTFORDSHIRE_AND_NEIGHBOURS = {
    "E37000002",
    HERTFORDSHIRE,
    "E37000023",
    "E37000030",
    "E37000041",
    "E37000042",
}

#: Run in a child process: pyogrio holds the GIL while GDAL fetches the next page, which
#: would stall a server thread in this process.
GDAL_CLIENT = """
import json, sys, pyogrio
url = "OAPIF:" + sys.argv[1]
layers = [str(name) for name, _ in pyogrio.list_layers(url)]
frame = pyogrio.read_dataframe(url, layer="areas", PAGE_SIZE=7)
herts = frame[frame["code"] == "E37000017"].iloc[0]
boxed = pyogrio.read_dataframe(url, layer="areas", bbox=tuple(float(v) for v in sys.argv[2:]))
print(json.dumps({
    "layers": layers,
    "codes": list(frame["code"]),
    "ids": list(frame["id"]),
    "crs": frame.crs.to_string(),
    "valid": bool(frame.geometry.is_valid.all()),
    "herts": {k: herts[k] for k in ("name", "population", "people_in_employment")},
    "boxed": sorted(boxed["code"]),
}, default=float))
"""


@pytest.fixture(scope="module")
def gdal_run(real_app):
    """GDAL's reading of the API, and every request the server received meanwhile."""
    requests = []

    def recording(environ, start_response):
        requests.append((environ["PATH_INFO"], parse_qs(environ["QUERY_STRING"])))
        return real_app(environ, start_response)

    url, server = serve_in_thread(recording)
    try:
        box = [str(v) for v in AROUND_HERTFORDSHIRE]
        done = subprocess.run(
            [sys.executable, "-c", GDAL_CLIENT, f"{url}/ogc", *box],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "GDAL_HTTP_TIMEOUT": "20"},
        )
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout), requests


def test_gdal_lists_the_collection_and_reads_every_area_by_paging(gdal_run, real_app):
    result, requests = gdal_run
    assert result["layers"] == ["areas"]
    atlas = real_app.extensions["geoapp"].atlas
    assert result["codes"] == [area.code for area in atlas.areas]
    assert result["ids"] == result["codes"]
    assert result["crs"] == "EPSG:4326" and result["valid"]
    assert result["herts"] == {
        "name": "Hertfordshire",
        "population": 1116300,
        "people_in_employment": 609000,
    }
    # It paged with our next links: 7 areas a page, offsets 0, 7, …, 35.
    pages = [q for path, q in requests if path == "/ogc/collections/areas/items"]
    offsets = {int(q.get("offset", ["0"])[0]) for q in pages if q.get("limit") == ["7"]}
    assert offsets == {0, 7, 14, 21, 28, 35}


def test_gdal_bbox_around_hertfordshire_gets_it_and_its_neighbours(gdal_run):
    result, requests = gdal_run
    assert set(result["boxed"]) == HERTFORDSHIRE_AND_NEIGHBOURS
    assert any("bbox" in q for path, q in requests if path.endswith("/items"))


def test_bbox_filters_by_shape_not_just_by_bounding_box(client):
    box = ",".join(str(v) for v in AROUND_HERTFORDSHIRE)
    body = client.get(f"/ogc/collections/areas/items?bbox={box}&limit=100").get_json()
    codes = {feature["id"] for feature in body["features"]}
    assert codes == HERTFORDSHIRE_AND_NEIGHBOURS and CORNWALL not in codes
    assert body["numberMatched"] == body["numberReturned"] == len(codes)
    # Oxfordshire's bounding box reaches this box (west of -0.75 is Oxfordshire's east
    # edge, -0.87), but neither does its shape: a small box in its bounding box corner.
    corner = client.get("/ogc/collections/areas/items?bbox=-0.9,52.12,-0.88,52.16").get_json()
    assert "E37000027" not in {f["id"] for f in corner["features"]}


def test_following_next_links_walks_all_41_areas_once(client):
    url, seen = "/ogc/collections/areas/items?limit=7", []
    while url:
        page = client.get(url).get_json()
        assert page["numberMatched"] == 41 and page["numberReturned"] == len(page["features"])
        seen += [feature["id"] for feature in page["features"]]
        following = [link["href"] for link in page["links"] if link["rel"] == "next"]
        url = following[0].replace("http://localhost", "") if following else None
    assert len(seen) == 41 == len(set(seen))


def test_an_item_is_the_maps_record(client):
    atlas = client.application.extensions["geoapp"].atlas
    feature = client.get(f"/ogc/collections/areas/items/{HERTFORDSHIRE}").get_json(force=True)
    present = {k: v for k, v in feature["properties"].items() if v is not None}
    assert present == atlas.properties(atlas.get(HERTFORDSHIRE))
    assert feature["id"] == HERTFORDSHIRE


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/ogc/collections/areas/items?limit=0", 400),
        ("/ogc/collections/areas/items?limit=abc", 400),
        ("/ogc/collections/areas/items?limit=10001", 400),
        ("/ogc/collections/areas/items?offset=-3", 400),
        ("/ogc/collections/areas/items?bbox=1,2,3", 400),
        ("/ogc/collections/areas/items?bbox=a,b,c,d", 400),
        ("/ogc/collections/areas/items?bbox=0,95,1,96", 400),
        ("/ogc/collections/areas/items?f=xml", 400),
        ("/ogc/collections?f=", 400),
        ("/ogc/collections/nothing", 404),
        ("/ogc/collections/nothing/items", 404),
        ("/ogc/collections/areas/items/E99999999", 404),
        ("/ogc/collections/areas/items/E37000017/more", 404),
        ("/ogc/nowhere", 404),
    ],
)
def test_bad_requests_get_a_json_error_never_a_500(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response.content_type == "application/json"
    body = response.get_json()
    assert body["code"] and body["description"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_the_landing_page_answers_with_or_without_a_trailing_slash(client):
    assert client.get("/ogc/").get_json() == client.get("/ogc").get_json()


def test_unknown_parameters_are_ignored(client):
    response = client.get("/ogc/collections/areas/items?limit=2&foo=bar&datetime=2018")
    assert response.status_code == 200 and len(response.get_json()["features"]) == 2


@pytest.mark.parametrize(
    ("path", "accept", "expected"),
    [
        ("/ogc", "text/html,application/xhtml+xml,*/*;q=0.8", "text/html; charset=utf-8"),
        ("/ogc", "application/json", "application/json"),
        ("/ogc", "*/*", "application/json"),
        ("/ogc?f=json", "text/html", "application/json"),
        ("/ogc/conformance?f=html", "application/json", "text/html; charset=utf-8"),
        ("/ogc/collections/areas/items", "text/html", "text/html; charset=utf-8"),
        ("/ogc/collections/areas/items", "application/geo+json", "application/geo+json"),
        ("/ogc/collections/areas/items/E37000017?f=html", "", "text/html; charset=utf-8"),
        ("/ogc/openapi", "", "application/vnd.oai.openapi+json;version=3.0"),
        ("/ogc/openapi?f=html", "", "text/html; charset=utf-8"),
        ("/ogc/collections/areas/schema", "", "application/schema+json"),
    ],
)
def test_json_for_machines_html_for_browsers(client, path, accept, expected):
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == expected
    assert "Accept" in response.headers["Vary"]
    if expected.startswith("text/html"):
        html = response.get_data(as_text=True)
        assert "<h1" in html and "Open Government Licence" in html  # the footer's attribution
    else:
        json.loads(response.data)


def test_an_html_error_for_browsers(client):
    response = client.get("/ogc/collections/areas/items?limit=0&f=html")
    assert response.status_code == 400 and response.content_type.startswith("text/html")
    assert "limit" in response.get_data(as_text=True)


def test_every_link_has_a_rel_and_a_type(client):
    seen, queue = set(), ["/ogc"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        document = client.get(path, headers={"Accept": "application/json"}).get_json(force=True)
        links = document.get("links", [])
        for collection in document.get("collections", []):
            links += collection["links"]
        for link in links:
            assert link["rel"] and link["type"], (path, link)
            parts = urlsplit(link["href"])
            if parts.netloc == "localhost" and "json" in link["type"]:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert len(seen) >= 8


def test_landing_page_conformance_and_api_definition(client):
    landing = client.get("/ogc").get_json()
    rels = {link["rel"]: link for link in landing["links"]}
    assert rels["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    conformance = client.get("/ogc/conformance").get_json()["conformsTo"]
    for name in ("core", "geojson", "html", "oas30"):
        assert f"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{name}" in conformance
    definition = client.get(urlsplit(rels["service-desc"]["href"]).path).get_json(force=True)
    assert definition["openapi"].startswith("3.0")
    collection = client.get("/ogc/collections/areas").get_json()
    licence = [link for link in collection["links"] if link["rel"] == "license"]
    assert licence and licence[0]["href"].startswith("https://www.nationalarchives.gov.uk/")


def test_api_answers_are_cacheable_compressed_and_open_to_any_origin(client):
    path = "/ogc/collections/areas/items?limit=41"
    plain = client.get(path)
    assert plain.headers["Access-Control-Allow-Origin"] == "*"
    zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert len(zipped.data) < len(plain.data) / 2
    assert json.loads(gzip.decompress(zipped.data))["numberReturned"] == 41
    landing = client.get("/ogc/collections")
    etag = landing.headers["ETag"]
    data_version = client.application.extensions["geoapp"].atlas.version
    assert etag.startswith(f'"{data_version}-')
    again = client.get("/ogc/collections", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["Access-Control-Allow-Origin"] == "*"


def test_every_area_and_the_list_render_as_html(client):
    atlas = client.application.extensions["geoapp"].atlas
    listing = client.get("/ogc/collections/areas/items?f=html&limit=41").get_data(as_text=True)
    for area in atlas.areas:
        assert f"/ogc/collections/areas/items/{area.code}?f=html" in listing
        page = client.get(f"/ogc/collections/areas/items/{area.code}?f=html")
        assert page.status_code == 200, area.code
        assert area.name in page.get_data(as_text=True)
