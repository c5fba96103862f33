"""Errors: JSON on API routes, a friendly page elsewhere; never a stack trace."""

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from geoapp.web.formats import wants_html


def wants_json() -> bool:
    path = request.path
    if path.startswith(("/api/", "/oembed", "/downloads/", "/images/")):
        return True
    # The OGC API answers browsers (Accept or ?f=html) in HTML, everyone else in JSON.
    return (path == "/ogc" or path.startswith("/ogc/")) and not wants_html()


def json_error(status: int, code: str, description: str):
    """Return a JSON error: our fields, plus ``code`` and ``description`` as OGC APIs use."""
    response = jsonify(
        {
            "status": status,
            "error": HTTP_STATUS_CODES.get(status, "Error"),
            "message": description,
            "code": code,
            "description": description,
        }
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response, status


def handle_http_error(error: HTTPException):
    if wants_json():
        # Every HTTPException we raise or Flask raises has a code and a description.
        status_code, description = error.code or 500, error.description or error.name
        body, status = json_error(status_code, error.name.replace(" ", ""), description)
    elif request.path.startswith("/panel/"):
        body, status = render_template("_panel_error.html", error=error), error.code
    else:
        body, status = render_template("error.html", error=error), error.code
    return body, status, extra_headers(error)


def extra_headers(error: HTTPException) -> dict[str, str]:
    """The error's own headers besides its body's type, e.g. a 405's ``Allow``."""
    return {k: v for k, v in error.get_headers() if k.lower() != "content-type"}


def handle_unexpected(error: Exception):
    # The trace goes to the log for us; the visitor gets the plain 500 page or JSON.
    # logging takes an exception without a traceback too; Flask's annotation does not say so.
    current_app.log_exception((type(error), error, error.__traceback__))  # type: ignore[arg-type]
    return handle_http_error(InternalServerError())


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
