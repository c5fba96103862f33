"""Versioned static assets: Leaflet from its package, our CSS and JS, the map script."""

from flask import Blueprint, abort

from geoapp.web.http import send_bytes
from geoapp.web.views import holder

blueprint = Blueprint("assets", __name__)


@blueprint.get("/assets/<versioned_name>")
def asset(versioned_name: str):
    # The previous data version's assets too: pages rendered just before a reload name them.
    found = holder().find_asset(versioned_name)
    if found is None:
        abort(404, description=f"no asset {versioned_name!r}; asset names change with each release")
    # Cached for a year and open to any site: their route family's (geoapp/web/routes.py).
    return send_bytes(found.body, found.content_type, found.etag, found.gzipped)
