"""Build the folium map of the sets of areas once, as a JavaScript file the pages load.

The page around the map is our own Jinja template; from folium we take only the script
that creates the Leaflet map and its areas layer, so the page carries none of folium's
CDN assets and no ``user-scalable=no``.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

import folium
import shapely

from geoapp.geometry.prepare import TOPOLOGY_RULE, display_topology
from geoapp.inputs.diskcache import cache_key, cached_text, shapes_digest
from geoapp.model.areas import AreaSet

#: The JavaScript globals the page script (static/map.js) uses: the map is ``map_areas``,
#: each set of areas the layer ``geo_json_<set key>``, the basemap ``tile_layer_basemap``.
MAP_ID = "areas"

#: Areas of a set without summaries (the April 2021 LEPs), by type.
STYLES = {
    "LEP": {"color": "#1d4f91", "weight": 1, "fillColor": "#4a90d9", "fillOpacity": 0.25},
    "nation": {"color": "#4b5563", "weight": 1, "fillColor": "#9ca3af", "fillOpacity": 0.25},
}


@dataclass(frozen=True)
class Coverage:
    """How much of an area's summary page we hold, as the map's opening view shows it."""

    status: str
    label: str
    style: dict


_EDGE = {"color": "#505a5f", "weight": 1, "fillOpacity": 0.7}
#: The summaries' areas are coloured by what we hold of their page (the opening view's key).
COVERAGE = (
    Coverage("complete", "In full", {**_EDGE, "fillColor": "#2166ac"}),
    Coverage("partial", "In part", {**_EDGE, "fillColor": "#92c5de"}),
    Coverage("not available", "Not held", {**_EDGE, "fillColor": "#f7f7f7"}),
)
COVERAGE_STYLES = {coverage.status: coverage.style for coverage in COVERAGE}
HIGHLIGHT = {"weight": 3}
#: The short credit inside the map (one line); its (i) button shows the full lines.
MAP_ATTRIBUTION = "Boundaries: ONS, OS, LPS · Summaries: BEIS · © Crown copyright, OGL v3.0"


def coverage_key(records: list[dict]) -> list[dict]:
    """Return the opening view's key: each kind of coverage with its colour and how many
    areas have it, counted from the records (kinds no area has are left out)."""
    counts = {c.status: 0 for c in COVERAGE}
    for record in records:
        counts[record.get("summary_status", "not available")] += 1
    return [
        {"status": c.status, "label": c.label, "colour": c.style["fillColor"], "count": n}
        for c in COVERAGE
        if (n := counts[c.status])
    ]


def area_style(properties: dict) -> dict:
    """Return an area's opening style: by coverage for the summaries, else by type."""
    status = properties.get("summary_status")
    return COVERAGE_STYLES[status] if status else STYLES[properties["area_type"]]


def display_properties(area_set: AreaSet, area) -> dict:
    """Return what the map needs to know of an area besides its shape.

    ``name`` is HTML-escaped here because folium and Leaflet write names with innerHTML.
    ``summary_status`` (the summaries' areas only) colours the opening view.
    """
    properties = {"code": area.code, "name": html.escape(area.name), "area_type": area.area_type}
    status = area_set.record(area).get("summary_status")
    if status:
        properties["summary_status"] = status
    return properties


def display_features(area_set: AreaSet) -> dict:
    """Return the areas layer as folium sees it: features with properties but no shapes.

    folium styles each feature by id from these when it builds the map script; the shapes
    come separately in the display topology, which static/map.js adds to the layer.
    """
    features = [
        {
            "type": "Feature",
            "id": area.code,
            "properties": display_properties(area_set, area),
            "geometry": None,
        }
        for area in area_set.areas
    ]
    return {"type": "FeatureCollection", "features": features}


def display_topology_json(area_set: AreaSet, cache_dir: Path | None = None) -> bytes:
    """Return the display topology (prepare.py) of the set of areas as compact JSON.

    Cached in ``cache_dir`` by the shapes, their properties and the rule (under a second).
    """
    properties = {area.code: display_properties(area_set, area) for area in area_set.areas}

    def build() -> str:
        topology = display_topology(area_set.prepared_shapes, properties)
        return json.dumps(topology, separators=(",", ":"))

    key = cache_key(
        shapes_digest(area_set.prepared_shapes),
        json.dumps(properties, sort_keys=True),
        TOPOLOGY_RULE,
    )
    return cached_text(cache_dir, "topology", key, build).encode()


def build_map(area_sets: dict, tiles_url: str | None, tiles_attribution: str) -> folium.Map:
    """Return the folium map: an optional basemap and one areas layer per set, with tooltips.

    Only the first set's layer is on the map at first; the page script switches sets.
    """
    first = next(iter(area_sets.values()))
    west, south, east, north = shapely.total_bounds([a.geometry for a in first.areas])
    # The page script fits the map to its frame without animation (static/map.js); this
    # starting view is what a reader sees if it cannot.
    centre = [(south + north) / 2, (west + east) / 2]
    # Fractional zoom: the opening view fits the set's extent to any frame exactly.
    fmap = folium.Map(
        location=centre,
        zoom_start=5,
        tiles=None,
        control_scale=True,
        zoom_snap=0,
        zoom_delta=0.5,
        attribution_control=True,
    )
    fmap._id = MAP_ID  # a stable variable name, so the page script can find the map
    # Our own pages link Leaflet from the installed package; never folium's CDN lists.
    fmap.default_js, fmap.default_css = [], []
    if tiles_url:
        # Created but not shown: the page script adds it unless the page asks for no basemap.
        tiles = folium.TileLayer(tiles=tiles_url, attr=tiles_attribution, show=False)
        tiles._id = "basemap"
        tiles.add_to(fmap)
    for position, (key, area_set) in enumerate(area_sets.items()):
        layer = folium.GeoJson(
            display_features(area_set),
            name=area_set.title,
            style_function=lambda feature: area_style(feature["properties"]),
            highlight_function=lambda feature: HIGHLIGHT,
            attribution=MAP_ATTRIBUTION,
            show=position == 0,
        )
        layer._id = key
        layer.add_to(fmap)
    return fmap


def map_script(fmap: folium.Map) -> str:
    """Return the JavaScript that creates the map (the body of folium's <script>)."""
    root = fmap.get_root()
    if not isinstance(root, folium.Figure):  # folium puts every Map in a Figure when it is made
        raise TypeError(f"the map's root is a {type(root).__name__}, not a Figure")
    root.render()
    return root.script.render()
