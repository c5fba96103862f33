"""Text responses get a strong ETag (304 when unchanged) and gzip, compressed once.

Views that set their own ETag or encoding (assets, downloads) are left alone. Rendered
pages repeat, so each distinct body is compressed once and the result reused.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict

from flask import Flask, Response, request

from geoapp.views.http import accepts_gzip, gzip_etag

COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/geo+json",
    "application/javascript",
    "application/vnd.oai.openapi+json",
    "application/schema+json",
)
MIN_BYTES = 512
CACHE_ENTRIES = 512


class GzipCache:
    """Gzipped bodies by ETag, least recently used dropped first; safe across threads."""

    def __init__(self, entries: int = CACHE_ENTRIES):
        self._entries = entries
        self._store: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def compressed(self, etag: str, body: bytes) -> bytes:
        with self._lock:
            if etag in self._store:
                self._store.move_to_end(etag)
                return self._store[etag]
        zipped = gzip.compress(body, compresslevel=6, mtime=0)
        with self._lock:
            self._store[etag] = zipped
            while len(self._store) > self._entries:
                self._store.popitem(last=False)
        return zipped


def is_compressible(response: Response) -> bool:
    return (
        response.status_code == 200
        and not response.direct_passthrough
        and "Content-Encoding" not in response.headers
        and response.mimetype.startswith(COMPRESSIBLE_TYPES)
    )


def register(app: Flask) -> None:
    cache = GzipCache()

    @app.after_request
    def conditional_and_compressed(response: Response) -> Response:
        if request.method not in ("GET", "HEAD") or not is_compressible(response):
            return response
        body = response.get_data()
        etag = response.get_etag()[0] or hashlib.sha256(body).hexdigest()[:32]
        zipped = len(body) >= MIN_BYTES and accepts_gzip()
        # Each encoding is its own representation, so it gets its own strong ETag.
        response.set_etag(gzip_etag(etag) if zipped else etag)
        response.vary.add("Accept-Encoding")
        response.make_conditional(request)
        if response.status_code == 200 and zipped:
            response.set_data(cache.compressed(etag, body))
            response.headers["Content-Encoding"] = "gzip"
        return response
