"""Pictures of the map (PNG, SVG): the whole UK, or one area among its neighbours.

/images/map.png?set=…&measure=…&size=report|card&width=…, /images/areas/<code>.svg, and
/images/leps2021/<code>.png for the 2021 LEPs. Every value is checked; a bad one gets 400
with the reason, an unknown area 404.
"""

from flask import Blueprint, abort, request

from geoapp.model.record import LEPS_2021, SUMMARIES
from geoapp.outputs.pictures import PictureError, read_spec
from geoapp.web.http import send_bytes
from geoapp.web.views import site

blueprint = Blueprint("pictures", __name__, url_prefix="/images")


def send_picture(set_key: str, code: str | None, extension: str):
    """Return the picture the request names, drawn once and then kept; 400 or 404 if bad."""
    area_set = site().area_sets[set_key]
    if code is not None and area_set.get(code) is None:
        abort(404, description=f"There is no area {code} in {area_set.title}.")
    try:
        spec = read_spec(request.args.to_dict(flat=False), set_key, code, extension, {code})
    except PictureError as error:
        abort(400, description=f"Sorry, {error}.")
    picture = site().pictures.picture(spec)
    response = send_bytes(picture.body, picture.content_type, picture.etag, picture.gzipped)
    response.headers["Content-Disposition"] = f'inline; filename="{picture.filename}"'
    return response


@blueprint.get("/map.<extension>")
def map_picture(extension: str):
    """The whole map; ``set`` chooses the areas (the summaries' by default)."""
    set_key = request.args.get("set") or SUMMARIES
    if set_key not in site().area_sets or len(request.args.getlist("set")) > 1:
        abort(400, description=f"Sorry, set must be one of: {', '.join(site().area_sets)}.")
    return send_picture(set_key, None, extension)


@blueprint.get("/areas/<code>.<extension>")
def area_picture(code: str, extension: str):
    return send_picture(SUMMARIES, code, extension)


@blueprint.get("/leps2021/<code>.<extension>")
def lep2021_picture(code: str, extension: str):
    if LEPS_2021 not in site().area_sets:
        abort(404, description="There are no 2021 LEPs on this map.")
    return send_picture(LEPS_2021, code, extension)
