"""Oversized requests (long paths or queries, big bodies) get a clean 413/414 first."""

from flask import Flask, abort, request

from geoapp.web.limits import MAX_BODY_BYTES, refusal


def refuse_oversized() -> None:
    # Runs before routing errors are raised, so a huge unknown path is a 414, not a 404.
    refused = refusal(request.path, request.query_string, request.content_length)
    if refused:
        abort(refused[0], description=refused[1])


def register(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.before_request(refuse_oversized)
