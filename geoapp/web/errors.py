"""Errors in the format of the request's route family (geoapp/web/routes.py): JSON on the
API, downloads and pictures, an OGC exception or the page for the OGC API, a panel
fragment for panels, the friendly page elsewhere; never a stack trace."""

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from geoapp.web.formats import wants_html
from geoapp.web.http import request_family
from geoapp.web.routes import ANY_ORIGIN, CORS_HEADER, ErrorFormat, allows_cors


def error_format() -> ErrorFormat:
    """Return the format of this request's errors: its family's; for the OGC API, JSON,
    or the page for browsers (Accept or ?f=html)."""
    chosen = request_family().errors
    if chosen is ErrorFormat.OGC:
        return ErrorFormat.PAGE if wants_html() else ErrorFormat.JSON
    return chosen


def json_error(status: int, code: str, description: str):
    """Return a JSON error: our fields, plus ``code`` and ``description`` as OGC APIs use.

    Open to other sites where the family has CORS at all, so a script on another site
    can read why it was refused, even when no route matched."""
    response = jsonify(
        {
            "status": status,
            "error": HTTP_STATUS_CODES.get(status, "Error"),
            "message": description,
            "code": code,
            "description": description,
        }
    )
    if allows_cors(request_family(), request.method, status, json_error=True):
        response.headers[CORS_HEADER] = ANY_ORIGIN
    return response, status


def handle_http_error(error: HTTPException):
    chosen = error_format()
    if chosen is ErrorFormat.JSON:
        body, status = json_error(
            error.code or 500, error.name.replace(" ", ""), error.description or error.name
        )
    elif chosen is ErrorFormat.PANEL:
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
