"""Everything the views serve, built once at start-up: settings, atlas, map and assets."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

from geoapp.areas import Atlas
from geoapp.assets import AssetStore
from geoapp.choropleth import map_colourings
from geoapp.comparison import SUMMARIES, load_area_sets
from geoapp.config import PROJECT_ROOT, Settings
from geoapp.datasets import build_datasets
from geoapp.directory import Directory, build_directory
from geoapp.downloads import Downloads
from geoapp.lru import LruCache
from geoapp.map_contract import boundaries_script_name
from geoapp.mapdrawing import PictureSet
from geoapp.mapping import boundaries_script, build_map, display_topology_json, map_script
from geoapp.ogc import AreaIndex, Catalogue
from geoapp.pictures import MapPictures
from geoapp.prepare import decode_topology
from geoapp.statistics import Statistics

STATIC_DIR = PROJECT_ROOT / "static"
#: The map's scripts, in the order they run (map.js, last, uses the others).
MAP_SCRIPTS = (
    "map-topology.js",
    "map-server.js",
    "map-gestures.js",
    "map-page.js",
    "map-url.js",
    "map-framing.js",
    "map-colours.js",
    "map-panel.js",
    "map-choosing.js",
    "map.js",
)
#: OGC API answers kept per process: every page a GIS client walks, bounded in bytes
#: (bodies and their gzipped copies) so made-up queries cannot grow memory.
OGC_ANSWER_ENTRIES = 2048
OGC_ANSWER_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Site:
    settings: Settings
    #: The areas of the December 2018 summaries: what most pages show.
    atlas: Atlas
    #: Every set of areas by key: the summaries' and the April 2021 LEPs (statistics).
    area_sets: dict[str, Atlas]
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
    #: OGC API answers (geoapp.views.http.Prepared) by what they depend on, made once.
    ogc_answers: LruCache = field(
        default_factory=lambda: LruCache(
            OGC_ANSWER_ENTRIES, OGC_ANSWER_BYTES, size=lambda answer: answer.size
        )
    )


def map_bundle(folder: Path, names: tuple[str, ...]) -> bytes:
    """Return the map's scripts as one file, in order, without indentation or comment lines.

    The scripts stay small, commented files in static/ but travel as one request, about a
    fifth smaller. Taking lines apart is safe because no literal in them spans lines; raises
    ValueError for a script with a template literal or a line continuation.
    """
    parts = []
    for name in names:
        lines = [line.strip() for line in (folder / name).read_text().splitlines()]
        code = [line for line in lines if line and not line.startswith("//")]
        if any("`" in line or line.endswith("\\") for line in code):
            raise ValueError(f"{name}: a literal may span lines; cannot bundle it line by line")
        parts.append("\n".join(code))
    return "\n;\n".join(parts).encode() + b"\n"


def build_assets(area_sets: dict[str, Atlas], settings: Settings, colourings: dict) -> AssetStore:
    """Return the asset store: Leaflet from its package, our files, the map script, and for
    each set of areas its boundaries (TopoJSON); then the colours for each measure."""
    assets = AssetStore()
    for name in ("leaflet.js", "leaflet.css"):
        assets.add_file(Path(xstatic_leaflet.BASE_DIR) / name)
    for path in sorted(STATIC_DIR.iterdir()):
        if path.is_file():
            assets.add_file(path)
    assets.add("map-bundle.js", map_bundle(STATIC_DIR, MAP_SCRIPTS))
    tiles = settings.tiles_url if settings.has_tiles else None
    fmap = build_map(area_sets, tiles, settings.tiles_attribution)
    assets.add("areas-map.js", map_script(fmap).encode())
    for key, atlas in area_sets.items():
        topology = display_topology_json(atlas, settings.cache_dir)
        assets.add(f"{key}.topojson", topology)
        assets.add(boundaries_script_name(key), boundaries_script(key, topology))
    assets.add("colours.json", json.dumps(colourings).encode())
    return assets


def build_pictures(area_sets: dict[str, Atlas], assets: AssetStore, colourings: dict):
    """Return the map's pictures, drawn from the same display shapes as the map."""
    sets = {
        key: PictureSet(
            atlas,
            decode_topology(json.loads(assets.named(f"{key}.topojson").body)),
            colourings[key],
        )
        for key, atlas in area_sets.items()
    }
    return MapPictures(sets, area_sets[SUMMARIES].version)


def build_site(settings: Settings, previous: Site | None = None) -> Site:
    """Load and prepare everything once. Raises DataError if the data or boundaries are bad.

    ``previous`` is the Site a reload replaces: its postcode index is kept if the postcode
    files have gone missing since.
    """
    started = time.perf_counter()
    area_sets, statistics = load_area_sets(settings)
    atlas = area_sets[SUMMARIES]
    colourings = map_colourings(area_sets)
    assets = build_assets(area_sets, settings, colourings)
    datasets = build_datasets(area_sets, statistics)
    return Site(
        settings=settings,
        atlas=atlas,
        area_sets=area_sets,
        statistics=statistics,
        assets=assets,
        leaflet_version=xstatic_leaflet.VERSION,
        directory=build_directory(
            settings, atlas, previous and previous.directory.finder.postcodes
        ),
        collections=Catalogue(AreaIndex(dataset) for dataset in datasets),
        downloads=Downloads(datasets),
        pictures=build_pictures(area_sets, assets, colourings),
        build_seconds=time.perf_counter() - started,
        built_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
    )
