"""OGC API – Features, Part 1 Core: each published set of areas a collection, as plain dicts.

No Flask here: a view passes the collections (a Catalogue), the API's base URL
(".../ogc"), the format it will render ("json" or "html") and the checked query
(geoapp.outputs.ogc_params); it gets back the document to render. An unknown collection or
feature raises OgcError (404).

Each feature is serialised once, when its collection is built (``Collection.feature_json``);
``items_json`` and ``item_json`` assemble answers from those bytes, exactly what
``to_bytes`` of ``items()`` and ``item()`` would give. What a feature holds (its fields
and their values) is decided in one place, ``api_feature``.

``timeStamp``: OGC API – Features says it is when the response was generated. Every
answer is a function of the data version and the query alone, so the app generates each
one once per data version and serves it again; the view passes the time the data
version was built (``Site.built_at``). A per-request clock would change the bytes every
second, so no answer could be cached or revalidated (its ETag would never match).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

import shapely

from geoapp.model.areas import AreaSet
from geoapp.model.record import SUMMARIES, leading_types
from geoapp.outputs.geojson import GEOJSON_TYPE, to_bytes
from geoapp.outputs.ogc_params import CRS84, ItemsQuery, OgcError
from geoapp.outputs.tables import investment_summary

CONFORMANCE_CLASSES = [
    *(
        f"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{name}"
        for name in ("core", "geojson", "html", "oas30")
    ),
    # Part 3: each collection lists its queryable fields and their types.
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
]
#: The link relation of a collection's queryables (OGC API – Features Part 3).
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
JSON_TYPE = "application/json"
HTML_TYPE = "text/html"
OPENAPI_TYPE = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA_TYPE = "application/schema+json"
#: The investments as plain columns beside their structured list, which GIS tables cannot
#: hold (QGIS empties it): how many, the total of the printed amounts, and the list as text.
#: Their values are geoapp.outputs.tables.investment_summary's, as in the GeoPackage.
INVESTMENT_COLUMN_TYPES = {
    "investments_count": "integer",
    "investments_total_gbp": "integer",
    "investments_text": "string",
}


def with_investment_columns(types: dict[str, str]) -> dict[str, str]:
    """Return the field types with the investments' plain columns right after the list."""
    items = list(types.items())
    at = list(types).index("investments") + 1 if "investments" in types else len(items)
    return dict(items[:at]) | INVESTMENT_COLUMN_TYPES | dict(items[at:])


#: The top-level fields of a summary area in the API (its record, data/README.md, and the
#: investments' plain columns) and their JSON types.
PROPERTY_TYPES = with_investment_columns(leading_types(SUMMARIES))


def json_type(value) -> str:
    """Return the JSON Schema type of a record value: "integer", "string", …"""
    if isinstance(value, bool):
        return "boolean"
    kinds = {int: "integer", float: "number", str: "string", list: "array", dict: "object"}
    return next(name for kind, name in kinds.items() if isinstance(value, kind))


def record_fields(records, known: dict[str, str] = PROPERTY_TYPES) -> dict[str, str]:
    """Return the ``known`` fields, then every other top-level field of the records and
    its type.

    Fields added to the records later so reach the API by themselves.
    """
    fields = dict(known)
    for record in records:
        for name, value in record.items():
            if value is None:
                continue
            listed, kind = fields.get(name), json_type(value)
            if listed is None:
                fields[name] = kind
            elif {listed, kind} == {"integer", "number"}:  # 1 in one record, 0.5 in another
                fields[name] = "number"
    return fields


def typed(value, kind: str):
    """Return ``value`` written as its field's JSON type: a whole number in a "number"
    field as 75.0, so that its first value already tells a client the column is real."""
    if kind == "number" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def api_feature(feature: dict, fields: dict[str, str]) -> dict:
    """Return the feature with every field present, in the fields' order, each value of
    its field's type: null where the record has none.

    GIS clients fix their columns and types from the first page (QGIS reads 10 features),
    so a figure held only for a later area would otherwise never get a column, and a
    rate written 75 in the first area would make an integer column for 75.5 later.
    """
    properties = dict.fromkeys(fields) | feature["properties"]
    typed_properties = {name: typed(v, fields.get(name, "")) for name, v in properties.items()}
    return {**feature, "properties": typed_properties}


