"""JSON API: the areas at a point."""

from flask import Blueprint, jsonify

from geoapp.web.http import point_from_query
from geoapp.web.views import site

blueprint = Blueprint("api", __name__, url_prefix="/api")


@blueprint.get("/areas/at")
def areas_at():
    lon, lat = point_from_query()
    area_set = site().summaries
    areas = [area_set.record(area) for area in area_set.areas_at(lon, lat)]
    return jsonify(
        {
            "lat": lat,
            "lon": lon,
            "count": len(areas),
            "areas": areas,
            "attribution": list(area_set.attributions),
        }
    )
