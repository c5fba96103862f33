"""Response headers every route gets: what a page may load, who may frame it (its route
family's frame-ancestors), no sniffing; and CORS where its family allows it.

The Content-Security-Policy allows only our own files: every script and stylesheet is an
external file under /assets/ (the folium map script too), so no 'unsafe-inline' and no
'unsafe-eval'. Images: ours, data: URLs (Leaflet's) and the basemap's tile host.
"""

from __future__ import annotations

import re

from flask import Flask, Response, request

from geoapp.config import Settings
from geoapp.web.http import request_family
from geoapp.web.routes import ANY_ORIGIN, CORS_HEADER, FAMILIES, allows_cors

REFERRER_POLICY = "strict-origin-when-cross-origin"
#: Geolocation ("Use my location") for our own pages only, never for a page framing us;
#: features we never use are off.
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"
#: An SVG we serve, opened on its own, is a document: its styles are inline (matplotlib
#: writes them so), and it may load and run nothing else.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
TILE_HOST = re.compile(r"^(?P<scheme>https?)://(?P<host>[^/?#]+)", re.IGNORECASE)
SUBDOMAIN_PLACEHOLDER = re.compile(r"^\{[^}]*\}\.")
CSP_HOST = re.compile(r"(\*\.)?[A-Za-z0-9.-]+(:[0-9]+)?")


def tile_source(tiles_url: str) -> str:
    """Return the CSP source that lets the map load the basemap's tiles.

    "https://tile.openstreetmap.org/{z}/{x}/{y}.png" → "https://tile.openstreetmap.org";
    a subdomain placeholder ("https://{s}.tile.example.org/…") → "https://*.tile.example.org".
    A host CSP cannot describe exactly (a placeholder elsewhere) falls back to its scheme.
    """
    found = TILE_HOST.match(tiles_url.strip())
    if not found:
        return ""
    scheme = found["scheme"].lower()
    host = SUBDOMAIN_PLACEHOLDER.sub("*.", found["host"])
    return f"{scheme}://{host}" if CSP_HOST.fullmatch(host) else f"{scheme}:"


def content_security_policy(settings: Settings, frame_ancestors: str) -> str:
    """Return the Content-Security-Policy for a response that ``frame_ancestors`` may frame."""
    tiles = tile_source(settings.tiles_url) if settings.has_tiles else ""
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": " ".join(filter(None, ("'self'", "data:", tiles))),
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def security_headers(settings: Settings, frame_ancestors: str) -> dict[str, str]:
    """Return the security headers of a response that ``frame_ancestors`` may frame."""
    # frame-ancestors (not X-Frame-Options) decides framing: embeds anywhere, the rest us.
    return {
        "Content-Security-Policy": content_security_policy(settings, frame_ancestors),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": REFERRER_POLICY,
        "Permissions-Policy": PERMISSIONS_POLICY,
    }


def register(app: Flask) -> None:
    """Add the security headers to every response (after compression: after_request hooks
    run in the reverse order of registration)."""
    # Settings never change while the app runs (a reload re-reads data, not settings).
    settings = app.extensions["geoapp"].site.settings
    by_ancestors = {
        ancestors: security_headers(settings, ancestors)
        for ancestors in {family.frame_ancestors for family in FAMILIES}
    }

    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers.update(by_ancestors[request_family().frame_ancestors])
        if response.mimetype == "image/svg+xml":
            response.headers["Content-Security-Policy"] = SVG_POLICY
        response.headers.pop("X-Frame-Options", None)
        return response


def register_cors(app: Flask) -> None:
    """Let any site read the responses their route family opens (JSON errors open
    themselves: geoapp/web/errors.py). Registered after compression so that it runs before
    it: the header then stands right after the view's own, before the ETag."""

    @app.after_request
    def allow_any_origin(response: Response) -> Response:
        if allows_cors(request_family(), request.method, response.status_code):
            response.headers[CORS_HEADER] = ANY_ORIGIN
        return response
