"""Which address the app's absolute URLs carry: never one an attacker chose.

Every absolute URL (OGC API links, OpenAPI ``servers``, ``next`` links, redirects, oEmbed,
embed snippets) is built from the request's host and scheme, so a forged ``Host`` header
would put the attacker's address in answers that caches and embedding sites keep.

* With ``GEOAPP_PUBLIC_BASE_URL`` set, every request is treated as addressed to it (host,
  scheme and path prefix), whatever ``Host`` it carries.
* Without it, only the hosts in ``GEOAPP_ALLOWED_HOSTS`` are answered (Flask's
  ``TRUSTED_HOSTS``); any other gets 400.
* Either way, two ``Host`` headers, or one that is not a host name, get 400.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, abort, request

from geoapp.config import Settings

#: host[:port]: a DNS name or IPv4 address, or an IPv6 address in brackets.
HOST = re.compile(
    r"(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?"
)
#: Where the Host header the client sent is kept once the public address replaces it.
CLIENT_HOST = "geoapp.client_host"


class PublicAddress:
    """WSGI middleware: every request is addressed to the public base URL."""

    def __init__(self, wsgi_app, base_url: str):
        parts = urlsplit(base_url)
        self.wsgi_app = wsgi_app
        self.scheme, self.host, self.root = parts.scheme, parts.netloc, parts.path.rstrip("/")

    def __call__(self, environ, start_response):
        environ[CLIENT_HOST] = environ.get("HTTP_HOST")
        environ["HTTP_HOST"] = self.host
        environ["wsgi.url_scheme"] = self.scheme
        environ["SCRIPT_NAME"] = self.root
        return self.wsgi_app(environ, start_response)


def allowed_hosts(settings: Settings) -> list[str]:
    """Return the host names GEOAPP_ALLOWED_HOSTS lists (comma-separated)."""
    return [host.strip() for host in settings.allowed_hosts.split(",") if host.strip()]


def refuse_bad_host() -> None:
    """Abort with 400 for two Host headers or one that is not a host[:port]."""
    environ = request.environ
    host = environ[CLIENT_HOST] if CLIENT_HOST in environ else environ.get("HTTP_HOST")
    if host is None:  # HTTP/1.0 without Host: the server's own address is used
        return
    if "," in host:
        abort(400, description="send one Host header, not several")
    if not HOST.fullmatch(host):
        abort(400, description="the Host header must be a host name, with a port or not")


def register(app: Flask, settings: Settings) -> None:
    if settings.public_base_url:
        app.wsgi_app = PublicAddress(app.wsgi_app, settings.public_base_url)
    else:
        app.config["TRUSTED_HOSTS"] = allowed_hosts(settings)
    app.before_request(refuse_bad_host)
