"""The download files of each published set (geoapp.model.sets), built once at start-up:
GeoJSON of all its areas and of each, its CSV table, the summaries' investments, and the
GIS files (GeoPackage, zipped Shapefile: geoapp.outputs.gisfiles).

Each is serialised and gzipped once (a zip is not: it is compressed already), with a
strong ETag made of the data version and a hash of its bytes, so a cached copy is
revalidated cheaply and a new release never matches an old copy.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from geoapp.model.areas import AreaSet
from geoapp.outputs.geojson import GEOJSON_TYPE, feature_collection, to_bytes
from geoapp.outputs.gisfiles import GEOPACKAGE_TYPE, ZIP_TYPE, geopackage_bytes, shapefile_zip_bytes
from geoapp.outputs.tables import areas_csv, investments_csv

CSV_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Download:
    """One file: its bytes, a gzipped copy (None for a zip), its type, ETag and the name it
    is saved as."""

    filename: str
    content_type: str
    body: bytes
    gzipped: bytes | None
    etag: str


def make_download(
    filename: str, content_type: str, body: bytes, version: str, compress: bool = True
) -> Download:
    """Return the Download of ``body``, compressed once unless ``compress`` is False."""
    digest = hashlib.sha256(body).hexdigest()[:12]
    return Download(
        filename=filename,
        content_type=content_type,
        body=body,
        gzipped=gzip.compress(body, compresslevel=9, mtime=0) if compress else None,
        etag=f"{version}-{digest}",
    )


def set_files(area_set: AreaSet, features: tuple[dict, ...]) -> dict[str, Download]:
    """Return a set's files by URL name: "<id>.geojson", "<id>.csv" ("areas.csv" …),
    "<id>.gpkg", "<id>.shp.zip", and "investments.csv" for the summaries.

    ``features`` are the set's GeoJSON features (geoapp.outputs.geojson.set_features).
    """

    def build(name: str, content_type: str, body: bytes, compress: bool = True) -> Download:
        return make_download(name, content_type, body, area_set.version, compress)

    stem, name = area_set.collection_id, area_set.set_file_name
    whole = feature_collection(area_set, features, name)
    files = {
        f"{stem}.geojson": build(f"{name}.geojson", GEOJSON_TYPE, to_bytes(whole)),
        f"{stem}.csv": build(f"{name}.csv", CSV_TYPE, areas_csv(area_set)),
        f"{stem}.gpkg": build(
            f"{name}.gpkg", GEOPACKAGE_TYPE, geopackage_bytes(area_set, features)
        ),
        f"{stem}.shp.zip": build(
            f"{name}.shp.zip",
            ZIP_TYPE,
            shapefile_zip_bytes(area_set, features),
            compress=False,
        ),
    }
    if area_set.has_summaries:
        files["investments.csv"] = build(
            f"{area_set.file_stem}-investments.csv", CSV_TYPE, investments_csv(area_set)
        )
    return files


def area_files(area_set: AreaSet, features: tuple[dict, ...]) -> dict[str, Download]:
    """Return each area's GeoJSON (a FeatureCollection of one) by ONS code."""
    files = {}
    for area, feature in zip(area_set.areas, features, strict=True):
        name = f"{area_set.file_stem}-{area.code}-{area.slug}"
        body = to_bytes(feature_collection(area_set, [feature], name))
        files[area.code] = make_download(f"{name}.geojson", GEOJSON_TYPE, body, area_set.version)
    return files


class Downloads:
    """The files of every published set: whole sets by URL name ("areas.geojson",
    "leps2021.csv", "areas.gpkg", "areas.shp.zip", "investments.csv", …) and each area's
    GeoJSON by set and code."""

    def __init__(self, area_sets: Iterable[AreaSet], features: dict[str, tuple[dict, ...]]):
        """``features``: each set's GeoJSON features by set key, built once."""
        self._files: dict[str, Download] = {}
        self._areas: dict[str, dict[str, Download]] = {}
        for area_set in area_sets:
            self._files.update(set_files(area_set, features[area_set.key]))
            self._areas[area_set.collection_id] = area_files(area_set, features[area_set.key])

    def file(self, name: str) -> Download | None:
        """Return the download called ``name`` ("areas.geojson", …), or None."""
        return self._files.get(name)

    def area(self, code: str, set_key: str = "areas") -> Download | None:
        """Return the GeoJSON download of one area of a set by ONS code, or None."""
        return self._areas.get(set_key, {}).get(code)
