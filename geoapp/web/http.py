"""Response helpers shared by the views: the request's route family, conditional requests
and compression."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass

from flask import Response, abort, request

from geoapp.geometry.lookup import parse_coordinate
from geoapp.web.routes import RouteFamily, family_of_request

#: Smaller bodies are sent as they are: gzip would gain next to nothing.
MIN_GZIP_BYTES = 512
#: zlib's default: a body made on a request is compressed in a few milliseconds.
GZIP_LEVEL = 6


def request_family() -> RouteFamily:
    """Return the route family this request is answered as (geoapp/web/routes.py)."""
    return family_of_request(request.endpoint, request.path)


def accepts_gzip() -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def gzip_etag(etag: str) -> str:
    """The ETag of the gzipped representation of what ``etag`` names."""
    return f"{etag}-gzip"


def gzip_bytes(body: bytes) -> bytes:
    """Return ``body`` gzipped, the same bytes every time (no timestamp in the header)."""
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


@dataclass(frozen=True)
class Prepared:
    """A body made once and sent many times: its type, strong ETag and gzipped copy
    (None when it is too small to gain from one)."""

    body: bytes
    content_type: str
    etag: str
    gzipped: bytes | None

    @property
    def size(self) -> int:
        """The bytes it holds, for bounded caches."""
        return len(self.body) + len(self.gzipped or b"")


def prepare(body: bytes, content_type: str, version: str) -> Prepared:
    """Return ``body`` prepared: ETag from the data version and a hash of the bytes, gzip."""
    return Prepared(
        body=body,
        content_type=content_type,
        etag=f"{version}-{hashlib.sha256(body).hexdigest()[:16]}",
        gzipped=gzip_bytes(body) if len(body) >= MIN_GZIP_BYTES else None,
    )


def send_bytes(
    body: bytes,
    content_type: str,
    etag: str,
    gzipped: bytes | None = None,
    vary: tuple[str, ...] = (),
    ranges: bool = False,
) -> Response:
    """Return ``body`` with a strong ETag, 304 when the client has it, gzip when accepted,
    and the Cache-Control of the request's route family.

    ``vary``: the request headers, other than Accept-Encoding, that chose this body.
    With ``ranges``, a request for byte ranges gets them (206, or 416), uncompressed: GDAL
    and QGIS read a GeoPackage or a zip from a URL a range at a time, and give up on a
    server that cannot.
    """
    cache_control = request_family().cache
    if ranges and "Range" in request.headers:
        return send_ranges(body, content_type, etag, cache_control)
    zipped = gzipped is not None and accepts_gzip()
    if zipped:
        etag = gzip_etag(etag)
    # If-None-Match compares weakly (RFC 9110, 13.1.2): W/"x" matches "x".
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    elif zipped:
        response = Response(gzipped, content_type=content_type)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(body, content_type=content_type)
    response.set_etag(etag)
    if cache_control:
        response.headers["Cache-Control"] = cache_control
    chosen_by = [*vary, "Accept-Encoding"] if gzipped is not None else list(vary)
    if chosen_by:  # set once: each response.vary.add() rewrites the header
        response.headers["Vary"] = ", ".join(chosen_by)
    if ranges:
        response.headers["Accept-Ranges"] = "bytes"
    return response


def send_ranges(body: bytes, content_type: str, etag: str, cache_control: str | None) -> Response:
    """Return the byte ranges of ``body`` the request asks for (Werkzeug checks If-Range,
    If-None-Match and the ranges themselves)."""
    response = Response(body, content_type=content_type)
    response.set_etag(etag)
    if cache_control:
        response.headers["Cache-Control"] = cache_control
    response.make_conditional(request, accept_ranges=True, complete_length=len(body))
    return response  # make_conditional changed it in place


def point_from_query() -> tuple[float, float]:
    """Return (lon, lat) from the query string; aborts with 400 and the reason if invalid."""
    try:
        lat = parse_coordinate(request.args.get("lat"), "lat", 90)
        lon = parse_coordinate(request.args.get("lon"), "lon", 180)
    except ValueError as error:
        abort(400, description=str(error))
    return lon, lat
