"""Text responses get a strong ETag (304 when unchanged) and gzip, compressed once.

Views that set their own ETag or encoding (assets, downloads) are left alone. Rendered
pages repeat, so each distinct body is compressed once and the result reused.
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, request

from geoapp.site.lru import LruCache
from geoapp.web.http import MIN_GZIP_BYTES, accepts_gzip, gzip_bytes, gzip_etag

COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/geo+json",
    "application/javascript",
    "application/vnd.oai.openapi+json",
    "application/schema+json",
)
#: Gzipped bodies kept, by ETag.
CACHE_ENTRIES = 512


def is_compressible(response: Response) -> bool:
    return (
        response.status_code == 200
        and not response.direct_passthrough
        and "Content-Encoding" not in response.headers
        and (response.mimetype or "").startswith(COMPRESSIBLE_TYPES)
    )


def register(app: Flask) -> None:
    cache: LruCache[bytes] = LruCache(CACHE_ENTRIES)

    @app.after_request
    def conditional_and_compressed(response: Response) -> Response:
        if request.method not in ("GET", "HEAD") or not is_compressible(response):
            return response
        body = response.get_data()
        etag = response.get_etag()[0] or hashlib.sha256(body).hexdigest()[:32]
        zipped = len(body) >= MIN_GZIP_BYTES and accepts_gzip()
        # Each encoding is its own representation, so it gets its own strong ETag.
        response.set_etag(gzip_etag(etag) if zipped else etag)
        response.vary.add("Accept-Encoding")
        response.make_conditional(request)
        if response.status_code == 200 and zipped:
            response.set_data(cache.get(etag, lambda: gzip_bytes(body)))
            response.headers["Content-Encoding"] = "gzip"
        return response
