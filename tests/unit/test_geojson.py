"""GeoJSON of the tiny world: records as properties, RFC 7946 shapes, attribution in the file."""

import json
import re

import shapely

from geoapp.outputs.geojson import download_geometry, feature_collection, set_features, to_bytes


def decimals(text: str) -> int:
    """The most decimal places of any number in a JSON text."""
    return max((len(m) for m in re.findall(r"\d\.(\d+)", text)), default=0)


def test_each_feature_is_the_areas_record_with_its_code_as_id(area_set):
    features = set_features(area_set)
    assert [f["id"] for f in features] == ["E37000001", "E37000002", "S92000003"]
    for area, feature in zip(area_set.areas, features, strict=True):
        assert feature["properties"] == area_set.record(area)
    assert features[1]["properties"]["name"] == "Beta"


def test_download_shapes_are_rounded_valid_and_wound_right():
    # A clockwise square with a counter-clockwise hole, coordinates with float noise.
    outer = [(0, 0), (0, 1.123456789), (1.000004, 1), (1, 0), (0, 0)]
    hole = [(0.2, 0.2), (0.6, 0.2), (0.6, 0.6), (0.2, 0.6), (0.2, 0.2)]
    shape = shapely.Polygon(outer, [hole])
    assert not shape.exterior.is_ccw and shape.interiors[0].is_ccw
    rounded = download_geometry(shape)
    assert rounded.is_valid
    assert rounded.exterior.is_ccw
    assert not rounded.interiors[0].is_ccw
    text = json.dumps(shapely.geometry.mapping(rounded))
    assert decimals(text) == 5
    assert "1.12346" in text and "1.000004" not in text


def test_a_sliver_narrower_than_the_grid_does_not_make_the_shape_invalid():
    body = shapely.box(0, 0, 1, 1)
    sliver = shapely.Polygon([(1, 0), (1.000001, 0), (1.000001, 1), (1, 1)])
    rounded = download_geometry(shapely.MultiPolygon([body, sliver]))
    assert rounded.is_valid and not rounded.is_empty
    assert all(p.exterior.is_ccw for p in getattr(rounded, "geoms", [rounded]))


def test_the_file_carries_attribution_licence_and_version_and_no_crs(area_set):
    features = set_features(area_set)
    document = json.loads(to_bytes(feature_collection(area_set, features, "tiny-areas")))
    assert document["type"] == "FeatureCollection"
    assert "crs" not in document
    assert document["name"] == "tiny-areas"
    assert document["attribution"] == list(area_set.attributions)
    assert document["licence"] == {
        "name": "Open Government Licence v3.0",
        "url": "https://example.org/ogl",
    }
    assert document["data_version"] == area_set.version
    assert document["source"]["published"] == "2018-12-03"
    assert len(document["features"]) == 3
    assert decimals(json.dumps(document["features"])) <= 5


def test_bytes_are_compact_utf8_that_keep_the_pound_sign(area_set):
    features = set_features(area_set)
    body = to_bytes(feature_collection(area_set, features[:1], "alpha"))
    assert "£2.5m".encode() in body
    assert b"\\u00a3" not in body
    compact = json.dumps(json.loads(body), ensure_ascii=False, separators=(",", ":"))
    assert body == compact.encode("utf-8")
