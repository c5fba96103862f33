"""OGC API – Features under /ogc: each route hands the request to geoapp.outputs.ogc and renders
the document it returns as JSON, or as HTML for browsers (Accept, or ?f=html).

Every answer depends only on the data version, the base URL, the format and the checked
query, so each is made once (with its ETag and gzipped copy) and kept in the Site's
bounded cache by exactly those: unknown parameters, spelling (``-0.50`` or ``-0.5``) and
repeats all find the same answer. Refusals are never kept.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, render_template, request, url_for
from werkzeug.exceptions import default_exceptions

from geoapp.model.areas import AreaSet
from geoapp.outputs import ogc
from geoapp.outputs.geojson import GEOJSON_TYPE, to_bytes
from geoapp.outputs.ogc_params import OgcError, parse_format, parse_items_query
from geoapp.outputs.openapi import feature_schema, openapi_document, queryables
from geoapp.web.errors import error_format, json_error
from geoapp.web.formats import prefers_html
from geoapp.web.http import prepare, send_bytes
from geoapp.web.routes import ErrorFormat
from geoapp.web.views import site

blueprint = Blueprint("ogc", __name__, url_prefix="/ogc")

HTML_CONTENT_TYPE = "text/html; charset=utf-8"


@blueprint.errorhandler(OgcError)
def refuse(error: OgcError):
    """A refused request: an OGC exception as JSON, or the error page for browsers."""
    if error_format() is ErrorFormat.PAGE:
        page_error = default_exceptions[error.status](error.description)
        return render_template("error.html", error=page_error), error.status
    return json_error(error.status, error.code, error.description)


def base() -> str:
    """Return the API's absolute base URL (".../ogc"), which every link starts with."""
    return url_for("ogc.landing", _external=True)


def query() -> dict[str, list[str]]:
    return request.args.to_dict(flat=False)


def requested_format() -> str:
    """Return "json" or "html": ``?f=`` first, then Accept. Raises OgcError for a bad f."""
    return parse_format(query()) or ("html" if prefers_html() else "json")


def answer(fmt: str, make: Callable[[], tuple[bytes, str]], *query) -> Response:
    """Return the answer to this route in this format for this checked ``query``: made by
    ``make()`` (body, content type) the first time, then from the cache. A strong ETag
    (data version and a hash of the bytes) answers 304; gzip when accepted; caching and
    CORS are the OGC API's route family's (geoapp/web/routes.py)."""
    current = site()
    key = (request.endpoint, base(), fmt, *(request.view_args or {}).values(), *query)
    prepared = current.ogc_answers.get(key, lambda: prepare(*make(), current.summaries.version))
    return send_bytes(
        prepared.body,
        prepared.content_type,
        prepared.etag,
        prepared.gzipped,
        # The same URL answers JSON or HTML by Accept: caches must keep both.
        vary=("Accept",),
    )


def render(document: dict, fmt: str, template: str, json_type: str = ogc.JSON_TYPE, **page):
    """Return the document as JSON, or as HTML through templates/ogc/<template>.html
    (``page``: what else the template needs), and its content type."""
    if fmt == "html":
        html = render_template(f"ogc/{template}.html", doc=document, api_base=base(), **page)
        return html.encode("utf-8"), HTML_CONTENT_TYPE
    return to_bytes(document), json_type


def collection_set(collection_id: str) -> AreaSet:
    """Return the published set behind a collection, for its HTML pages; raises OgcError."""
    return site().collections.get(collection_id).area_set


@blueprint.get("", strict_slashes=False)  # "/ogc/" too: people paste it into QGIS
def landing():
    fmt = requested_format()
    return answer(
        fmt, lambda: render(ogc.landing_page(site().collections, base(), fmt), fmt, "landing")
    )


@blueprint.get("/conformance")
def conformance():
    fmt = requested_format()
    return answer(fmt, lambda: render(ogc.conformance(base(), fmt), fmt, "conformance"))


@blueprint.get("/collections")
def collections():
    fmt = requested_format()
    return answer(
        fmt, lambda: render(ogc.collections(site().collections, base(), fmt), fmt, "collections")
    )


@blueprint.get("/collections/<collection_id>")
def collection(collection_id: str):
    fmt = requested_format()

    def make():
        document = ogc.collection(site().collections, base(), fmt, collection_id)
        return render(document, fmt, "collection")

    return answer(fmt, make)


@blueprint.get("/collections/<collection_id>/items")
def items(collection_id: str):
    fmt = requested_format()
    page_query = parse_items_query(query())

    def make():
        catalogue, generated = site().collections, site().built_at
        if fmt == "json":
            body = ogc.items_json(catalogue, base(), collection_id, page_query, generated)
            return body, GEOJSON_TYPE
        document = ogc.items(catalogue, base(), fmt, collection_id, page_query, generated)
        return render(document, fmt, "items", area_set=collection_set(collection_id))

    # The query's own URL parameters: two spellings of one value make the same answer.
    return answer(fmt, make, *page_query.parameters().items())


@blueprint.get("/collections/<collection_id>/items/<feature_id>")
def item(collection_id: str, feature_id: str):
    fmt = requested_format()

    def make():
        catalogue = site().collections
        if fmt == "json":
            return ogc.item_json(catalogue, base(), collection_id, feature_id), GEOJSON_TYPE
        document = ogc.item(catalogue, base(), fmt, collection_id, feature_id)
        return render(document, fmt, "item", area_set=collection_set(collection_id))

    return answer(fmt, make)


@blueprint.get("/collections/<collection_id>/schema")
def schema(collection_id: str):
    def make():
        document = feature_schema(site().collections.get(collection_id), base())
        return to_bytes(document), ogc.SCHEMA_TYPE

    return answer("json", make)


@blueprint.get("/collections/<collection_id>/queryables")
def collection_queryables(collection_id: str):
    def make():
        document = queryables(site().collections.get(collection_id), base())
        return to_bytes(document), ogc.SCHEMA_TYPE

    return answer("json", make)


@blueprint.get("/openapi")
def openapi():
    fmt = requested_format()
    return answer(
        fmt,
        lambda: render(
            openapi_document(site().collections, base()), fmt, "openapi", ogc.OPENAPI_TYPE
        ),
    )
