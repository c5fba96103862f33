"""Response headers every route gets: who may frame it, and no content sniffing."""

from flask import Flask, Response, request

#: Endpoints any site may put in a frame: the embeddable map.
FRAMEABLE_ENDPOINTS = {"embed.embed_page"}


def add_headers(response: Response) -> Response:
    # frame-ancestors (not X-Frame-Options) decides framing: embeds anywhere, the rest only us.
    ancestors = "*" if request.endpoint in FRAMEABLE_ENDPOINTS else "'self'"
    response.headers["Content-Security-Policy"] = f"frame-ancestors {ancestors}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers.pop("X-Frame-Options", None)
    return response


def register(app: Flask) -> None:
    app.after_request(add_headers)
