"""The download files (GeoJSON of all areas and of each, two CSVs), built once at start-up.

Each is serialised and gzipped once, with a strong ETag made of the data version and a
hash of its bytes, so a cached copy is revalidated cheaply and a new release never
matches an old copy.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass

from geoapp.areas import Atlas
from geoapp.geojson import GEOJSON_TYPE, AreaFeatures, to_bytes
from geoapp.tables import areas_csv, investments_csv

CSV_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Download:
    """One file: its bytes, a gzipped copy, its type, ETag and the name it is saved as."""

    filename: str
    content_type: str
    body: bytes
    gzipped: bytes
    etag: str


def make_download(filename: str, content_type: str, body: bytes, version: str) -> Download:
    """Return the Download of ``body``, compressed once."""
    digest = hashlib.sha256(body).hexdigest()[:12]
    return Download(
        filename=filename,
        content_type=content_type,
        body=body,
        gzipped=gzip.compress(body, compresslevel=9, mtime=0),
        etag=f"{version}-{digest}",
    )


def file_prefix(atlas: Atlas) -> str:
    """Return the stem of saved file names: "industrial-strategy-local-summaries-2018"."""
    title = re.sub(r"[^a-z0-9]+", "-", atlas.publication.title.lower()).strip("-")
    return f"{title}-{atlas.publication.published.year}"


class Downloads:
    """The files by URL name: "areas.geojson", "areas.csv", "investments.csv", and each
    area's GeoJSON by code."""

    def __init__(self, features: AreaFeatures):
        atlas = features.atlas
        prefix = file_prefix(atlas)

        def build(name: str, content_type: str, body: bytes) -> Download:
            return make_download(f"{prefix}-{name}", content_type, body, atlas.version)

        self._files = {
            "areas.geojson": build(
                "areas.geojson",
                GEOJSON_TYPE,
                to_bytes(features.collection(features.features, f"{prefix}-areas")),
            ),
            "areas.csv": build("areas.csv", CSV_TYPE, areas_csv(atlas)),
            "investments.csv": build("investments.csv", CSV_TYPE, investments_csv(atlas)),
        }
        self._areas = {}
        for area, feature in zip(atlas.areas, features.features, strict=True):
            name = f"{area.code}-{area.slug}"
            document = features.collection([feature], f"{prefix}-{name}")
            self._areas[area.code] = build(f"{name}.geojson", GEOJSON_TYPE, to_bytes(document))

    def file(self, name: str) -> Download | None:
        """Return the download called ``name`` ("areas.geojson", …), or None."""
        return self._files.get(name)

    def area(self, code: str) -> Download | None:
        """Return the GeoJSON download of one area by ONS code, or None."""
        return self._areas.get(code)
