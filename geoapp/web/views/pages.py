"""Pages: the map, and the panel fragments it loads when an area is chosen."""

from flask import Blueprint, Flask, abort, render_template, request, url_for

from geoapp.geometry.lookup import parse_coordinate
from geoapp.model.record import LEPS_2021, SUMMARIES
from geoapp.outputs.choropleth import MEASURES
from geoapp.outputs.embed import EmbedOptions, read_options
from geoapp.outputs.mapdrawing import SIZES
from geoapp.outputs.mapping import coverage_key
from geoapp.outputs.wording import lis_wave_sentence
from geoapp.web.http import point_from_query
from geoapp.web.views import site

blueprint = Blueprint("pages", __name__)

#: Short names of the sets of areas for the map's menu, so the toolbar fits on one line.
SET_MENU_LABELS = {SUMMARIES: "December 2018 summaries", LEPS_2021: "2021 LEPs (ONS statistics)"}


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


def chosen_set(args, strict: bool = False) -> str:
    """Return the set of areas the query names (``set``), the summaries' by default.

    Pages fall back to the default for an unknown set; fragments (``strict``) refuse it.
    """
    sets = site().area_sets
    key = args.get("set") or SUMMARIES
    if key not in sets:
        if strict:
            abort(400, description=f"set must be one of: {', '.join(sets)}")
        key = SUMMARIES
    return key


def chosen_measure(args) -> str:
    """Return the measure the query names (``measure``) if it is one we offer, else ""."""
    measure = args.get("measure") or ""
    return measure if measure in MEASURES else ""


def selection_records(
    code: str | None, point: tuple[float, float] | None, set_key: str = SUMMARIES
) -> list[dict] | None:
    """Return the records a page opens with: one area, the areas at a point, or None."""
    area_set = site().area_sets[set_key]
    if code and (area := area_set.get(code)):
        return [area_set.record(area)]
    if point:
        return [area_set.record(area) for area in area_set.areas_at(*point)]
    return None


@blueprint.get("/")
def map_page():
    """The map. The URL holds the state, so it can be shared: ?set=…&measure=… choose the
    areas and the colouring; ?area=CODE or ?lat=…&lon=… open a selection."""
    set_key = chosen_set(request.args)
    codes = {area.code for area in site().area_sets[set_key].areas}
    options = read_options(request.args, codes)
    point = None if options.area else optional_point(request.args)
    measure = chosen_measure(request.args)
    # Everything the page depends on: the same answer for every visitor, so render it once.
    key = ("map", public_base_url(), request.full_path, set_key, measure, options.area, point)
    return site().rendered_pages.get(
        key,
        lambda: render_template(
            "map.html",
            options=EmbedOptions(area=options.area),
            point=point,
            records=selection_records(options.area, point, set_key),
            set_key=set_key,
            measure=measure,
            measures=MEASURES,
            area_sets=site().area_sets,
            set_labels=SET_MENU_LABELS,
            extra_attribution=other_sets_attributions(),
        ),
    )


def other_sets_attributions() -> list[str]:
    """The attribution lines the other sets of areas need beyond the summaries' own."""
    shown = set(site().summaries.attributions)
    lines = [line for area_set in site().area_sets.values() for line in area_set.attributions]
    return [line for line in dict.fromkeys(lines) if line not in shown]


def panel_response(records: list[dict]):
    """The panel fragment (CORS-open, as its route family is: maps embedded in sandboxed
    frames fetch it)."""
    return render_template("_panel.html", records=records)


@blueprint.get("/panel/at")
def panel_at():
    """The panel for a clicked point: every area that contains it."""
    lon, lat = point_from_query()
    area_set = site().area_sets[chosen_set(request.args, strict=True)]
    return panel_response([area_set.record(area) for area in area_set.areas_at(lon, lat)])


@blueprint.get("/panel/<code>")
def panel_for(code: str):
    """The panel for one area, chosen by its ONS code."""
    area_set = site().area_sets[chosen_set(request.args, strict=True)]
    area = area_set.get(code)
    if area is None:
        abort(404, description="There is no area with that code.")
    return panel_response([area_set.record(area)])


def asset_url(name: str) -> str:
    return url_for("assets.asset", versioned_name=site().assets.versioned_name(name))


def boundary_urls() -> dict[str, str]:
    """The URL of each set of areas' display boundaries, by set."""
    return {key: asset_url(f"{key}.topojson") for key in site().area_sets}


def councils_in(code: str) -> list[str]:
    """The names of the councils (districts) in a summary area, by name; [] if unknown."""
    districts = site().directory.districts
    return [district.name for district in districts.in_area(code)] if districts else []


def picture_url(extension: str = "png", code: str | None = None, absolute: bool = False, **query):
    """Return the URL of a picture of the map (of one area with ``code``); ``query`` holds
    its options (set, measure, size), empty ones left out."""
    chosen = {name: value for name, value in query.items() if value}
    if code:
        chosen.pop("set", None)
        url = url_for("pictures.area_picture", code=code, extension=extension, **chosen)
    else:
        url = url_for("pictures.map_picture", extension=extension, **chosen)
    return public_base_url().rstrip("/") + url if absolute else url


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(lis_wave_sentence)

    @app.context_processor
    def helpers() -> dict:
        current = site()
        return {
            "councils_in": councils_in,
            "coverage": lambda: coverage_key(current.directory.records()),
            "asset_url": asset_url,
            "boundary_urls": boundary_urls,
            "default_set": SUMMARIES,
            "ons": current.statistics,
            "summaries": current.summaries,
            "publication": current.summaries.publication,
            "settings": current.settings,
            "public_base_url": public_base_url,
            "picture_url": picture_url,
            "card_size": SIZES["card"],
        }

    @app.template_filter("thousands")
    def thousands(value: int) -> str:
        return f"{value:,}"
