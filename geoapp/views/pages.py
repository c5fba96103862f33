"""Pages: the map, and the panel fragments it loads when an area is chosen."""

from flask import Blueprint, Flask, abort, render_template, url_for

from geoapp.views import site
from geoapp.views.http import point_from_query

blueprint = Blueprint("pages", __name__)


@blueprint.get("/")
def map_page():
    return render_template("map.html")


@blueprint.get("/panel/at")
def panel_at():
    """The panel for a clicked point: every area that contains it."""
    lon, lat = point_from_query()
    atlas = site().atlas
    records = [atlas.properties(area) for area in atlas.areas_at(lon, lat)]
    return render_template("_panel.html", records=records)


@blueprint.get("/panel/<code>")
def panel_for(code: str):
    """The panel for one area, chosen by its ONS code."""
    atlas = site().atlas
    area = atlas.get(code)
    if area is None:
        abort(404, description="There is no area with that code.")
    return render_template("_panel.html", records=[atlas.properties(area)])


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
        }

    @app.template_filter("thousands")
    def thousands(value: int) -> str:
        return f"{value:,}"
