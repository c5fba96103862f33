"""Thin Flask adapters: read the request, call one core function, wrap the result."""

from flask import current_app

from geoapp.site import Site


def site() -> Site:
    """Return the prepared site of the running app."""
    return current_app.extensions["geoapp"]


# Imported after site() exists: the view modules import it from here.
from geoapp.views import api, areas, assets, downloads, embed, ogc, pages, search_api  # noqa: E402

#: Every blueprint the app registers, one module per concern.
BLUEPRINT_MODULES = (assets, pages, api, embed, downloads, ogc, areas, search_api)
