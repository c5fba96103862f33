"""OGC API – Features, Part 1 Core: the areas as one collection, as plain dicts.

No Flask here: a view passes the API's base URL (".../ogc"), the format it will render
("json" or "html") and the checked query (geoapp.ogc_params); it gets back the document
to render. An unknown collection or feature raises OgcError (404).
"""

from __future__ import annotations

import datetime as dt
import math
from urllib.parse import urlencode

import shapely
from shapely.strtree import STRtree

from geoapp.figures import FIGURE_FIELDS
from geoapp.geojson import GEOJSON_TYPE, AreaFeatures, file_members
from geoapp.ogc_params import CRS84, ItemsQuery, OgcError

COLLECTION_ID = "areas"
CONFORMANCE_CLASSES = [
    f"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{name}"
    for name in ("core", "geojson", "html", "oas30")
]
JSON_TYPE = "application/json"
HTML_TYPE = "text/html"
OPENAPI_TYPE = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA_TYPE = "application/schema+json"
#: The top-level fields of an area record (data/README.md) and their JSON types, in order.
PROPERTY_TYPES = {
    "code": "string",
    "name": "string",
    "area_type": "string",
    "lis_wave": "string",
    "summary_status": "string",
    "period": "string",
    **{name: "integer" for name in FIGURE_FIELDS},
    "investments": "array",
    "case_study": "object",
    "lis_line": "string",
    "summary_note": "string",
    "source": "object",
}


def json_type(value) -> str:
    """Return the JSON Schema type of a record value: "integer", "string", …"""
    if isinstance(value, bool):
        return "boolean"
    kinds = {int: "integer", float: "number", str: "string", list: "array", dict: "object"}
    return next(name for kind, name in kinds.items() if isinstance(value, kind))


def record_fields(records) -> dict[str, str]:
    """Return PROPERTY_TYPES, then every other top-level field of the records and its type.

    Fields added to the records later (such as statistics) so reach the API by themselves.
    """
    fields = dict(PROPERTY_TYPES)
    for record in records:
        for name, value in record.items():
            if value is None:
                continue
            known, kind = fields.get(name), json_type(value)
            if known is None:
                fields[name] = kind
            elif {known, kind} == {"integer", "number"}:  # 1 in one record, 0.5 in another
                fields[name] = "number"
    return fields


def api_feature(feature: dict, fields) -> dict:
    """Return the feature with every field present: null where the record has none.

    GIS clients fix their columns from the first page (QGIS reads 10 features), so a
    figure held only for a later area would otherwise never get a column.
    """
    properties = dict.fromkeys(fields) | feature["properties"]
    return {**feature, "properties": properties}


class AreaIndex:
    """The collection's features with a tree of their full-detail shapes, built once."""

    def __init__(self, features: AreaFeatures):
        self.atlas = features.atlas
        #: Every top-level field of the records and its JSON type, in record order.
        self.fields = record_fields(feature["properties"] for feature in features.features)
        self.features = tuple(api_feature(f, self.fields) for f in features.features)
        self._by_code = {feature["id"]: feature for feature in self.features}
        geometries = [area.geometry for area in self.atlas.areas]
        self._tree = STRtree(geometries)
        west, south, east, north = shapely.total_bounds(geometries)
        # Outwards to the download grid, so the extent holds every served shape.
        self.extent = [math.floor(west * 1e5) / 1e5, math.floor(south * 1e5) / 1e5]
        self.extent += [math.ceil(east * 1e5) / 1e5, math.ceil(north * 1e5) / 1e5]

    def matching(self, bbox: tuple[float, ...] | None) -> list[dict]:
        """Return the features whose shape intersects the bbox (all without one), in code order."""
        if bbox is None:
            return list(self.features)
        west, south, east, north = bbox if len(bbox) == 4 else bbox[:2] + bbox[3:5]
        boxes = (
            [shapely.box(west, south, east, north)]
            if west <= east
            else [shapely.box(west, south, 180, north), shapely.box(-180, south, east, north)]
        )
        hits = set()
        for box in boxes:
            hits.update(self._tree.query(box, predicate="intersects").tolist())
        return [self.features[i] for i in sorted(hits)]

    def get(self, code: str) -> dict | None:
        """Return the feature of the area with this code, or None."""
        return self._by_code.get(code)


def link(href: str, rel: str, media_type: str, title: str) -> dict:
    return {"href": href, "rel": rel, "type": media_type, "title": title}


def with_query(href: str, parameters: dict[str, str]) -> str:
    return f"{href}?{urlencode(parameters, safe=',:/')}" if parameters else href


def self_links(href: str, fmt: str, json_type: str, parameters=None) -> list[dict]:
    """Return the ``self`` link in this response's format and the ``alternate`` in the other."""
    parameters = parameters or {}
    as_json = with_query(href, {"f": "json", **parameters})
    as_html = with_query(href, {"f": "html", **parameters})
    json_rel, html_rel = ("self", "alternate") if fmt == "json" else ("alternate", "self")
    return [
        link(as_json, json_rel, json_type, "This document as JSON"),
        link(as_html, html_rel, HTML_TYPE, "This document as HTML"),
    ]


def licence_link(index: AreaIndex) -> dict:
    publication = index.atlas.publication
    return link(publication.licence_url, "license", HTML_TYPE, publication.licence)


