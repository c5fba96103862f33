"""Downloads and assets answered from prepared bytes, with almost no work per request.

Their answers depend only on the path, whether the client takes gzip, and the data
version, so the first answer Flask gives for each is kept (status, headers and body) and
replayed by this WSGI layer in front of Flask: a dictionary look-up and one write. Flask
stays the one place that decides headers (CSP, CORS, ETag, attachment names), so the
replay cannot drift from it, and a reload (a new Site in the holder) starts afresh.

WhiteNoise does this for files on disk found at start-up; these files live in memory,
are rebuilt on SIGHUP and carry headers Flask sets, so a replay of Flask's own answer
fits better than copying them to disk for WhiteNoise.
"""

from __future__ import annotations

import threading

from geoapp.reload import SiteHolder

PREFIXES = ("/downloads/", "/assets/")
#: Bound on what is kept, whatever paths clients make up (only 200 answers are kept).
MAX_ENTRIES = 4096


class PreparedAnswers:
    """WSGI middleware: GET and HEAD of downloads and assets, without a query, replayed
    from Flask's first answer for the same path and encoding."""

    def __init__(self, app, holder: SiteHolder):
        self.app = app
        self.holder = holder
        self._site = None
        #: (path, gzip) -> (the Host it was asked with, status, headers, body)
        self._answers: dict[tuple[str, bool], tuple[str | None, str, list, bytes]] = {}
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        path = environ.get("PATH_INFO", "")
        if (
            method not in ("GET", "HEAD")
            or environ.get("QUERY_STRING")
            or environ.get("HTTP_IF_NONE_MATCH")  # conditional requests: Flask answers 304
            or environ.get("HTTP_RANGE")  # byte ranges (GDAL reading a GeoPackage): Flask
            or environ.get("CONTENT_LENGTH") not in (None, "", "0")  # a body: Flask's limits
            or environ.get("HTTP_TRANSFER_ENCODING")
            or not path.startswith(PREFIXES)
        ):
            return self.app(environ, start_response)
        key = (path, "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "").lower())
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
                    self._site, self._answers = site, {}
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
            and len(self._answers) < MAX_ENTRIES
        )
        if keep:
            with self._lock:
                if site is self._site:
                    host = environ.get("HTTP_HOST")
                    self._answers[key] = (host, seen["status"], list(headers), body)
        return [body]
