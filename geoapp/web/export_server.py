"""`geoapp serve --export DIR`: answer from an export at once, while the app is built.

Building the app (importing GeoPandas, reading and preparing the data) takes seconds; an
export of the same data already holds every page and file. So the server starts with this
WSGI app, which needs nothing heavy: files from the export (the same files and headers
nginx would send) for requests without a query (or only ``f=``/``set=``), and everything
else to the app once it is built, waiting for it until then. When the app's data version
differs from the export's (other data, or after a SIGHUP reload) every request goes to the
app: the export is never served for data it was not made from.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for types: files are served before Flask is imported
    from flask import Flask

log = logging.getLogger(__name__)

MANIFEST = "_export.json"  # geoapp.web.export.MANIFEST, not imported: that module is heavy
#: Query arguments a file can answer (the variants the export wrote).
FILE_ARGUMENTS = {"f", "set"}
BUILD_WAIT_SECONDS = 120


def read_query(text: str) -> dict[str, str] | None:
    """Return the query's arguments, or None when one of them needs the app."""
    from urllib.parse import parse_qsl

    arguments = dict(parse_qsl(text, keep_blank_values=True))
    return arguments if set(arguments) <= FILE_ARGUMENTS else None


class ExportFiles:
    """The files of an export by URL, chosen as the nginx configuration chooses them."""

    def __init__(self, folder: Path):
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        self.folder = folder
        self.data_version = manifest.get("data_version")
        self._by_path: dict[str, list[dict]] = {}
        for entry in manifest["files"]:
            self._by_path.setdefault(entry["path"], []).append(entry)

    def find(self, path: str, query: dict[str, str], accept: str) -> dict | None:
        """Return the manifest entry answering the request, or None."""
        entries = self._by_path.get(path)
        if not entries:
            return None
        wanted_set = query.get("set")
        same_set = [e for e in entries if e["query"].get("set") == wanted_set]
        entries = same_set or [e for e in entries if "set" not in e["query"]]
        fmt = query.get("f") or ("html" if "text/html" in accept else "json")
        html = [e for e in entries if e["content_type"].startswith("text/html")]
        other = [e for e in entries if not e["content_type"].startswith("text/html")]
        chosen = (html or other) if fmt == "html" else (other or html)
        return chosen[0] if chosen else None

    def respond(self, entry: dict, gzip_ok: bool, head: bool, start_response):
        target = self.folder / entry["file"]
        zipped = target.with_name(target.name + ".gz")
        use_gzip = gzip_ok and zipped.exists()
        body = (zipped if use_gzip else target).read_bytes()
        headers = [("Content-Type", entry["content_type"]), *entry["headers"].items()]
        if use_gzip:
            headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        headers.append(("Content-Length", str(len(body))))
        start_response("200 OK", headers)
        return [] if head else [body]


class StartingApp:
    """WSGI app: the export's files now, the real app (built by ``build()``) when ready."""

    def __init__(self, folder: Path, build):
        self.files = ExportFiles(folder)
        self._build = build
        self.app: Flask | None = None
        self.failed: Exception | None = None
        self._ready = threading.Event()

    def start(self) -> None:
        """Build the app in a thread; requests the files cannot answer wait for it."""
        threading.Thread(target=self._run_build, name="geoapp-build", daemon=True).start()

    def _run_build(self) -> None:
        try:
            self.app = app = self._build()
            version = app.extensions["geoapp"].site.summaries.version
            if version != self.files.data_version:
                log.warning(
                    "the export holds data %s, not %s: not used", self.files.data_version, version
                )
        except Exception as error:  # the files go on being served; the app answers 503
            self.failed = error
            log.error("the app could not be built: %s", error)
        finally:
            self._ready.set()

    def reload(self) -> None:
        """What SIGHUP does: reload the app's data (in a thread) once it is built."""
        if self.app is None:
            log.warning("SIGHUP before the app was built: nothing to reload yet")
            return
        holder = self.app.extensions["geoapp"]
        threading.Thread(target=holder.reload, name="geoapp-reload", daemon=True).start()

    def export_is_current(self) -> bool:
        if self.app is None:
            return True
        return self.app.extensions["geoapp"].site.summaries.version == self.files.data_version

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        query = read_query(environ.get("QUERY_STRING", ""))
        if method in ("GET", "HEAD") and query is not None and self.export_is_current():
            entry = self.files.find(
                environ.get("PATH_INFO", ""), query, environ.get("HTTP_ACCEPT", "")
            )
            if entry is not None:
                gzip_ok = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "").lower()
                return self.files.respond(entry, gzip_ok, method == "HEAD", start_response)
        if not self._ready.wait(BUILD_WAIT_SECONDS) or self.app is None:
            start_response("503 Service Unavailable", [("Retry-After", "10")])
            return [b"The map is starting; please try again in a few seconds.\n"]
        return self.app(environ, start_response)
