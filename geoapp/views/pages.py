"""Pages: the map, and the panel fragments it loads when an area is chosen."""

from flask import Blueprint, Flask, abort, make_response, render_template, request, url_for

from geoapp.embed import EmbedOptions, read_options
from geoapp.lookup import parse_coordinate
from geoapp.views import site
from geoapp.views.http import point_from_query

blueprint = Blueprint("pages", __name__)


def public_base_url() -> str:
    """Return the site's public address: the configured one, else the request's."""
    return site().settings.public_base_url or request.host_url


def optional_point(args) -> tuple[float, float] | None:
    """Return (lon, lat) when the query holds a valid point; None otherwise (pages ignore it)."""
    try:
        return (
            parse_coordinate(args.get("lon"), "lon", 180),
            parse_coordinate(args.get("lat"), "lat", 90),
        )
    except ValueError:
        return None


def selection_records(code: str | None, point: tuple[float, float] | None) -> list[dict] | None:
    """Return the records a page opens with: one area, the areas at a point, or None."""
    atlas = site().atlas
    if code and atlas.get(code):
        return [atlas.properties(atlas.get(code))]
    if point:
        return [atlas.properties(area) for area in atlas.areas_at(*point)]
    return None


@blueprint.get("/")
def map_page():
    """The map; ?area=CODE or ?lat=…&lon=… opens with that selection (shareable URLs)."""
    codes = {area.code for area in site().atlas.areas}
    options = read_options(request.args, codes)
    point = None if options.area else optional_point(request.args)
    return render_template(
        "map.html",
        options=EmbedOptions(area=options.area),
        point=point,
        records=selection_records(options.area, point),
    )


def panel_response(records: list[dict]):
    """The panel fragment; CORS-open so maps embedded in sandboxed frames can fetch it."""
    response = make_response(render_template("_panel.html", records=records))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@blueprint.get("/panel/at")
def panel_at():
    """The panel for a clicked point: every area that contains it."""
    lon, lat = point_from_query()
    atlas = site().atlas
    return panel_response([atlas.properties(area) for area in atlas.areas_at(lon, lat)])


@blueprint.get("/panel/<code>")
def panel_for(code: str):
    """The panel for one area, chosen by its ONS code."""
    atlas = site().atlas
    area = atlas.get(code)
    if area is None:
        abort(404, description="There is no area with that code.")
    return panel_response([atlas.properties(area)])


def asset_url(name: str) -> str:
    return url_for("assets.asset", versioned_name=site().assets.versioned_name(name))


def register_template_helpers(app: Flask) -> None:
    @app.context_processor
    def helpers() -> dict:
        current = site()
        return {
            "asset_url": asset_url,
            "atlas": current.atlas,
            "publication": current.atlas.publication,
            "settings": current.settings,
            "public_base_url": public_base_url,
        }

    @app.template_filter("thousands")
    def thousands(value: int) -> str:
        return f"{value:,}"
