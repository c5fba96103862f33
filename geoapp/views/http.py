"""Response helpers shared by the views: conditional requests and compression."""

from __future__ import annotations

from flask import Response, abort, request

from geoapp.lookup import parse_coordinate

IMMUTABLE = "public, max-age=31536000, immutable"


def accepts_gzip() -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def gzip_etag(etag: str) -> str:
    """The ETag of the gzipped representation of what ``etag`` names."""
    return f"{etag}-gzip"


def send_bytes(
    body: bytes,
    content_type: str,
    etag: str,
    cache_control: str,
    gzipped: bytes | None = None,
    ranges: bool = False,
) -> Response:
    """Return ``body`` with a strong ETag, 304 when the client has it, gzip when accepted.

    With ``ranges``, a request for byte ranges gets them (206, or 416), uncompressed: GDAL
    and QGIS read a GeoPackage or a zip from a URL a range at a time, and give up on a
    server that cannot.
    """
    if ranges and "Range" in request.headers:
        return send_ranges(body, content_type, etag, cache_control)
    zipped = gzipped is not None and accepts_gzip()
    if zipped:
        etag = gzip_etag(etag)
    if etag in request.if_none_match:
        response = Response(status=304)
    elif zipped:
        response = Response(gzipped, content_type=content_type)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(body, content_type=content_type)
    response.set_etag(etag)
    response.headers["Cache-Control"] = cache_control
    if gzipped is not None:
        response.vary.add("Accept-Encoding")
    if ranges:
        response.headers["Accept-Ranges"] = "bytes"
    return response


def send_ranges(body: bytes, content_type: str, etag: str, cache_control: str) -> Response:
    """Return the byte ranges of ``body`` the request asks for (Werkzeug checks If-Range,
    If-None-Match and the ranges themselves)."""
    response = Response(body, content_type=content_type)
    response.set_etag(etag)
    response.headers["Cache-Control"] = cache_control
    return response.make_conditional(request, accept_ranges=True, complete_length=len(body))


def point_from_query() -> tuple[float, float]:
    """Return (lon, lat) from the query string; aborts with 400 and the reason if invalid."""
    try:
        lat = parse_coordinate(request.args.get("lat"), "lat", 90)
        lon = parse_coordinate(request.args.get("lon"), "lon", 180)
    except ValueError as error:
        abort(400, description=str(error))
    return lon, lat
