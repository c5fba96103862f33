"""The OGC API's answers on the real data are exactly what serialising each document
whole gives (as the app did before answers were assembled from prepared bytes and kept),
plain and gzipped: paging, bbox, both collections, both formats.

``bench/answers.py`` records every answer of a running version to compare another with.
"""

from __future__ import annotations

import gzip
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import render_template

from geoapp.outputs import ogc
from geoapp.outputs.geojson import to_bytes
from geoapp.outputs.ogc_params import parse_items_query
from geoapp.web.views import site

pytestmark = pytest.mark.real_data

BASE = "http://localhost/ogc"
AROUND_HERTFORDSHIRE = "bbox=-0.5,51.6,0.2,52.1"
QUERIES = [
    ("areas", ""),
    ("areas", "limit=1"),
    ("areas", "limit=7"),
    ("areas", "limit=7&offset=7"),
    ("areas", "limit=7&offset=35"),
    ("areas", "limit=10"),
    ("areas", "limit=10&offset=30&f=json"),
    ("areas", "limit=41"),
    ("areas", "offset=41"),
    ("areas", AROUND_HERTFORDSHIRE),
    ("areas", f"{AROUND_HERTFORDSHIRE}&limit=2&offset=2"),
    ("areas", "bbox=170,50,-179,51"),
    ("leps2021", "limit=7&offset=14"),
    ("leps2021", "limit=41"),
    ("leps2021", AROUND_HERTFORDSHIRE),
]


def serialised_whole(app, collection_id: str, query: str, fmt: str) -> bytes:
    """The answer as one document serialised (JSON) or rendered (HTML) in one go."""
    path = f"/ogc/collections/{collection_id}/items?{query}"
    with app.test_request_context(path):
        current = site()
        page_query = parse_items_query(parse_qs(query))
        document = ogc.items(
            current.collections, BASE, fmt, collection_id, page_query, current.built_at
        )
        if fmt == "json":
            return to_bytes(document)
        area_set = current.collections.get(collection_id).area_set
        return render_template(
            "ogc/items.html", doc=document, api_base=BASE, area_set=area_set
        ).encode()


@pytest.mark.parametrize(("collection_id", "query"), QUERIES)
def test_items_are_the_whole_document_serialised(real_app, client, collection_id, query):
    expected = serialised_whole(real_app, collection_id, query, "json")
    path = f"/ogc/collections/{collection_id}/items?{query}"
    plain = client.get(path)
    zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert plain.status_code == zipped.status_code == 200
    assert plain.get_data() == expected
    assert gzip.decompress(zipped.get_data()) == expected
    assert plain.headers["Content-Type"] == "application/geo+json"


@pytest.mark.parametrize(
    ("collection_id", "query"), [q for q in QUERIES[::2] if "f=json" not in q[1]]
)
def test_html_items_are_the_whole_page_rendered(real_app, client, collection_id, query):
    expected = serialised_whole(real_app, collection_id, query, "html")
    response = client.get(f"/ogc/collections/{collection_id}/items?{query}&f=html")
    assert response.get_data() == expected


@pytest.mark.parametrize(
    ("collection_id", "code"), [("areas", "E37000017"), ("leps2021", "E37000048")]
)
def test_an_item_is_its_whole_document_serialised(real_app, client, collection_id, code):
    with real_app.test_request_context():
        expected = to_bytes(ogc.item(site().collections, BASE, "json", collection_id, code))
    assert client.get(f"/ogc/collections/{collection_id}/items/{code}").get_data() == expected


def test_the_timestamp_is_the_data_versions_build_time(real_app, client):
    built_at = real_app.extensions["geoapp"].site.built_at
    path = f"/ogc/collections/areas/items?{AROUND_HERTFORDSHIRE}&limit=2"
    document = client.get(path).get_json()
    assert document["timeStamp"] == built_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert document["numberMatched"] > 2
    next_page = next(link["href"] for link in document["links"] if link["rel"] == "next")
    following = client.get(urlsplit(next_page)._replace(scheme="", netloc="").geturl())
    assert following.get_json()["timeStamp"] == document["timeStamp"]  # one snapshot
