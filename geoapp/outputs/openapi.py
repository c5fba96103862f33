"""Documents that describe the OGC API: its OpenAPI 3.0 definition and the areas' schema.

Plain dicts, like geoapp.outputs.ogc; the parameters here are the ones geoapp.outputs.ogc accepts.
"""

from __future__ import annotations

from geoapp.outputs.ogc import (
    GEOJSON_TYPE,
    HTML_TYPE,
    JSON_TYPE,
    OPENAPI_TYPE,
    SCHEMA_TYPE,
    Catalogue,
    Collection,
)
from geoapp.outputs.ogc_params import DEFAULT_LIMIT, FORMATS, MAX_LIMIT, MAX_OFFSET


def feature_schema(index: Collection, base: str) -> dict:
    """Return the JSON Schema of the collection's features (the ``describedby`` link).

    GDAL builds its columns and their types from it, so a figure held only for a later
    area still gets an integer column. Fields the record lacks are null in the API.
    """
    area_set = index.area_set
    fields = {name: {"type": kind} for name, kind in index.fields.items()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{base}/collections/{index.id}/schema",
        "title": area_set.title,
        "description": "An area as a GeoJSON Feature. Fields are those of data/README.md; "
        f"{area_set.null_meaning}.",
        "type": "object",
        "required": ["type", "id", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "string"},
            "geometry": {"type": "object"},
            "properties": {
                "type": "object",
                "required": list(area_set.required),
                "properties": fields,
            },
        },
    }


#: The field types a filter can compare: a collection's queryables are its fields of these.
QUERYABLE_TYPES = ("string", "integer", "number", "boolean")


def queryables(index: Collection, base: str) -> dict:
    """Return the collection's queryables (OGC API – Features Part 3, a JSON Schema): its
    shape and each field of a plain type, with the type every feature gives it.

    Lists and objects (``investments``, ``case_study``…) are not queryable; their plain
    columns are. Fields the record lacks are null in the API.
    """
    area_set = index.area_set
    fields = {
        name: {"type": kind} for name, kind in index.fields.items() if kind in QUERYABLE_TYPES
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{base}/collections/{index.id}/queryables",
        "type": "object",
        "title": f"{area_set.title}: queryables",
        "description": "The fields of the features a filter could compare, each with the "
        f"JSON type every feature gives it; {area_set.null_meaning}.",
        "properties": {
            "geometry": {
                "title": "The area's shape",
                "format": "geometry-polygon-or-multipolygon",
                "x-ogc-role": "primary-geometry",
            },
            **fields,
        },
        "additionalProperties": False,
    }


def parameter(name: str, where: str, schema: dict, description: str, **extra) -> dict:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema,
        **extra,
    }


def collection_parameter(catalogue: Catalogue) -> dict:
    """Return the ``collectionId`` parameter: one of the collections, each described."""
    described = "; ".join(f"{index.id}: {index.area_set.title}" for index in catalogue)
    return parameter(
        "collectionId",
        "path",
        {"type": "string", "enum": catalogue.ids},
        f"The collection ({described}).",
    )


#: The parameters that are the same whatever the collections.
PARAMETERS = {
    "featureId": parameter(
        "featureId", "path", {"type": "string"}, "The ONS code of an area, e.g. E37000017."
    ),
    "f": parameter(
        "f", "query", {"type": "string", "enum": list(FORMATS)}, "Format; overrides Accept."
    ),
    "limit": parameter(
        "limit",
        "query",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        "The most features to return in one page.",
        style="form",
        explode=False,
    ),
    "offset": parameter(
        "offset",
        "query",
        {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
        "How many matching features to skip (the next link sets it).",
    ),
    "bbox": parameter(
        "bbox",
        "query",
        {
            "type": "array",
            "oneOf": [{"minItems": 4, "maxItems": 4}, {"minItems": 6, "maxItems": 6}],
            # OpenAPI 3.0 cannot give each position its own range: latitudes (the 2nd and
            # 4th numbers) must also be within ±90, and south not above north.
            "items": {"type": "number", "minimum": -180, "maximum": 180},
        },
        "Only features whose shape intersects this box: west,south,east,north in CRS84 "
        "(longitudes -180 to 180, latitudes -90 to 90, south not above north; west above "
        "east crosses the antimeridian).",
        style="form",
        explode=False,
    ),
}


def operation(operation_id: str, summary: str, parameters: list[str], types: list[str]) -> dict:
    """Return a GET operation answering 200 in ``types``, and its errors as OGC exceptions
    in JSON, or as a page for browsers (``f=html`` or an HTML ``Accept``)."""
    exception = {"schema": {"$ref": "#/components/schemas/exception"}}
    error = {"content": {JSON_TYPE: exception, HTML_TYPE: {"schema": {"type": "string"}}}}
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": [{"$ref": f"#/components/parameters/{name}"} for name in parameters],
            "responses": {
                "200": {
                    "description": summary,
                    "content": {media_type: {"schema": {"type": "object"}} for media_type in types},
                },
                "400": {"description": "A parameter has an invalid value.", **error},
                "404": {"description": "No such collection or feature.", **error},
                "414": {"description": "The path or the query is too long.", **error},
            },
        }
    }


def openapi_document(catalogue: Catalogue, base: str) -> dict:
    """Return the OpenAPI 3.0 definition of the API served at ``base``."""
    main = catalogue.main
    publication = main.area_set.publication
    if publication is None:  # the main collection is the summaries', which have one
        raise ValueError(f"{main.area_set.key} has no publication to describe the API")
    provenance = main.area_set.provenance
    json_html = [JSON_TYPE, HTML_TYPE]
    collection = ["collectionId", "f"]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"{publication.title} ({publication.period})",
            "version": "1.0.0",
            "description": "OGC API – Features, Part 1 Core: the areas with their figures. "
            f"Collections: {', '.join(catalogue.ids)}. Data version {main.area_set.version}.",
            "license": {"name": provenance.licence, "url": provenance.licence_url},
        },
        "servers": [{"url": base}],
        "paths": {
            "/": operation("getLandingPage", "The landing page", ["f"], json_html),
            "/conformance": operation("getConformance", "Conformance classes", ["f"], json_html),
            "/collections": operation("getCollections", "The collections", ["f"], json_html),
            "/collections/{collectionId}": operation(
                "describeCollection", "One collection", collection, json_html
            ),
            "/collections/{collectionId}/items": operation(
                "getFeatures",
                "A page of the collection's features",
                [*collection, "limit", "offset", "bbox"],
                [GEOJSON_TYPE, HTML_TYPE],
            ),
            "/collections/{collectionId}/items/{featureId}": operation(
                "getFeature", "One feature", [*collection, "featureId"], [GEOJSON_TYPE, HTML_TYPE]
            ),
            "/collections/{collectionId}/schema": operation(
                "getSchema", "The schema of the features", ["collectionId"], [SCHEMA_TYPE]
            ),
            "/collections/{collectionId}/queryables": operation(
                "getQueryables",
                "The queryable fields and their types",
                ["collectionId"],
                [SCHEMA_TYPE],
            ),
            "/openapi": operation("getOpenAPI", "This document", ["f"], [OPENAPI_TYPE, HTML_TYPE]),
        },
        "components": {
            "parameters": {"collectionId": collection_parameter(catalogue), **PARAMETERS},
            "schemas": {
                "exception": {
                    "type": "object",
                    "required": ["code"],
                    "properties": {"code": {"type": "string"}, "description": {"type": "string"}},
                }
            },
        },
    }
