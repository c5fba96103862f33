"""Thin Flask adapters: read the request, call one core function, wrap the result."""

from flask import current_app, g

from geoapp.site.build import Site
from geoapp.site.reload import SiteHolder


def holder() -> SiteHolder:
    """Return the running app's SiteHolder (its Site can be swapped by a reload)."""
    return current_app.extensions["geoapp"]


def site() -> Site:
    """Return the prepared site this request reads.

    Taken from the holder once per request and kept, so a reload that lands mid-request
    cannot mix two versions of the data in one response.
    """
    if "geoapp_site" not in g:
        g.geoapp_site = holder().site
    return g.geoapp_site


# Imported after site() exists: the view modules import it from here.
from geoapp.web.views import (  # noqa: E402
    api,
    areas,
    assets,
    downloads,
    embed,
    ogc,
    pages,
    pictures,
    search_api,
)

#: Every blueprint the app registers, one module per concern.
BLUEPRINT_MODULES = (assets, pages, api, embed, downloads, pictures, ogc, areas, search_api)
