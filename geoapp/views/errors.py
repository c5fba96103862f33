"""Errors: JSON on API routes, a friendly page elsewhere; never a stack trace."""

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/oembed"))


def handle_http_error(error: HTTPException):
    if wants_json():
        response = jsonify(
            {"status": error.code, "error": error.name, "message": error.description}
        )
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response, error.code
    if request.path.startswith("/panel/"):
        return render_template("_panel_error.html", error=error), error.code
    return render_template("error.html", error=error), error.code


def handle_unexpected(error: Exception):
    return handle_http_error(InternalServerError())


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
