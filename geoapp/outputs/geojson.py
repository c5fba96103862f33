"""RFC 7946 GeoJSON of the areas, each with its record; the attribution travels in the file.

The features are prepared once at start-up and shared by the downloads and the OGC API,
so both serve exactly the records the map shows (``AreaSet.record``).
"""

from __future__ import annotations

import json

import numpy as np
import shapely

from geoapp.model.areas import Area, AreaSet

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


def area_feature(area_set: AreaSet, area: Area) -> dict:
    """Return the area as a GeoJSON Feature: id = ONS code, properties = its record."""
    return {
        "type": "Feature",
        "id": area.code,
        "properties": area_set.record(area),
        "geometry": shapely.geometry.mapping(download_geometry(area.geometry)),
    }


def set_features(area_set: AreaSet) -> tuple[dict, ...]:
    """Return every area's Feature in code order, built once at start-up (the downloads and
    the OGC API share them); treat the dicts as read-only."""
    return tuple(area_feature(area_set, area) for area in area_set.areas)


def feature_collection(area_set: AreaSet, features, name: str) -> dict:
    """Return a FeatureCollection of ``features`` named ``name``, with the set's provenance
    as foreign members. ``name`` becomes the layer name in GDAL and QGIS."""
    return {
        "type": "FeatureCollection",
        "name": name,
        **area_set.provenance.members(),
        "features": list(features),
    }


def to_bytes(document: dict) -> bytes:
    """Return ``document`` as compact UTF-8 JSON (no ASCII escapes: names keep their £)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
