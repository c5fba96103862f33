"""RFC 7946 GeoJSON of the areas, each with its record; the attribution travels in the file.

The features are prepared once at start-up and shared by the downloads and the OGC API,
so both serve exactly the records the map shows (``Atlas.properties``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import shapely

from geoapp.model.areas import Area, Atlas

#: Decimal places kept in downloaded coordinates. 0.00001° is about 1 m on the ground; the
#: ONS boundaries are generalised to 500 m, so further digits would be noise, not detail.
DOWNLOAD_DECIMALS = 5
GEOJSON_TYPE = "application/geo+json"


def download_geometry(geometry: shapely.Geometry) -> shapely.Geometry:
    """Return the shape with at most 5 decimals, still valid, exteriors CCW and holes CW.

    Snapping every vertex to the same grid keeps neighbours' shared borders together.
    """
    snapped = shapely.set_precision(geometry, 10**-DOWNLOAD_DECIMALS)
    # set_precision keeps the shape valid, but its coordinates carry float noise such as
    # 51.900020000000005; rounding on the same grid strips it without moving any vertex.
    rounded = shapely.transform(snapped, lambda xy: np.round(xy, DOWNLOAD_DECIMALS))
    # GEOS rebuilds snapped shapes with clockwise exteriors: restore RFC 7946 winding.
    return shapely.orient_polygons(rounded, exterior_cw=False)


def area_feature(atlas: Atlas, area: Area) -> dict:
    """Return the area as a GeoJSON Feature: id = ONS code, properties = its record."""
    return {
        "type": "Feature",
        "id": area.code,
        "properties": atlas.properties(area),
        "geometry": shapely.geometry.mapping(download_geometry(area.geometry)),
    }


@dataclass(frozen=True)
class Provenance:
    """What travels with a set of areas in every file and API answer: where its records
    come from, under which licence, with which attribution lines, and the data version."""

    licence: str
    licence_url: str
    source: dict
    attributions: tuple[str, ...]
    version: str

    def members(self) -> dict:
        """Return the foreign members that carry attribution, licence and source in a file."""
        return {
            "attribution": list(self.attributions),
            "licence": {"name": self.licence, "url": self.licence_url},
            "source": self.source,
            "data_version": self.version,
        }


def summaries_provenance(atlas: Atlas) -> Provenance:
    """Return the provenance of a set of summary areas: the publication's licence and source.

    Raises AttributeError for a set without summaries (its ``publication`` is None).
    """
    publication = atlas.publication
    return Provenance(
        licence=publication.licence,
        licence_url=publication.licence_url,
        source={
            "title": publication.title,
            "publisher": publication.publisher,
            "published": publication.published.isoformat(),
            "period": publication.period,
        },
        attributions=atlas.attributions,
        version=atlas.version,
    )


class AreaFeatures:
    """Every area's Feature in code order, built once; treat the dicts as read-only.

    ``provenance`` travels in every collection built from them; by default that of the
    summaries the atlas holds.
    """

    def __init__(self, atlas: Atlas, provenance: Provenance | None = None):
        self.atlas = atlas
        self.provenance = provenance or summaries_provenance(atlas)
        self.features: tuple[dict, ...] = tuple(area_feature(atlas, a) for a in atlas.areas)
        self._by_code = {feature["id"]: feature for feature in self.features}

    def get(self, code: str) -> dict | None:
        """Return the Feature of the area with this code, or None."""
        return self._by_code.get(code)

    def collection(self, features, name: str) -> dict:
        """Return a FeatureCollection of ``features`` named ``name``, with the file members.

        ``name`` becomes the layer name in GDAL and QGIS.
        """
        return {
            "type": "FeatureCollection",
            "name": name,
            **self.provenance.members(),
            "features": list(features),
        }


def to_bytes(document: dict) -> bytes:
    """Return ``document`` as compact UTF-8 JSON (no ASCII escapes: names keep their £)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
