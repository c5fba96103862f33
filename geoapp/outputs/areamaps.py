"""Small static maps of each area as SVG path data: no JavaScript, a few kilobytes each.

Each map shows the area's outline over its neighbours, clipped to a frame around the
area. Coordinates are lon/lat scaled by cos(latitude) (an equirectangular projection
centred on the area, faithful enough at this size), simplified to about one unit of the
drawing and written as whole numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

from geoapp.model.areas import Area, AreaSet

#: The drawing's longest side, in SVG user units.
SIZE = 600
#: Space around the area, as a share of its extent, so its neighbours show.
MARGIN = 0.12


@dataclass(frozen=True)
class AreaMap:
    """An area's map: the drawing's size and the path data of the area and its neighbours."""

    width: int
    height: int
    area: str
    neighbours: tuple[str, ...]


def ring_path(coords: np.ndarray) -> str:
    """Return one closed ring as path data, dropping points that round onto the last."""
    points = np.rint(coords).astype(int)
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.any(points[1:] != points[:-1], axis=1)
    points = points[keep]
    if len(points) < 4:
        return ""
    first, rest = points[0], points[1:-1]
    return f"M{first[0]} {first[1]}L" + " ".join(map(str, rest.ravel().tolist())) + "Z"


def path_data(geometry: shapely.Geometry) -> str:
    """Return the path data of a (multi)polygon already in drawing units."""
    parts = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            parts.append(ring_path(np.asarray(ring.coords)))
    return "".join(parts)


def to_drawing(geometry: shapely.Geometry, frame: tuple, scale: float, cosine: float):
    """Return the geometry in drawing units: x east, y down, origin at the frame's corner."""
    west, _south, _east, north = frame

    def transform(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(
            [(coords[:, 0] - west) * cosine * scale, (north - coords[:, 1]) * scale]
        )

    return shapely.transform(geometry, transform)


def polygons_only(geometry: shapely.Geometry) -> shapely.Geometry:
    """Return only the polygons of a clipped geometry (clipping can leave lines)."""
    parts = shapely.get_parts(geometry)
    return shapely.multipolygons([p for p in parts if p.geom_type == "Polygon"])


def build_area_map(area: Area, others: list[Area]) -> AreaMap:
    """Return the map of ``area`` with the parts of ``others`` inside its frame."""
    west, south, east, north = area.geometry.bounds
    cosine = math.cos(math.radians((south + north) / 2))
    pad_x, pad_y = (east - west) * MARGIN, (north - south) * MARGIN
    frame = (west - pad_x, south - pad_y, east + pad_x, north + pad_y)
    extent_x, extent_y = (frame[2] - frame[0]) * cosine, frame[3] - frame[1]
    scale = SIZE / max(extent_x, extent_y)
    tolerance = 1.0  # one drawing unit

    def draw(geometry: shapely.Geometry) -> str:
        clipped = polygons_only(shapely.clip_by_rect(geometry, *frame))
        drawn = shapely.simplify(to_drawing(clipped, frame, scale, cosine), tolerance)
        return path_data(drawn)

    box = shapely.box(*frame)
    neighbours = tuple(
        path for other in others if other.geometry.intersects(box) if (path := draw(other.geometry))
    )
    return AreaMap(
        width=math.ceil(extent_x * scale),
        height=math.ceil(extent_y * scale),
        area=draw(area.geometry),
        neighbours=neighbours,
    )


def build_area_maps(area_set: AreaSet) -> dict[str, AreaMap]:
    """Return every area's map by code."""
    return {
        area.code: build_area_map(area, [a for a in area_set.areas if a.code != area.code])
        for area in area_set.areas
    }
