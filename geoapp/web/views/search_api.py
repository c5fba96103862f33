"""JSON API: search (areas, councils, postcodes) and postcode look-up. CORS open (their
route family's, geoapp/web/routes.py)."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request, url_for

from geoapp.inputs import postcodes
from geoapp.inputs.numbers import whole_number
from geoapp.outputs.search import MAX_QUERY, check_query
from geoapp.web.views import site

blueprint = Blueprint("search_api", __name__, url_prefix="/api")

MAX_LIMIT = 50
#: HTTP status for a postcode that leads to no area, by what is known of it.
POSTCODE_STATUS = {
    postcodes.INVALID: 400,
    postcodes.INCOMPLETE: 400,
    postcodes.UNKNOWN: 404,
    postcodes.NO_LOCATION_STATUS: 404,
    postcodes.UNAVAILABLE: 503,
}


def area_url(code: str) -> str:
    return url_for("areas.area_page", key=code)


def limit_from_query() -> int:
    """Return ?limit= (default 10); aborts with 400 unless it is a whole number 1–50."""
    limit = whole_number(request.args.get("limit", "10"))
    if limit is None or not 1 <= limit <= MAX_LIMIT:
        abort(400, description=f"limit must be a whole number (digits 0-9) from 1 to {MAX_LIMIT}")
    return limit


@blueprint.get("/search")
def search():
    """?q= an area or council name, a code or a postcode: ranked results with area links."""
    try:
        query = check_query(request.args.get("q", ""))
    except ValueError as error:
        abort(400, description=str(error))
    if not query:
        abort(400, description=f"q is required: a name or postcode, at most {MAX_QUERY} characters")
    finder = site().directory.finder
    return jsonify(finder.to_json(finder.search(query, limit_from_query()), area_url))


@blueprint.get("/postcodes/<path:postcode>")
def postcode(postcode: str):
    """The point of a postcode and every area containing it, with their records."""
    finder = site().directory.finder
    answer, areas, note = finder.locate_postcode(postcode[:MAX_QUERY])
    if not areas and answer.status in POSTCODE_STATUS:
        abort(POSTCODE_STATUS[answer.status], description=note)
    area_set = finder.area_set
    attribution = list(area_set.attributions)
    if answer.lat is not None:
        attribution += postcodes.ATTRIBUTION
    return jsonify(
        {
            "postcode": answer.postcode,
            "lat": answer.lat,
            "lon": answer.lon,
            "note": note,
            "count": len(areas),
            "areas": [area_set.record(area) for area in areas],
            "area_pages": [area_url(area.code) for area in areas],
            "attribution": attribution,
        }
    )
