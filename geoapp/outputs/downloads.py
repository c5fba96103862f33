"""The download files of each published set (geoapp.model.datasets), built once at start-up:
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

from geoapp.model.datasets import Dataset
from geoapp.outputs.geojson import GEOJSON_TYPE, to_bytes
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


def set_files(dataset: Dataset) -> dict[str, Download]:
    """Return a set's files by URL name: "<key>.geojson", "<key>.csv" ("areas.csv" …),
    "<key>.gpkg", "<key>.shp.zip", and "investments.csv" for the summaries."""
    atlas, features = dataset.atlas, dataset.features

    def build(name: str, content_type: str, body: bytes, compress: bool = True) -> Download:
        return make_download(name, content_type, body, atlas.version, compress)

    whole = features.collection(features.features, dataset.set_file_name)
    files = {
        f"{dataset.key}.geojson": build(
            f"{dataset.set_file_name}.geojson", GEOJSON_TYPE, to_bytes(whole)
        ),
        f"{dataset.key}.csv": build(
            f"{dataset.set_file_name}.csv", CSV_TYPE, areas_csv(atlas, dataset.table_columns)
        ),
        f"{dataset.key}.gpkg": build(
            f"{dataset.set_file_name}.gpkg", GEOPACKAGE_TYPE, geopackage_bytes(dataset)
        ),
        f"{dataset.key}.shp.zip": build(
            f"{dataset.set_file_name}.shp.zip",
            ZIP_TYPE,
            shapefile_zip_bytes(dataset),
            compress=False,
        ),
    }
    if dataset.has_investments:
        files["investments.csv"] = build(
            f"{dataset.file_stem}-investments.csv", CSV_TYPE, investments_csv(atlas)
        )
    return files


def area_files(dataset: Dataset) -> dict[str, Download]:
    """Return each area's GeoJSON (a FeatureCollection of one) by ONS code."""
    features = dataset.features
    files = {}
    for area, feature in zip(dataset.atlas.areas, features.features, strict=True):
        name = f"{dataset.file_stem}-{area.code}-{area.slug}"
        body = to_bytes(features.collection([feature], name))
        files[area.code] = make_download(
            f"{name}.geojson", GEOJSON_TYPE, body, dataset.atlas.version
        )
    return files


class Downloads:
    """The files of every published set: whole sets by URL name ("areas.geojson",
    "leps2021.csv", "areas.gpkg", "areas.shp.zip", "investments.csv", …) and each area's
    GeoJSON by set and code."""

    def __init__(self, datasets: Iterable[Dataset]):
        self._files: dict[str, Download] = {}
        self._areas: dict[str, dict[str, Download]] = {}
        for dataset in datasets:
            self._files.update(set_files(dataset))
            self._areas[dataset.key] = area_files(dataset)

    def file(self, name: str) -> Download | None:
        """Return the download called ``name`` ("areas.geojson", …), or None."""
        return self._files.get(name)

    def area(self, code: str, set_key: str = "areas") -> Download | None:
        """Return the GeoJSON download of one area of a set by ONS code, or None."""
        return self._areas.get(set_key, {}).get(code)