class Collection:
    """One collection: a published set's features with a tree of their full-detail
    shapes, built once."""

    def __init__(self, area_set: AreaSet, features: tuple[dict, ...]):
        """``features``: the set's GeoJSON features (geoapp.outputs.geojson.set_features)."""
        self.area_set = area_set
        declared = area_set.property_types
        if area_set.has_summaries:
            declared = with_investment_columns(declared)
            features = tuple(
                {**f, "properties": f["properties"] | investment_summary(f["properties"])}
                for f in features
            )
        #: Every top-level field of the records and its JSON type, in record order.
        self.fields = record_fields((feature["properties"] for feature in features), declared)
        self.features = tuple(api_feature(f, self.fields) for f in features)
        #: Each feature as JSON, serialised once: every answer is assembled from these.
        self.feature_json = tuple(to_bytes(feature) for feature in self.features)
        self._position = {feature["id"]: i for i, feature in enumerate(self.features)}
        geometries = [area.geometry for area in self.area_set.areas]
        self._tree = self.area_set.shape_tree  # over these geometries, shared with search
        west, south, east, north = shapely.total_bounds(geometries)
        # Outwards to the download grid, so the extent holds every served shape.
        self.extent = [math.floor(west * 1e5) / 1e5, math.floor(south * 1e5) / 1e5]
        self.extent += [math.ceil(east * 1e5) / 1e5, math.ceil(north * 1e5) / 1e5]

    def matching(self, bbox: tuple[float, ...] | None) -> list[dict]:
        """Return the features whose shape intersects the bbox (all without one), in code order."""
        return [self.features[i] for i in self.matching_positions(bbox)]

    def matching_positions(self, bbox: tuple[float, ...] | None) -> list[int]:
        """Return the positions in ``features`` of those that ``matching`` returns."""
        if bbox is None:
            return list(range(len(self.features)))
        west, south, east, north = bbox if len(bbox) == 4 else bbox[:2] + bbox[3:5]
        boxes = (
            [shapely.box(west, south, east, north)]
            if west <= east
            else [shapely.box(west, south, 180, north), shapely.box(-180, south, east, north)]
        )
        hits = set()
        for box in boxes:
            hits.update(self._tree.query(box, predicate="intersects").tolist())
        return sorted(hits)

    def get(self, code: str) -> dict | None:
        """Return the feature of the area with this code, or None."""
        position = self._position.get(code)
        return None if position is None else self.features[position]

    def position(self, code: str) -> int:
        """Return the position in ``features`` of the area with this code; raises OgcError 404."""
        position = self._position.get(code)
        if position is None:
            raise OgcError(404, "NotFound", f"there is no area with code {code!r}")
        return position

    @property
    def id(self) -> str:
        return self.area_set.collection_id


class Catalogue:
    """The API's collections by id, in the order they are listed (the summaries first)."""

    def __init__(self, indexes: Iterable[Collection]):
        self._by_id = {index.id: index for index in indexes}

    def __iter__(self) -> Iterator[Collection]:
        return iter(self._by_id.values())

    @property
    def ids(self) -> list[str]:
        return list(self._by_id)

    @property
    def main(self) -> Collection:
        """The summaries' collection, which the landing page and the API are named after."""
        return next(iter(self._by_id.values()))

    def get(self, collection_id: str) -> Collection:
        """Return the collection with this id; raises OgcError 404 if there is none."""
        index = self._by_id.get(collection_id)
        if index is None:
            raise OgcError(404, "NotFound", f"there is no collection {collection_id!r}")
        return index

    @property
    def attributions(self) -> list[str]:
        """Every attribution line of every collection, each once, in order."""
        return list(dict.fromkeys(line for index in self for line in index.area_set.attributions))

    @property
    def licence_links(self) -> list[dict]:
        """A ``license`` link for each distinct licence of the collections."""
        links: dict[str, dict] = {}
        for index in self:
            links.setdefault(index.area_set.provenance.licence_url, licence_link(index))
        return list(links.values())


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


def licence_link(index: Collection) -> dict:
    provenance = index.area_set.provenance
    return link(provenance.licence_url, "license", HTML_TYPE, provenance.licence)


def landing_page(catalogue: Catalogue, base: str, fmt: str) -> dict:
    """Return the landing page: what the API is, and links to everything else."""
    main = catalogue.main.area_set
    publication = main.publication
    if publication is None:
        raise ValueError("the main collection is the summaries' areas, with their publication")
    others = "".join(
        f" Also the collection {index.id}: {index.area_set.title} ({len(index.features)} areas)."
        for index in catalogue
        if index is not catalogue.main
    )
    return {
        "title": f"{publication.title} ({publication.period})",
        "description": (
            f"The figures of the {publication.title} ({publication.publisher}), "
            f"{publication.period}, for each of the {len(main.areas)} areas, "
            f"with their boundaries, as OGC API – Features.{others}"
        ),
        "attribution": " · ".join(catalogue.attributions),
        "links": [
            *self_links(base, fmt, JSON_TYPE),
            link(f"{base}/openapi", "service-desc", OPENAPI_TYPE, "The API definition"),
            link(f"{base}/openapi?f=html", "service-doc", HTML_TYPE, "The API documentation"),
            link(f"{base}/conformance", "conformance", JSON_TYPE, "Conformance classes"),
            link(f"{base}/collections", "data", JSON_TYPE, "The collections"),
            *catalogue.licence_links,
        ],
    }


def conformance(base: str, fmt: str) -> dict:
    """Return the conformance declaration: Core, GeoJSON, HTML and OpenAPI 3.0."""
    return {
        "links": self_links(f"{base}/conformance", fmt, JSON_TYPE),
        "conformsTo": CONFORMANCE_CLASSES,
    }


