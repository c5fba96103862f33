"""Pages that work without JavaScript: each area's page, the list of areas, search results."""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from geoapp.inputs.postcodes import ATTRIBUTION as POSTCODE_ATTRIBUTION
from geoapp.model.record import LEPS_2021
from geoapp.outputs.choropleth import MEASURES, measure_rows
from geoapp.outputs.directory import Directory
from geoapp.outputs.search import check_query
from geoapp.web.views import site

blueprint = Blueprint("areas", __name__)

#: Download routes for one area, added by the downloads blueprint when it is present.
DOWNLOAD_PATTERN = re.compile(r"^/downloads/areas/<(?:\w+:)?code>\.(\w+)$")


def directory() -> Directory:
    return site().directory


def query_text() -> str:
    """Return ?q= (empty when absent); aborts with 400 and the reason if it is unusable."""
    try:
        return check_query(request.args.get("q", ""))
    except ValueError as error:
        abort(400, description=f"Sorry, {error}.")


def download_links(code: str) -> list[tuple[str, str]]:
    """Return (format, URL) for each per-area download route the app has, e.g. GeoJSON."""
    links = []
    for rule in current_app.url_map.iter_rules():
        found = DOWNLOAD_PATTERN.match(rule.rule)
        if found:
            links.append((found.group(1), url_for(rule.endpoint, code=code)))
    return sorted(links)


@blueprint.get("/areas")
def area_list():
    """Every area with its headline figures: the text equivalent of the map."""
    return render_template(
        "areas.html",
        records=directory().records(),
        measures=MEASURES,
        measure_rows=measure_rows(site().area_sets[LEPS_2021])
        if LEPS_2021 in site().area_sets
        else [],
    )


@blueprint.get("/areas/<key>")
@blueprint.get("/areas/<key>/", endpoint="area_page_slash")
def area_page(key: str):
    """One area's page by code; a name alias, a lower-case code or a trailing slash
    redirects to the code."""
    resolved = directory().resolve(key)
    if resolved and request.path.endswith("/"):
        return redirect(url_for(".area_page", key=resolved.code), 301)
    if resolved is None:
        suggestions = directory().suggestions(key)
        return render_template("area_not_found.html", key=key, suggestions=suggestions), 404
    if resolved.redirect:
        return redirect(url_for(".area_page", key=resolved.code), 301)
    return render_template(
        "area.html",
        page=directory().page(resolved.code),
        downloads=download_links(resolved.code),
        extra_attribution=directory().attributions,
    )


@blueprint.get("/search")
def search_page():
    """Search results for ?q=: areas, councils and postcodes, each linking to area pages."""
    query = query_text()
    finder = directory().finder
    result = finder.search(query) if query else None
    extra = (
        [line for line in finder.attributions(result) if line not in site().summaries.attributions]
        if result
        else []
    )
    return render_template(
        "search.html",
        query=query,
        result=result,
        extra_attribution=extra,
        postcode_attribution=POSTCODE_ATTRIBUTION,
    )
