"""The OGC API on the real data, read by GDAL's OAPIF driver and by plain HTTP."""

import gzip
import json
import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
from servers import serve_in_thread

from geoapp.outputs.tables import investment_summary

pytestmark = pytest.mark.real_data

HERTFORDSHIRE = "E37000017"
#: Hertfordshire's LEP of April 2021: a new code (it lost Cambridgeshire's overlap).
HERTFORDSHIRE_2021 = "E37000048"
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
#: The same box on the 2021 LEPs: Buckinghamshire, Hertfordshire, London, South East,
#: South East Midlands, Greater Cambridge and Greater Peterborough.
HERTFORDSHIRE_2021_AND_NEIGHBOURS = {
    "E37000043",
    HERTFORDSHIRE_2021,
    "E37000051",
    "E37000056",
    "E37000057",
    "E37000059",
}

#: Run in a child process: pyogrio holds the GIL while GDAL fetches the next page, which
#: would stall a server thread in this process.
GDAL_CLIENT = """
import json, sys, pyogrio
url = "OAPIF:" + sys.argv[1]
box = tuple(float(v) for v in sys.argv[2:])
FIELDS = {
    "areas": ("E37000017", ("name", "population", "people_in_employment")),
    "leps2021": ("E37000048", ("name", "employment_rate_2018", "ons_enterprises_2018")),
}

def read(layer):
    frame = pyogrio.read_dataframe(url, layer=layer, PAGE_SIZE=7)
    code, fields = FIELDS[layer]
    herts = frame[frame["code"] == code].iloc[0]
    return {
        "codes": list(frame["code"]),
        "ids": list(frame["id"]),
        "crs": frame.crs.to_string(),
        "valid": bool(frame.geometry.is_valid.all()),
        "herts": {k: herts[k] for k in fields},
        "boxed": sorted(pyogrio.read_dataframe(url, layer=layer, bbox=box)["code"]),
    }

layers = [str(name) for name, _ in pyogrio.list_layers(url)]
print(json.dumps({"layers": layers, **{layer: read(layer) for layer in FIELDS}}, default=float))
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


def paged_offsets(requests, collection_id: str) -> set[int]:
    """The offsets of the pages of 7 that GDAL asked the collection for."""
    pages = [q for path, q in requests if path == f"/ogc/collections/{collection_id}/items"]
    return {int(q.get("offset", ["0"])[0]) for q in pages if q.get("limit") == ["7"]}


def test_gdal_lists_both_collections(gdal_run):
    result, _ = gdal_run
    assert result["layers"] == ["areas", "leps2021"]


def test_gdal_reads_every_area_by_paging(gdal_run, real_app):
    all_results, requests = gdal_run
    result = all_results["areas"]
    area_set = real_app.extensions["geoapp"].summaries
    assert result["codes"] == [area.code for area in area_set.areas]
    assert result["ids"] == result["codes"]
    assert result["crs"] == "EPSG:4326" and result["valid"]
    assert result["herts"] == {
        "name": "Hertfordshire",
        "population": 1116300,
        "people_in_employment": 609000,
    }
    # It paged with our next links: 7 areas a page, offsets 0, 7, …, 35.
    assert paged_offsets(requests, "areas") == {0, 7, 14, 21, 28, 35}


def test_gdal_reads_every_2021_lep_and_its_statistics_by_paging(gdal_run, real_app):
    all_results, requests = gdal_run
    result = all_results["leps2021"]
    leps = real_app.extensions["geoapp"].area_sets["leps2021"]
    assert len(result["codes"]) == 38
    assert result["codes"] == [area.code for area in leps.areas]
    assert result["ids"] == result["codes"]
    assert result["crs"] == "EPSG:4326" and result["valid"]
    assert result["herts"] == {
        "name": "Hertfordshire",
        "employment_rate_2018": 78.5,
        "ons_enterprises_2018": 61765,
    }
    assert paged_offsets(requests, "leps2021") == {0, 7, 14, 21, 28, 35}


def test_gdal_bbox_around_hertfordshire_gets_it_and_its_neighbours(gdal_run):
    result, requests = gdal_run
    assert set(result["areas"]["boxed"]) == HERTFORDSHIRE_AND_NEIGHBOURS
    assert set(result["leps2021"]["boxed"]) == HERTFORDSHIRE_2021_AND_NEIGHBOURS
    boxed = {path for path, q in requests if path.endswith("/items") and "bbox" in q}
    assert boxed == {"/ogc/collections/areas/items", "/ogc/collections/leps2021/items"}


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


def test_bbox_on_the_2021_collection(client):
    box = ",".join(str(v) for v in AROUND_HERTFORDSHIRE)
    body = client.get(f"/ogc/collections/leps2021/items?bbox={box}&limit=100").get_json()
    codes = {feature["id"] for feature in body["features"]}
    assert codes == HERTFORDSHIRE_2021_AND_NEIGHBOURS
    assert body["numberMatched"] == body["numberReturned"] == len(codes)
    west_cornwall = client.get("/ogc/collections/leps2021/items?bbox=-5.8,49.9,-5,50.3")
    assert [f["id"] for f in west_cornwall.get_json()["features"]] == [CORNWALL]


@pytest.mark.parametrize(("collection_id", "count"), [("areas", 41), ("leps2021", 38)])
def test_following_next_links_walks_every_area_once(client, collection_id, count):
    url, seen = f"/ogc/collections/{collection_id}/items?limit=7", []
    while url:
        page = client.get(url).get_json()
        assert page["numberMatched"] == count
        assert page["numberReturned"] == len(page["features"])
        seen += [feature["id"] for feature in page["features"]]
        following = [link["href"] for link in page["links"] if link["rel"] == "next"]
        url = following[0].replace("http://localhost", "") if following else None
    assert len(seen) == count == len(set(seen))


@pytest.mark.parametrize(
    ("set_key", "collection_id", "code"),
    [("summaries2018", "areas", HERTFORDSHIRE), ("leps2021", "leps2021", HERTFORDSHIRE_2021)],
)
def test_an_item_is_the_maps_record(client, set_key, collection_id, code):
    area_set = client.application.extensions["geoapp"].area_sets[set_key]
    feature = client.get(f"/ogc/collections/{collection_id}/items/{code}").get_json(force=True)
    present = {k: v for k, v in feature["properties"].items() if v is not None}
    record = area_set.record(area_set.get(code))
    if "investments" in record:  # and its plain columns, for GIS tables
        record = {**record, **investment_summary(record)}
    assert present == record
    assert feature["id"] == code


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
        ("/ogc/collections/leps2021/items?limit=0", 400),
        ("/ogc/collections/leps2021/items?bbox=1,2,3", 400),
        ("/ogc/collections/nothing", 404),
        ("/ogc/collections/nothing/items", 404),
        ("/ogc/collections/nothing/items/E37000017", 404),
        ("/ogc/collections/nothing/schema", 404),
        ("/ogc/collections/leps2021/items/E37000017", 404),  # a 2017 code, gone by 2021
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
        ("/ogc/collections/leps2021?f=html", "", "text/html; charset=utf-8"),
        ("/ogc/collections/leps2021/items", "text/html", "text/html; charset=utf-8"),
        ("/ogc/collections/leps2021/items", "application/geo+json", "application/geo+json"),
        ("/ogc/collections/leps2021/items/E37000048?f=html", "", "text/html; charset=utf-8"),
        ("/ogc/collections/leps2021/schema", "", "application/schema+json"),
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
    assert {"/ogc/collections/leps2021", "/ogc/collections/leps2021/schema"} <= seen
    assert len(seen) >= 12


def test_landing_page_conformance_and_api_definition(client):
    landing = client.get("/ogc").get_json()
    rels = {link["rel"]: link for link in landing["links"]}
    assert rels["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    conformance = client.get("/ogc/conformance").get_json()["conformsTo"]
    for name in ("core", "geojson", "html", "oas30"):
        assert f"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{name}" in conformance
    definition = client.get(urlsplit(rels["service-desc"]["href"]).path).get_json(force=True)
    assert definition["openapi"].startswith("3.0")
    assert definition["components"]["parameters"]["collectionId"]["schema"]["enum"] == [
        "areas",
        "leps2021",
    ]
    for collection_id in ("areas", "leps2021"):
        collection = client.get(f"/ogc/collections/{collection_id}").get_json()
        licence = [link for link in collection["links"] if link["rel"] == "license"]
        assert licence and licence[0]["href"].startswith("https://www.nationalarchives.gov.uk/")


def test_each_collection_has_its_own_description_and_attribution(client):
    site = client.application.extensions["geoapp"]
    listed = {c["id"]: c for c in client.get("/ogc/collections").get_json()["collections"]}
    assert list(listed) == ["areas", "leps2021"]
    areas, leps = listed["areas"], listed["leps2021"]
    assert leps["title"] == "Local Enterprise Partnerships (April 2021), with ONS statistics"
    for words in (
        "38 Local Enterprise Partnerships of England as of April 2021",
        "These are ONS statistics, not figures of the BEIS Industrial Strategy",
        "April 2021 LEP geography: 17 of these LEPs",
        "rounded to the nearest 100",
        "rounded to the nearest 5",
        "computed by us",
    ):
        assert words in leps["description"], words
    assert leps["attribution"] == " · ".join(site.area_sets["leps2021"].attributions)
    assert "2021" in leps["attribution"] and "Annual Population Survey" in leps["attribution"]
    assert "BEIS" not in leps["attribution"] and "Local summaries" not in leps["attribution"]
    assert areas["attribution"] == " · ".join(site.summaries.attributions)
    assert areas["description"].startswith("The 41 areas of the Industrial Strategy")


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
    data_version = client.application.extensions["geoapp"].summaries.version
    assert etag.startswith(f'"{data_version}-')
    again = client.get("/ogc/collections", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("set_key", "collection_id"), [("summaries2018", "areas"), ("leps2021", "leps2021")]
)
def test_every_area_and_the_list_render_as_html(client, set_key, collection_id):
    area_set = client.application.extensions["geoapp"].area_sets[set_key]
    href = f"/ogc/collections/{collection_id}/items"
    listing = client.get(f"{href}?f=html&limit=100").get_data(as_text=True)
    for area in area_set.areas:
        assert f"{href}/{area.code}?f=html" in listing
        page = client.get(f"{href}/{area.code}?f=html")
        assert page.status_code == 200, area.code
        assert area.name in page.get_data(as_text=True)


def test_the_html_list_of_2021_leps_shows_their_statistics(client):
    listing = client.get("/ogc/collections/leps2021/items?f=html&limit=38").get_data(as_text=True)
    assert '<th scope="col">Employment rate 2018 (%)</th>' in listing
    assert '<th scope="col">Population</th>' not in listing  # no summary figures
    row = listing.split(f">{HERTFORDSHIRE_2021}</a>", 1)[1].split("</tr>", 1)[0]
    assert "78.5" in row and "61,765" in row


#: The Python type json.loads gives each JSON Schema type.
PYTHON_TYPES = {"string": str, "integer": int, "number": float, "boolean": bool}


@pytest.mark.parametrize("collection_id", ["areas", "leps2021"])
def test_every_feature_gives_each_queryable_its_declared_type_or_null(client, collection_id):
    """The types a client takes from the first feature hold for every later one."""
    info = client.get(f"/ogc/collections/{collection_id}").get_json()
    link = next(x for x in info["links"] if x["rel"].endswith("/ogc/1.0/queryables"))
    response = client.get(urlsplit(link["href"]).path)
    assert response.status_code == 200 and response.mimetype == "application/schema+json"
    declared = response.get_json()["properties"]
    types = {name: schema["type"] for name, schema in declared.items() if "type" in schema}
    assert declared["geometry"]["x-ogc-role"] == "primary-geometry"
    page = client.get(f"/ogc/collections/{collection_id}/items?limit=100").get_json()
    features = page["features"]
    assert len({tuple(feature["properties"]) for feature in features}) == 1  # same order
    for feature in features:
        for name, kind in types.items():
            value = feature["properties"][name]
            assert value is None or type(value) is PYTHON_TYPES[kind], (feature["id"], name)
    assert {"population", "people_in_employment"} <= set(types) or collection_id == "leps2021"
