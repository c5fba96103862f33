"""Which areas contain a point: an STRtree over the prepared full-detail shapes."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import shapely
from shapely.strtree import STRtree

if TYPE_CHECKING:
    from geoapp.areas import Area


class PointLookup:
    """Answers "which areas contain this point?", returning every one (areas overlap)."""

    def __init__(self, areas: tuple[Area, ...]):
        self._areas = areas
        geometries = [area.geometry for area in areas]
        shapely.prepare(geometries)
        self._tree = STRtree(geometries)

    def areas_at(self, lon: float, lat: float) -> list[Area]:
        """Return the areas whose shape contains or touches (lon, lat), in code order."""
        point = shapely.Point(lon, lat)
        hits = self._tree.query(point, predicate="intersects")
        return [self._areas[i] for i in sorted(hits)]


def parse_coordinate(text: str | None, name: str, limit: float) -> float:
    """Return ``text`` as a finite number within ±limit. Raises ValueError with a message."""
    if text is None or not text.strip():
        raise ValueError(f"{name} is required")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {text[:40]!r}") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise ValueError(f"{name} must be between -{limit:g} and {limit:g}")
    return value
