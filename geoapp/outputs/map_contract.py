"""What the map's three parties agree on in the browser, declared once.

- The page (templates/_map.html) holds the element the map is drawn in and writes the
  map's options as data attributes of ``#map-view``.
- folium's script (``areas-map.js``, built by geoapp/outputs/mapping.py from these names) creates
  the Leaflet map and one areas layer per set of areas, off the map, then hands them over
  by calling ``geoapp.start({map, layers, basemap})``.
- The opening set's boundaries come as a script, ``<set key>.topojson.js``, that calls
  ``geoapp.receiveBoundaries(key, topology)``; other sets' are fetched as TopoJSON.
- Our scripts (static/map-*.js and map.js, one bundle: geoapp/site/build.py ``MAP_SCRIPTS``)
  read the options (static/map-page.js), decode the boundaries, and do the rest.

tests/unit/test_map_contract_script.py and tests/integration/test_map_contract_pages.py
check each side against this module: the names folium's script uses and hands over, the
data attributes and elements the page writes, and those the scripts read and write, so
neither side can drift from the other.
"""

from __future__ import annotations

#: folium names the map's variable, and the element it draws the map in, "map_" + its id.
MAP_ID = "areas"
MAP_ELEMENT_ID = f"map_{MAP_ID}"
#: The basemap layer's id: folium's variable is ``tile_layer_basemap``.
BASEMAP_ID = "basemap"

#: The function folium's script ends with, and the keys of the one object it passes:
#: ``map`` (the L.Map), ``layers`` ({set key: L.GeoJSON, empty and off the map}) and
#: ``basemap`` (an L.TileLayer off the map, or null when none is configured).
HAND_OVER = "geoapp.start"
HAND_OVER_KEYS = ("map", "layers", "basemap")

#: The function a set's boundaries script calls with its key and its display topology, and
#: the script's asset name for a set (loaded by the page, for the set it shows first, after
#: our scripts and before Leaflet, so the areas are decoded while Leaflet is parsed).
BOUNDARIES_RECEIVER = "geoapp.receiveBoundaries"


def boundaries_script_name(key: str) -> str:
    """Return the asset name of the script that carries a set's display topology."""
    return f"{key}.topojson.js"


#: The element whose data attributes carry the options.
PAGE_ELEMENT_ID = "map-view"
#: The options the page writes (and static/static-site.js, for an exported site), by data
#: attribute, with what each holds. The scripts read each of them, and no others.
PAGE_OPTIONS = {
    "boundaries": "{set key: URL} of each set's display boundaries (TopoJSON)",
    "set": "the set shown first",
    "default-set": "the set a URL without ?set= means",
    "colours": "URL of the colours of each set and measure (geoapp/outputs/choropleth.py)",
    "measure": 'the measure the areas are coloured by at first ("" for none)',
    "panel-at": "URL of the panel for a point (lat, lon are appended)",
    "panel-area": "URL of the panel for one area, with CODE in place of its code",
    "area": "an area to open at start",
    "lat": "with lon, a point to open at start (only when one is)",
    "lon": "with lat, a point to open at start",
    "basemap": '"tiles" to show the configured basemap, "none" for boundaries only',
    "interactive": '"false" for a static map (no zoom or pan)',
    "panel": '"false" to show no panel (hover names only)',
    "history": '"true" to keep the state in the page URL (map page only)',
}
#: What the scripts write back onto the page element, for CSS, tests and the benchmark.
PAGE_STATE = {
    "map-ready": '"true" once the areas are drawn and the map answers',
    "map-failed": '"true" if the boundaries could not be loaded',
    "set": "the set shown",
    "selected": "the codes of the selected areas, separated by spaces",
}
#: The page's elements our scripts look up by id (folium's looks up MAP_ELEMENT_ID); those
#: marked False are only on some pages (the map page's toolbar, a panel embeds turn off).
PAGE_ELEMENTS = {
    PAGE_ELEMENT_ID: True,
    "status": True,
    "map-sources": True,
    "legend": True,
    "coverage-key": True,
    "panel": False,
    "panel-body": False,
    "panel-toggle": False,
    "panel-close": False,
    "map-controls": False,
    "toolbar-toggle": False,
    "toolbar-items": False,
}

#: Each area's properties in the display topology (geoapp/outputs/mapping.py display_properties);
#: the scripts read ``code`` and ``name``. ``name`` is HTML-escaped by Python's html.escape,
#: whose five entities static/map-page.js decodes.
AREA_PROPERTIES = ("code", "name", "area_type", "summary_status")

#: The performance mark set at the start of the frame that paints the areas in the opening
#: view (bench/run.py reads it).
DRAWN_MARK = "geoapp:map-drawn"


def layer_variable(key: str) -> str:
    """Return the JavaScript variable folium's script gives a set's areas layer."""
    return f"geo_json_{key}"
