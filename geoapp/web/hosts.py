"""Which address the app's absolute URLs carry: never one an attacker chose.

Every absolute URL (OGC API links, OpenAPI ``servers``, ``next`` links, redirects, oEmbed,
embed snippets) is built from the request's host and scheme, so a forged ``Host`` header
would put the attacker's address in answers that caches and embedding sites keep.

* With ``GEOAPP_PUBLIC_BASE_URL`` set, every request is treated as addressed to it (host,
  scheme and path prefix), whatever ``Host`` it carries.
* Without it, only the hosts in ``GEOAPP_ALLOWED_HOSTS`` are answered, matched as Flask's
  ``TRUSTED_HOSTS`` are (Werkzeug's ``host_is_trusted``); any other gets 400. The check is
  ours, in a hook, not Flask's: Flask's fails before the URL adapter exists, and the error
  page that says so could then not be built.
* Either way, two ``Host`` headers, or one that is not a host name, get 400.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, abort, request
from werkzeug.sansio.utils import host_is_trusted

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


def host_refusal(host: str | None, allowed: list[str] | None) -> str | None:
    """Return why a request with this Host header is refused, or None to answer it.

    ``allowed`` None means any well-formed host is answered (a public address is set).
    """
    if host is None:  # HTTP/1.0 without Host: the server's own address is used
        return None
    if "," in host:
        return "send one Host header, not several"
    if not HOST.fullmatch(host):
        return "the Host header must be a host name, with a port or not"
    if allowed is not None and not host_is_trusted(host, allowed):
        return "this site does not answer for the host the request names"
    return None


def register(app: Flask, settings: Settings) -> None:
    allowed = None
    if settings.public_base_url:
        # Flask's documented way to add WSGI middleware; its types call wsgi_app a method.
        app.wsgi_app = PublicAddress(app.wsgi_app, settings.public_base_url)  # type: ignore[method-assign]
    else:
        allowed = allowed_hosts(settings)

    def refuse_bad_host() -> None:
        environ = request.environ
        host = environ[CLIENT_HOST] if CLIENT_HOST in environ else environ.get("HTTP_HOST")
        refused = host_refusal(host, allowed)
        if refused:
            abort(400, description=refused)

    app.before_request(refuse_bad_host)
