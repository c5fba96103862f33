"""OGC API – Features documents and parameters on the tiny world, without a server."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoapp.config import load_settings
from geoapp.model.sets import load_area_sets
from geoapp.outputs.geojson import set_features, to_bytes
from geoapp.outputs.ogc import (
    CONFORMANCE_CLASSES,
    OPENAPI_TYPE,
    PROPERTY_TYPES,
    QUERYABLES_REL,
    Catalogue,
    Collection,
    api_feature,
    collection,
    collections,
    conformance,
    item,
    item_json,
    items,
    items_json,
    landing_page,
    record_fields,
)
from geoapp.outputs.ogc_params import ItemsQuery, OgcError, parse_format, parse_items_query
from geoapp.outputs.openapi import feature_schema, openapi_document, queryables

BASE = "https://maps.example/ogc"
NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def catalogue_of(world: dict) -> Catalogue:
    area_sets, _statistics = load_area_sets(load_settings(world))
    return Catalogue(Collection(s, set_features(s)) for s in area_sets.values())


@pytest.fixture()
def api(tiny_world):
    """The API of the tiny world: one collection, ``areas``."""
    return catalogue_of(tiny_world)


@pytest.fixture()
def both(tiny_world_2021):
    """The API with two collections: ``areas`` and ``leps2021``."""
    return catalogue_of(tiny_world_2021)


def query(text: str) -> dict[str, list[str]]:
    return parse_qs(text, keep_blank_values=True)


def ids(document: dict) -> list[str]:
    return [feature["id"] for feature in document["features"]]


def links_by_rel(document: dict) -> dict[str, dict]:
    return {link["rel"]: link for link in document["links"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ItemsQuery(10, 0, None)),
        ("limit=1&offset=2", ItemsQuery(1, 2, None)),
        ("limit=10000&offset=0", ItemsQuery(10000, 0, None)),
        ("bbox=-1.5,50,2,52.5", ItemsQuery(bbox=(-1.5, 50.0, 2.0, 52.5))),
        ("bbox=-1,50,0,2,52,100", ItemsQuery(bbox=(-1.0, 50.0, 0.0, 2.0, 52.0, 100.0))),
        ("bbox=170,50,-170,52", ItemsQuery(bbox=(170.0, 50.0, -170.0, 52.0))),  # antimeridian
        ("bbox=1,2,3,4&bbox-crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84", None),
        ("limit=5&unknown=1&filter=x", ItemsQuery(5, 0, None)),  # not ours: ignored
    ],
)
def test_good_parameters_are_read(text, expected):
    parsed = parse_items_query(query(text))
    if expected is not None:
        assert parsed == expected


@pytest.mark.parametrize(
    "text",
    [
        "limit=0",
        "limit=abc",
        "limit=10001",
        "limit=-1",
        "limit=1.5",
        "limit=",
        "limit=%EF%BC%91",  # a full-width digit that int() would accept
        "limit=1&limit=2",
        "offset=-1",
        "offset=" + "9" * 40,
        "bbox=1,2,3",
        "bbox=a,b,c,d",
        "bbox=1,2,3,4,5",
        "bbox=nan,50,1,52",
        "bbox=0,50,inf,52",
        "bbox=1_0,50,11,52",
        "bbox=0,91,1,92",
        "bbox=-181,50,0,52",
        "bbox=0,52,1,50",
        "bbox=0,50,10,1,52,5",
        "bbox=1,2,3,4&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/27700",
    ],
)
def test_bad_values_are_refused_with_400(text):
    with pytest.raises(OgcError) as refused:
        parse_items_query(query(text))
    assert refused.value.status == 400
    assert refused.value.code == "InvalidParameterValue"
    assert refused.value.description.split(":")[0] in text


def test_format_parameter():
    assert parse_format(query("f=json")) == "json"
    assert parse_format(query("f=html")) == "html"
    assert parse_format(query("")) is None
    with pytest.raises(OgcError):
        parse_format(query("f=xml"))


@pytest.mark.parametrize(
    ("bbox", "codes"),
    [
        ((0.1, 50.1, 0.5, 51.0), ["E37000001"]),
        ((1.2, 50.5, 1.8, 51.5), ["E37000001", "E37000002"]),  # the overlap: both
        ((2.5, 51.0, 2.6, 51.1), ["E37000002"]),
        ((10.2, 55.2, 20.0, 58.0), ["S92000003"]),
        ((5.0, 50.0, 6.0, 51.0), []),  # between the shapes
        ((170.0, 50.0, 0.5, 51.0), ["E37000001"]),  # crosses the antimeridian
    ],
)
def test_bbox_keeps_the_areas_whose_shapes_it_touches(api, bbox, codes):
    document = items(api, BASE, "json", "areas", ItemsQuery(bbox=bbox), NOW)
    assert ids(document) == codes
    assert document["numberMatched"] == document["numberReturned"] == len(codes)


def test_pages_link_to_the_next_and_previous_page(api):
    first = items(api, BASE, "json", "areas", ItemsQuery(limit=1), NOW)
    assert ids(first) == ["E37000001"]
    assert (first["numberMatched"], first["numberReturned"]) == (3, 1)
    assert first["timeStamp"] == "2026-01-02T03:04:05Z"
    rels = links_by_rel(first)
    assert "prev" not in rels
    next_query = parse_qs(urlsplit(rels["next"]["href"]).query)
    assert next_query == {"limit": ["1"], "offset": ["1"], "f": ["json"]}
    assert rels["next"]["type"] == "application/geo+json"
    middle = items(api, BASE, "json", "areas", ItemsQuery(limit=1, offset=1), NOW)
    assert ids(middle) == ["E37000002"]
    assert parse_qs(urlsplit(links_by_rel(middle)["prev"]["href"]).query)["offset"] == ["0"]
    last = items(api, BASE, "json", "areas", ItemsQuery(limit=2, offset=2), NOW)
    assert ids(last) == ["S92000003"] and "next" not in links_by_rel(last)
    beyond = items(api, BASE, "json", "areas", ItemsQuery(offset=50), NOW)
    assert beyond["features"] == [] and beyond["numberMatched"] == 3


def test_paging_links_keep_the_bbox_and_the_format(api):
    page = items(api, BASE, "html", "areas", ItemsQuery(limit=1, bbox=(0, 50, 3, 52)), NOW)
    rels = links_by_rel(page)
    assert rels["self"]["type"] == "text/html"
    assert rels["alternate"]["type"] == "application/geo+json"
    assert parse_qs(urlsplit(rels["next"]["href"]).query) == {
        "limit": ["1"],
        "offset": ["1"],
        "bbox": ["0,50,3,52"],
        "f": ["html"],
    }


def test_api_features_list_every_field_null_when_unknown(api):
    areas = api.get("areas")
    (beta,) = [f for f in areas.features if f["id"] == "E37000002"]
    assert list(beta["properties"]) == list(PROPERTY_TYPES)
    assert beta["properties"]["population"] is None
    alpha = areas.get("E37000001")["properties"]
    assert alpha["population"] == 1116300 and alpha["living_wage_beneficiaries"] is None


def test_fields_added_to_the_records_are_listed_and_typed():
    records = [
        {"code": "E1", "rate": 1, "areas": ["a"], "note": None},
        {"code": "E2", "rate": 0.5, "flag": True},
    ]
    fields = record_fields(records)
    assert list(fields)[: len(PROPERTY_TYPES)] == list(PROPERTY_TYPES)
    extra = {k: v for k, v in fields.items() if k not in PROPERTY_TYPES}
    assert extra == {"rate": "number", "areas": "array", "flag": "boolean"}
    padded = api_feature({"id": "E2", "properties": records[1]}, fields)["properties"]
    assert padded["rate"] == 0.5 and padded["areas"] is None and padded["population"] is None


def test_unknown_collection_or_feature_is_404(api):
    for call in (
        lambda: collection(api, BASE, "json", "nope"),
        lambda: items(api, BASE, "json", "nope", ItemsQuery(), NOW),
        lambda: item(api, BASE, "json", "areas", "E99999999"),
        lambda: item(api, BASE, "json", "nope", "E37000001"),
    ):
        with pytest.raises(OgcError) as refused:
            call()
        assert refused.value.status == 404 and refused.value.code == "NotFound"


def test_one_item_is_the_area_with_links(api):
    feature = item(api, BASE, "json", "areas", "E37000001")
    assert feature["type"] == "Feature" and feature["id"] == "E37000001"
    assert feature["properties"]["name"] == "Alpha"
    assert links_by_rel(feature)["collection"]["href"] == f"{BASE}/collections/areas"
    assert feature["attribution"]


def test_landing_page_links_the_api_definition_conformance_and_data(api):
    page = landing_page(api, BASE, "json")
    rels = links_by_rel(page)
    assert rels["self"]["href"] == f"{BASE}?f=json"
    assert rels["alternate"]["type"] == "text/html"
    assert rels["service-desc"] == {
        "href": f"{BASE}/openapi",
        "rel": "service-desc",
        "type": OPENAPI_TYPE,
        "title": "The API definition",
    }
    assert rels["conformance"]["href"] == f"{BASE}/conformance"
    assert rels["data"]["href"] == f"{BASE}/collections"
    assert rels["license"]["href"] == "https://example.org/ogl"


def test_every_document_link_has_rel_and_type(api):
    documents = [
        landing_page(api, BASE, "html"),
        conformance(BASE, "json"),
        collections(api, BASE, "json"),
        *collections(api, BASE, "json")["collections"],
        items(api, BASE, "json", "areas", ItemsQuery(limit=1, offset=1), NOW),
        item(api, BASE, "html", "areas", "S92000003"),
    ]
    for document in documents:
        assert document["links"]
        for link in document["links"]:
            assert link["rel"] and link["type"] and link["href"].startswith("https://")


def test_collection_describes_extent_crs_items_and_licence(api):
    assert [c["id"] for c in collections(api, BASE, "json")["collections"]] == ["areas"]
    info = collection(api, BASE, "json", "areas")
    assert info["id"] == "areas" and info["itemType"] == "feature"
    assert info["extent"]["spatial"]["bbox"] == [[0.0, 50.0, 11.0, 56.0]]
    rels = [(link["rel"], link["type"]) for link in info["links"]]
    assert ("items", "application/geo+json") in rels
    assert ("license", "text/html") in rels
    assert ("describedby", "application/schema+json") in rels
    assert (QUERYABLES_REL, "application/schema+json") in rels
    assert conformance(BASE, "json")["conformsTo"] == CONFORMANCE_CLASSES
    assert len(CONFORMANCE_CLASSES) == 5
    assert CONFORMANCE_CLASSES[-1].endswith("ogcapi-features-3/1.0/conf/queryables")


def test_openapi_document_describes_every_route_and_the_limit(api):
    document = openapi_document(api, BASE)
    assert document["openapi"].startswith("3.0")
    assert document["servers"] == [{"url": BASE}]
    assert set(document["paths"]) == {
        "/",
        "/conformance",
        "/collections",
        "/collections/{collectionId}",
        "/collections/{collectionId}/items",
        "/collections/{collectionId}/items/{featureId}",
        "/collections/{collectionId}/schema",
        "/collections/{collectionId}/queryables",
        "/openapi",
    }
    limit = document["components"]["parameters"]["limit"]["schema"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 10000, 10)
    for path in document["paths"].values():
        for reference in path["get"]["parameters"]:
            name = reference["$ref"].rsplit("/", 1)[1]
            assert name in document["components"]["parameters"]


@pytest.mark.parametrize("collection_id", ["areas", "leps2021"])
def test_feature_schema_types_every_field_of_the_records(both, collection_id):
    index = both.get(collection_id)
    schema = feature_schema(index, BASE)
    assert schema["$id"] == f"{BASE}/collections/{collection_id}/schema"
    fields = schema["properties"]["properties"]["properties"]
    json_types = {int: "integer", float: "number", str: "string", list: "array", dict: "object"}
    for area in index.area_set.areas:
        for name, value in index.area_set.record(area).items():
            assert fields[name]["type"] == json_types[type(value)], name


def test_two_collections_each_with_its_own_description_licence_and_attribution(both):
    listed = collections(both, BASE, "json")
    assert [c["id"] for c in listed["collections"]] == ["areas", "leps2021"]
    areas, leps = listed["collections"]
    assert leps["title"] == "Tiny LEPs (April 2021), with ONS statistics"
    assert "not figures of the BEIS" in leps["description"]
    assert leps["attribution"] == "Boundaries 2021: ONS · Statistics: ONS"
    assert "Summaries: Crown copyright" in areas["attribution"]

    def licence(info: dict) -> str:
        return links_by_rel(info)["license"]["href"]

    assert licence(areas) == "https://example.org/ogl"
    assert licence(leps) == "https://example.org/ogl-ons"
    # The list and the landing page link every distinct licence, once.
    for document in (listed, landing_page(both, BASE, "json")):
        hrefs = [link["href"] for link in document["links"] if link["rel"] == "license"]
        assert hrefs == ["https://example.org/ogl", "https://example.org/ogl-ons"]
    assert leps == collection(both, BASE, "json", "leps2021")
    items_links = [link["href"] for link in leps["links"] if link["rel"] == "items"]
    assert f"{BASE}/collections/leps2021/items?f=json" in items_links


def test_the_2021_collection_pages_bboxes_and_serves_single_leps(both):
    first = items(both, BASE, "json", "leps2021", ItemsQuery(limit=1), NOW)
    assert ids(first) == ["E37000001"] and first["numberMatched"] == 2
    rels = links_by_rel(first)
    assert rels["next"]["href"].startswith(f"{BASE}/collections/leps2021/items?")
    assert rels["collection"]["href"] == f"{BASE}/collections/leps2021"
    assert first["licence"]["url"] == "https://example.org/ogl-ons"
    second = items(both, BASE, "json", "leps2021", ItemsQuery(limit=1, offset=1), NOW)
    assert ids(second) == ["E37000050"] and "next" not in links_by_rel(second)
    boxed = items(both, BASE, "json", "leps2021", ItemsQuery(bbox=(3.5, 50.5, 5, 51)), NOW)
    assert ids(boxed) == ["E37000050"]
    gamma = item(both, BASE, "json", "leps2021", "E37000050")
    assert gamma["properties"]["employment_rate_2018"] == 70.0
    assert gamma["properties"]["employment_rate_2017"] is None  # not published: null
    assert "population" not in gamma["properties"]  # a 2021 LEP has no summary fields
    assert links_by_rel(gamma)["collection"]["href"] == f"{BASE}/collections/leps2021"
    with pytest.raises(OgcError):
        item(both, BASE, "json", "leps2021", "E37000002")  # a 2017 area, not a 2021 LEP


def test_the_2021_fields_come_first_typed_and_the_schema_requires_its_identity(both):
    leps = both.get("leps2021")
    assert list(leps.fields)[:4] == ["code", "name", "area_type", "ons_statistics"]
    assert leps.fields["employment_rate_2018"] == "number"
    assert leps.fields["ons_enterprises_2018"] == "integer"
    schema = feature_schema(leps, BASE)
    assert schema["properties"]["properties"]["required"] == [
        "code",
        "name",
        "area_type",
        "ons_statistics",
    ]
    assert "did not publish" in schema["description"]


def test_openapi_lists_both_collections(both):
    document = openapi_document(both, BASE)
    collection_id = document["components"]["parameters"]["collectionId"]
    assert collection_id["schema"]["enum"] == ["areas", "leps2021"]
    assert "leps2021: Tiny LEPs (April 2021)" in collection_id["description"]
    assert document["info"]["license"]["url"] == "https://example.org/ogl"


LONGITUDES = st.floats(-180, 180, allow_nan=False) | st.sampled_from([-0.0, 0.0, 0.5, 1.5])
LATITUDES = st.floats(-90, 90, allow_nan=False) | st.sampled_from([50.0, 51.0, 55.5])
BOXES = st.none() | st.tuples(LONGITUDES, LATITUDES, LONGITUDES, LATITUDES).map(
    lambda box: (box[0], min(box[1], box[3]), box[2], max(box[1], box[3]))
)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    collection_id=st.sampled_from(["areas", "leps2021"]),
    limit=st.integers(1, 5) | st.just(10_000),
    offset=st.integers(0, 4) | st.just(10**18),
    bbox=BOXES,
)
def test_items_assembled_from_prepared_bytes_are_the_serialised_document(
    both, collection_id, limit, offset, bbox
):
    page_query = ItemsQuery(limit=limit, offset=offset, bbox=bbox)
    document = items(both, BASE, "json", collection_id, page_query, NOW)
    assert items_json(both, BASE, collection_id, page_query, NOW) == to_bytes(document)


@pytest.mark.parametrize(
    ("collection_id", "code"),
    [("areas", "E37000001"), ("areas", "S92000003"), ("leps2021", "E37000050")],
)
def test_an_item_assembled_from_prepared_bytes_is_the_serialised_document(
    both, collection_id, code
):
    document = item(both, BASE, "json", collection_id, code)
    assert item_json(both, BASE, collection_id, code) == to_bytes(document)
    with pytest.raises(OgcError):
        item_json(both, BASE, collection_id, "E99999999")


@pytest.mark.parametrize("collection_id", ["areas", "leps2021"])
def test_queryables_give_the_shape_and_every_plain_field_with_its_type(both, collection_id):
    index = both.get(collection_id)
    document = queryables(index, BASE)
    assert document["$id"] == f"{BASE}/collections/{collection_id}/queryables"
    assert document["type"] == "object" and document["additionalProperties"] is False
    shape, *fields = document["properties"].items()
    assert shape == ("geometry", {**shape[1], "x-ogc-role": "primary-geometry"})
    plain = {name: kind for name, kind in index.fields.items() if kind != "array"}
    plain = {name: kind for name, kind in plain.items() if kind != "object"}
    assert dict(fields) == {name: {"type": kind} for name, kind in plain.items()}
    assert "investments" not in document["properties"]  # a list: not comparable


def test_a_whole_number_in_a_number_field_is_written_as_a_real_number():
    fields = record_fields([{"rate": 75}, {"rate": 75.5}], {"count": "integer"})
    assert fields == {"count": "integer", "rate": "number"}
    first = api_feature({"id": "E1", "properties": {"rate": 75, "count": 3}}, fields)
    assert to_bytes(first) == b'{"id":"E1","properties":{"count":3,"rate":75.0}}'


def test_investments_also_come_as_plain_columns_beside_the_list(both):
    alpha = item(both, BASE, "json", "areas", "E37000001")["properties"]
    names = list(alpha)
    at = names.index("investments")
    assert names[at + 1 : at + 4] == [
        "investments_count",
        "investments_total_gbp",
        "investments_text",
    ]
    assert len(alpha["investments"]) == 2  # the structured list stays for JSON users
    assert alpha["investments_count"] == 2
    assert alpha["investments_total_gbp"] == 2_500_000  # the one amount the page printed
    assert alpha["investments_text"] == "£2.5m: A science partnership; Something without an amount"
    beta = item(both, BASE, "json", "areas", "E37000002")["properties"]
    assert [beta[name] for name in names[at : at + 4]] == [None] * 4  # no page: unknown
    lep = item(both, BASE, "json", "leps2021", "E37000050")["properties"]
    assert "investments_count" not in lep
    assert feature_schema(both.get("areas"), BASE)["properties"]["properties"]["properties"][
        "investments_total_gbp"
    ] == {"type": "integer"}
