"""Which format a request wants: ``?f=json`` or ``?f=html`` first, then the Accept header."""

from flask import request

#: Media types a JSON client asks for; HTML wins only when preferred to all of them.
JSON_TYPES = (
    "application/json",
    "application/geo+json",
    "application/vnd.oai.openapi+json",
    "application/schema+json",
)


def prefers_html() -> bool:
    """True when the Accept header ranks text/html above every JSON type (browsers do)."""
    accept = request.accept_mimetypes
    return accept["text/html"] > max(accept[media_type] for media_type in JSON_TYPES)


def wants_html() -> bool:
    """True for ``?f=html``, or without a valid ``f`` when the Accept header prefers HTML."""
    chosen = request.args.get("f")
    if chosen in ("json", "html"):
        return chosen == "html"
    return prefers_html()
