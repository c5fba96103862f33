"""Everything the views serve, built once at start-up: settings, the sets of areas, the map,
assets, downloads and the OGC API."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

from geoapp.config import PROJECT_ROOT, Settings
from geoapp.geometry.prepare import decode_topology
from geoapp.inputs.boundaries import BoundaryFiles
from geoapp.inputs.statistics import Statistics
from geoapp.model.areas import AreaSet
from geoapp.model.record import SUMMARIES
from geoapp.model.sets import load_area_sets
from geoapp.outputs.assets import AssetStore
from geoapp.outputs.choropleth import map_colourings
from geoapp.outputs.directory import Directory, build_directory
from geoapp.outputs.downloads import Downloads
from geoapp.outputs.geojson import set_features
from geoapp.outputs.mapdrawing import PictureSet
from geoapp.outputs.mapping import build_map, display_topology_json, map_script
from geoapp.outputs.ogc import Catalogue, Collection
from geoapp.outputs.pictures import MapPictures
from geoapp.site.lru import LruCache

STATIC_DIR = PROJECT_ROOT / "static"
#: The map page's scripts, in the order they run (map.js uses the others).
MAP_SCRIPTS = ("map-topology.js", "map-server.js", "map-gestures.js", "map.js")
#: OGC API answers kept per process: every page a GIS client walks, bounded in bytes
#: (bodies and their gzipped copies) so made-up queries cannot grow memory.
OGC_ANSWER_ENTRIES = 2048
OGC_ANSWER_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Site:
    settings: Settings
    #: The areas of the December 2018 summaries: what most pages show.
    summaries: AreaSet
    #: Every set of areas by key: the summaries' and the April 2021 LEPs (statistics).
    area_sets: dict[str, AreaSet]
    #: The ONS statistics both sets carry; None when the manifest has no 2021 set.
    statistics: Statistics | None
    assets: AssetStore
    leaflet_version: str
    build_seconds: float
    #: When this data version was built (UTC, whole seconds): the OGC API's timeStamp.
    built_at: dt.datetime
    #: The OGC API's collections (each set as GeoJSON features with a spatial index).
    collections: Catalogue
    #: The download files of each set, serialised and gzipped once.
    downloads: Downloads
    #: Area pages, the list of areas and search (districts, postcodes).
    directory: Directory
    #: Pictures of the map (PNG, SVG), drawn on first request from the display shapes.
    pictures: MapPictures
    #: Rendered map pages by what they depend on; they are the same for every visitor.
    rendered_pages: LruCache[str] = field(default_factory=lambda: LruCache(256))
    #: OGC API answers (geoapp.web.http.Prepared) by what they depend on, made once.
    ogc_answers: LruCache = field(
        default_factory=lambda: LruCache(
            OGC_ANSWER_ENTRIES, OGC_ANSWER_BYTES, size=lambda answer: answer.size
        )
    )


def build_assets(area_sets: dict[str, AreaSet], settings: Settings, colourings: dict) -> AssetStore:
    """Return the asset store: Leaflet from its package, our files, the map script, and for
    each set of areas its boundaries (TopoJSON); then the colours for each measure."""
    assets = AssetStore()
    for name in ("leaflet.js", "leaflet.css"):
        assets.add_file(Path(xstatic_leaflet.BASE_DIR) / name)
    for path in sorted(STATIC_DIR.iterdir()):
        if path.is_file():
            assets.add_file(path)
    # The map's own scripts stay small files in static/ but travel as one request.
    bundle = b"\n;\n".join((STATIC_DIR / name).read_bytes() for name in MAP_SCRIPTS)
    assets.add("map-bundle.js", bundle)
    tiles = settings.tiles_url if settings.has_tiles else None
    fmap = build_map(area_sets, tiles, settings.tiles_attribution)
    assets.add("areas-map.js", map_script(fmap).encode())
    for key, area_set in area_sets.items():
        assets.add(f"{key}.topojson", display_topology_json(area_set, settings.cache_dir))
    assets.add("colours.json", json.dumps(colourings).encode())
    return assets


def build_pictures(area_sets: dict[str, AreaSet], assets: AssetStore, colourings: dict):
    """Return the map's pictures, drawn from the same display shapes as the map."""
    sets = {
        key: PictureSet(
            area_set,
            decode_topology(json.loads(assets.named(f"{key}.topojson").body)),
            colourings[key],
        )
        for key, area_set in area_sets.items()
    }
    return MapPictures(sets, area_sets[SUMMARIES].version)


def build_site(
    settings: Settings, previous: Site | None = None, files: BoundaryFiles | None = None
) -> Site:
    """Load and prepare everything once. Raises DataError if the data or boundaries are bad.

    ``previous`` is the Site a reload replaces: its postcode index is kept if the postcode
    files have gone missing since. ``files`` are this build's boundary files (read afresh
    without): each is read and hashed once however many steps use it.
    """
    started = time.perf_counter()
    files = files or BoundaryFiles(settings.boundaries_manifest, settings.boundaries_dir)
    area_sets, statistics = load_area_sets(settings, files)
    summaries = area_sets[SUMMARIES]
    colourings = map_colourings(area_sets)
    assets = build_assets(area_sets, settings, colourings)
    # Each set's GeoJSON features, made once for the downloads and the OGC API alike.
    features = {key: set_features(area_set) for key, area_set in area_sets.items()}
    return Site(
        settings=settings,
        summaries=summaries,
        area_sets=area_sets,
        statistics=statistics,
        assets=assets,
        leaflet_version=xstatic_leaflet.VERSION,
        directory=build_directory(
            settings, summaries, previous.directory.finder.postcodes if previous else None, files
        ),
        collections=Catalogue(Collection(s, features[key]) for key, s in area_sets.items()),
        downloads=Downloads(area_sets.values(), features),
        pictures=build_pictures(area_sets, assets, colourings),
        build_seconds=time.perf_counter() - started,
        built_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
    )
