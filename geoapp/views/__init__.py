"""Thin Flask adapters: read the request, call one core function, wrap the result."""

from flask import current_app

from geoapp.site import Site


def site() -> Site:
    """Return the prepared site of the running app."""
    return current_app.extensions["geoapp"]
