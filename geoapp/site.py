"""Everything the views serve, built once at start-up: settings, atlas, map and assets."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

from geoapp.areas import Atlas, load_atlas
from geoapp.assets import AssetStore
from geoapp.config import PROJECT_ROOT, Settings
from geoapp.directory import Directory, build_directory
from geoapp.downloads import Downloads
from geoapp.geojson import AreaFeatures
from geoapp.mapping import build_map, display_topology_json, map_script
from geoapp.ogc import AreaIndex

STATIC_DIR = PROJECT_ROOT / "static"
SUMMARIES_SET = "summaries2018"


@dataclass(frozen=True)
class Site:
    settings: Settings
    atlas: Atlas
    assets: AssetStore
    leaflet_version: str
    build_seconds: float
    #: The areas as GeoJSON features with a spatial index, for the OGC API.
    area_index: AreaIndex
    #: The download files, serialised and gzipped once.
    downloads: Downloads
    #: Area pages, the list of areas and search (districts, postcodes).
    directory: Directory


def build_assets(atlas: Atlas, settings: Settings) -> AssetStore:
    """Return the asset store: Leaflet from its installed package, our files, the map script."""
    assets = AssetStore()
    for name in ("leaflet.js", "leaflet.css"):
        assets.add_file(Path(xstatic_leaflet.BASE_DIR) / name)
    for path in sorted(STATIC_DIR.iterdir()):
        if path.is_file():
            assets.add_file(path)
    tiles = settings.tiles_url if settings.has_tiles else None
    fmap = build_map(atlas, tiles, settings.tiles_attribution)
    assets.add("areas-map.js", map_script(fmap).encode())
    assets.add("areas-2018.topojson", display_topology_json(atlas))
    return assets


def build_site(settings: Settings) -> Site:
    """Load and prepare everything once. Raises DataError if the data or boundaries are bad."""
    started = time.perf_counter()
    atlas = load_atlas(
        settings.boundaries_manifest, settings.boundaries_dir, settings.data_dir, SUMMARIES_SET
    )
    assets = build_assets(atlas, settings)
    features = AreaFeatures(atlas)
    return Site(
        settings=settings,
        atlas=atlas,
        assets=assets,
        leaflet_version=xstatic_leaflet.VERSION,
        directory=build_directory(settings, atlas),
        area_index=AreaIndex(features),
        downloads=Downloads(features),
        build_seconds=time.perf_counter() - started,
    )
