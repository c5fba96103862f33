"""Downloads, assets and OGC API answers answered from prepared bytes, with almost no
work per request.

Their answers depend only on the path, whether the client takes gzip, and the data
version (the OGC API's also on the query, Accept, scheme and Host), so the first answer
Flask gives for each is kept (status, headers and body) and replayed by this WSGI layer
in front of Flask: a dictionary look-up and one write. Flask
stays the one place that decides headers (CSP, CORS, ETag, attachment names), so the
replay cannot drift from it, and a reload (a new Site in the holder) starts afresh.

WhiteNoise does this for files on disk found at start-up; these files live in memory,
are rebuilt on SIGHUP and carry headers Flask sets, so a replay of Flask's own answer
fits better than copying them to disk for WhiteNoise.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from geoapp.site.lru import LruCache
from geoapp.site.reload import SiteHolder

if TYPE_CHECKING:
    from geoapp.site.build import Site

PREFIXES = ("/downloads/", "/assets/")
#: Bound on what is kept, whatever paths clients make up (only 200 answers are kept).
MAX_ENTRIES = 4096
#: The OGC API's answers depend on their query too, on the format asked for (Accept) and
#: on the scheme and Host their links are made of (geoapp/web/views/ogc.py), so they are
#: replayed by all of these, from a cache bounded in bytes: queries made up to bust it
#: only evict one another. Flask's own cache of them (by normalised query) stays behind.
OGC_PREFIX = "/ogc"
OGC_DEPENDS_ON = ("QUERY_STRING", "HTTP_ACCEPT", "HTTP_HOST", "wsgi.url_scheme", "SCRIPT_NAME")
OGC_ENTRIES = 2048
OGC_BYTES = 32 * 1024 * 1024


def answer_bytes(answer: tuple) -> int:
    """The bytes a kept answer holds: its body and its headers."""
    _host, status, headers, body = answer
    return len(body) + len(status) + sum(len(name) + len(value) for name, value in headers)


def ogc_cache() -> LruCache:
    """Return an empty cache for replayed OGC API answers, bounded by entries and bytes."""
    return LruCache(OGC_ENTRIES, OGC_BYTES, size=answer_bytes)


class PreparedAnswers:
    """WSGI middleware: GET and HEAD of downloads and assets, without a query, replayed
    from Flask's first answer for the same path and encoding; and of the OGC API, by path,
    query, Accept, encoding, scheme and Host."""

    def __init__(self, app, holder: SiteHolder):
        self.app = app
        self.holder = holder
        self._site: Site | None = None
        #: (path, gzip) -> (the Host it was asked with, status, headers, body)
        self._answers: dict[tuple[str | bool | None, ...], tuple[str | None, str, list, bytes]] = {}
        self._ogc_answers = ogc_cache()
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        path = environ.get("PATH_INFO", "")
        ogc = path.startswith(OGC_PREFIX)
        if (
            method not in ("GET", "HEAD")
            or (environ.get("QUERY_STRING") and not ogc)
            or environ.get("HTTP_IF_NONE_MATCH")  # conditional requests: Flask answers 304
            or environ.get("HTTP_RANGE")  # byte ranges (GDAL reading a GeoPackage): Flask
            or environ.get("CONTENT_LENGTH") not in (None, "", "0")  # a body: Flask's limits
            or environ.get("HTTP_TRANSFER_ENCODING")
            or not (ogc or path.startswith(PREFIXES))
        ):
            return self.app(environ, start_response)
        # (path, gzip), and for the OGC API what else its answer depends on.
        key: tuple[str | bool | None, ...] = (
            path,
            "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "").lower(),
        )
        if ogc:
            key += tuple(environ.get(name) for name in OGC_DEPENDS_ON)
        answer = self._answer(key)
        if answer is None:
            return self._capture(key, environ, start_response)
        host, status, headers, body = answer
        if environ.get("HTTP_HOST") != host:
            # Only the Host Flask accepted is replayed: any other goes through its checks.
            return self.app(environ, start_response)
        start_response(status, headers)
        return [body] if method == "GET" else []

    def _answer(self, key):
        site = self.holder.site
        if site is not self._site:
            with self._lock:
                if site is not self._site:
                    self._site, self._answers, self._ogc_answers = site, {}, ogc_cache()
        if key[0].startswith(OGC_PREFIX):
            return self._ogc_answers.find(key)
        return self._answers.get(key)

    def _capture(self, key, environ, start_response):
        """Let Flask answer, and keep the answer if it is a plain 200 of a GET."""
        seen = {}

        def remember(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        site = self.holder.site
        chunks = self.app(environ, remember)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        headers = seen.get("headers", [])
        keep = (
            environ["REQUEST_METHOD"] == "GET"
            and seen.get("status", "").startswith("200")
            and not any(name.lower() == "set-cookie" for name, _ in headers)
        )
        if keep:
            answer = (environ.get("HTTP_HOST"), seen["status"], list(headers), body)
            with self._lock:
                if site is not self._site:
                    return [body]
                if key[0].startswith(OGC_PREFIX):
                    self._ogc_answers.keep(key, answer)
                elif len(self._answers) < MAX_ENTRIES:
                    self._answers[key] = answer
        return [body]