def collection_info(index: Collection, base: str, fmt: str) -> dict:
    """Return the description of one collection: what it is, its extent and links."""
    area_set = index.area_set
    href = f"{base}/collections/{index.id}"
    return {
        "id": index.id,
        "title": area_set.title,
        "description": area_set.description,
        "attribution": " · ".join(index.area_set.attributions),
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {"spatial": {"bbox": [index.extent], "crs": CRS84}},
        "links": [
            *self_links(href, fmt, JSON_TYPE),
            link(f"{href}/items?f=json", "items", GEOJSON_TYPE, "The areas as GeoJSON"),
            link(f"{href}/items?f=html", "items", HTML_TYPE, "The areas as HTML"),
            link(f"{href}/schema", "describedby", SCHEMA_TYPE, "The schema of the areas"),
            link(f"{href}/queryables", QUERYABLES_REL, SCHEMA_TYPE, "The fields and their types"),
            licence_link(index),
        ],
    }


def collections(catalogue: Catalogue, base: str, fmt: str) -> dict:
    """Return the list of collections."""
    return {
        "links": [*self_links(f"{base}/collections", fmt, JSON_TYPE), *catalogue.licence_links],
        "collections": [collection_info(index, base, fmt) for index in catalogue],
    }


def collection(catalogue: Catalogue, base: str, fmt: str, collection_id: str) -> dict:
    """Return one collection's description; raises OgcError 404 for an unknown id."""
    return collection_info(catalogue.get(collection_id), base, fmt)


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


def page_document(
    index: Collection,
    base: str,
    fmt: str,
    query: ItemsQuery,
    matched: int,
    returned: int,
    features: list[dict],
    generated: dt.datetime,
) -> dict:
    """Return a page of ``returned`` of the ``matched`` features as a FeatureCollection,
    with ``features`` as its last member. ``generated`` is its timeStamp."""
    href = f"{base}/collections/{index.id}/items"
    return {
        "type": "FeatureCollection",
        "numberMatched": matched,
        "numberReturned": returned,
        "timeStamp": generated.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "links": [
            *self_links(href, fmt, GEOJSON_TYPE, query.parameters()),
            *page_links(href, fmt, query, matched),
            link(f"{base}/collections/{index.id}", "collection", JSON_TYPE, "The collection"),
        ],
        **index.area_set.provenance.members(),
        "features": features,
    }


def items(
    catalogue: Catalogue,
    base: str,
    fmt: str,
    collection_id: str,
    query: ItemsQuery,
    generated: dt.datetime,
) -> dict:
    """Return one page of the collection's features as a GeoJSON FeatureCollection.

    ``generated`` is the response's timeStamp. Raises OgcError 404 for an unknown collection.
    """
    index = catalogue.get(collection_id)
    matched = index.matching(query.bbox)
    page = matched[query.offset : query.offset + query.limit]
    return page_document(index, base, fmt, query, len(matched), len(page), page, generated)


def items_json(
    catalogue: Catalogue,
    base: str,
    collection_id: str,
    query: ItemsQuery,
    generated: dt.datetime,
) -> bytes:
    """Return ``to_bytes(items(…, "json", …))``, byte for byte, made from the features'
    prepared bytes instead of serialising them again. Raises OgcError 404."""
    index = catalogue.get(collection_id)
    matched = index.matching_positions(query.bbox)
    page = matched[query.offset : query.offset + query.limit]
    head = to_bytes(
        page_document(index, base, "json", query, len(matched), len(page), [], generated)
    )
    # "features" is the last member, so the document ends with its empty list.
    if not head.endswith(b'"features":[]}'):
        raise ValueError("the features must be the page's last member")
    return b"".join((head[:-2], b",".join(index.feature_json[i] for i in page), b"]}"))


def item_members(index: Collection, base: str, fmt: str, feature_id: str) -> dict:
    """Return what an item's answer adds to its feature: links and provenance."""
    href = f"{base}/collections/{index.id}/items/{feature_id}"
    return {
        "links": [
            *self_links(href, fmt, GEOJSON_TYPE),
            link(f"{base}/collections/{index.id}", "collection", JSON_TYPE, "The collection"),
        ],
        **index.area_set.provenance.members(),
    }


def item(catalogue: Catalogue, base: str, fmt: str, collection_id: str, feature_id: str) -> dict:
    """Return one area as a GeoJSON Feature; raises OgcError 404 if there is no such one."""
    index = catalogue.get(collection_id)
    feature = index.features[index.position(feature_id)]
    return {**feature, **item_members(index, base, fmt, feature_id)}


def item_json(catalogue: Catalogue, base: str, collection_id: str, feature_id: str) -> bytes:
    """Return ``to_bytes(item(…, "json", …))``, byte for byte, from the feature's prepared
    bytes: its members, then the answer's. Raises OgcError 404."""
    index = catalogue.get(collection_id)
    feature = index.feature_json[index.position(feature_id)]
    return b"".join(
        (feature[:-1], b",", to_bytes(item_members(index, base, "json", feature_id))[1:])
    )