def landing_page(index: AreaIndex, base: str, fmt: str) -> dict:
    """Return the landing page: what the API is, and links to everything else."""
    publication = index.atlas.publication
    return {
        "title": f"{publication.title} ({publication.period})",
        "description": (
            f"The figures of the {publication.title} ({publication.publisher}), "
            f"{publication.period}, for each of the {len(index.atlas.areas)} areas, "
            "with their boundaries, as OGC API – Features."
        ),
        "attribution": " · ".join(index.atlas.attributions),
        "links": [
            *self_links(base, fmt, JSON_TYPE),
            link(f"{base}/openapi", "service-desc", OPENAPI_TYPE, "The API definition"),
            link(f"{base}/openapi?f=html", "service-doc", HTML_TYPE, "The API documentation"),
            link(f"{base}/conformance", "conformance", JSON_TYPE, "Conformance classes"),
            link(f"{base}/collections", "data", JSON_TYPE, "The collections"),
            licence_link(index),
        ],
    }


def conformance(base: str, fmt: str) -> dict:
    """Return the conformance declaration: Core, GeoJSON, HTML and OpenAPI 3.0."""
    return {
        "links": self_links(f"{base}/conformance", fmt, JSON_TYPE),
        "conformsTo": CONFORMANCE_CLASSES,
    }


def check_collection(collection_id: str) -> None:
    """Raise OgcError 404 unless the collection exists."""
    if collection_id != COLLECTION_ID:
        raise OgcError(404, "NotFound", f"there is no collection {collection_id!r}")


def collection_info(index: AreaIndex, base: str, fmt: str) -> dict:
    """Return the description of the ``areas`` collection."""
    atlas = index.atlas
    href = f"{base}/collections/{COLLECTION_ID}"
    return {
        "id": COLLECTION_ID,
        "title": atlas.area_set.title,
        "description": (
            f"The {len(atlas.areas)} areas of the {atlas.publication.title}: England's "
            "Local Enterprise Partnerships as of April 2017, then Scotland, Wales and "
            f"Northern Ireland, each with the figures of its summary page, "
            f"{atlas.publication.period}. A field the page did not give is null."
        ),
        "attribution": " · ".join(atlas.attributions),
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {"spatial": {"bbox": [index.extent], "crs": CRS84}},
        "links": [
            *self_links(href, fmt, JSON_TYPE),
            link(f"{href}/items?f=json", "items", GEOJSON_TYPE, "The areas as GeoJSON"),
            link(f"{href}/items?f=html", "items", HTML_TYPE, "The areas as HTML"),
            link(f"{href}/schema", "describedby", SCHEMA_TYPE, "The schema of the areas"),
            licence_link(index),
        ],
    }


def collections(index: AreaIndex, base: str, fmt: str) -> dict:
    """Return the list of collections: just ``areas``."""
    return {
        "links": [*self_links(f"{base}/collections", fmt, JSON_TYPE), licence_link(index)],
        "collections": [collection_info(index, base, fmt)],
    }


def collection(index: AreaIndex, base: str, fmt: str, collection_id: str) -> dict:
    """Return one collection's description; raises OgcError 404 for an unknown id."""
    check_collection(collection_id)
    return collection_info(index, base, fmt)


def page_links(href: str, fmt: str, query: ItemsQuery, matched: int) -> list[dict]:
    """Return the ``next`` and ``prev`` links of a page, in this response's format."""
    media_type = GEOJSON_TYPE if fmt == "json" else HTML_TYPE
    links = []
    if query.offset + query.limit < matched:
        after = query.parameters(offset=query.offset + query.limit, f=fmt)
        links.append(link(with_query(href, after), "next", media_type, "Next page"))
    if query.offset > 0:
        before = query.parameters(offset=max(0, query.offset - query.limit), f=fmt)
        links.append(link(with_query(href, before), "prev", media_type, "Previous page"))
    return links


def items(
    index: AreaIndex,
    base: str,
    fmt: str,
    collection_id: str,
    query: ItemsQuery,
    now: dt.datetime,
) -> dict:
    """Return one page of the collection's features as a GeoJSON FeatureCollection.

    ``now`` is the response's timeStamp. Raises OgcError 404 for an unknown collection.
    """
    check_collection(collection_id)
    matched = index.matching(query.bbox)
    page = matched[query.offset : query.offset + query.limit]
    href = f"{base}/collections/{COLLECTION_ID}/items"
    return {
        "type": "FeatureCollection",
        "numberMatched": len(matched),
        "numberReturned": len(page),
        "timeStamp": now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "links": [
            *self_links(href, fmt, GEOJSON_TYPE, query.parameters()),
            *page_links(href, fmt, query, len(matched)),
            link(f"{base}/collections/{COLLECTION_ID}", "collection", JSON_TYPE, "The collection"),
        ],
        **file_members(index.atlas),
        "features": page,
    }


def item(index: AreaIndex, base: str, fmt: str, collection_id: str, feature_id: str) -> dict:
    """Return one area as a GeoJSON Feature; raises OgcError 404 if there is no such one."""
    check_collection(collection_id)
    feature = index.get(feature_id)
    if feature is None:
        raise OgcError(404, "NotFound", f"there is no area with code {feature_id!r}")
    href = f"{base}/collections/{COLLECTION_ID}/items/{feature_id}"
    return {
        **feature,
        "links": [
            *self_links(href, fmt, GEOJSON_TYPE),
            link(f"{base}/collections/{COLLECTION_ID}", "collection", JSON_TYPE, "The collection"),
        ],
        **file_members(index.atlas),
    }
