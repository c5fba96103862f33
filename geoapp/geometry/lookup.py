"""Which shapes contain a point: an STRtree over prepared full-detail shapes."""

from __future__ import annotations

import math

import shapely
from shapely.strtree import STRtree

from geoapp.inputs.numbers import decimal_number


class PointLookup:
    """Answers "which shapes contain this point?", returning every one (areas overlap)."""

    def __init__(self, shapes: list[shapely.Geometry], tree: STRtree | None = None):
        """``tree``, when given, is an STRtree already built over these very shapes (the
        same objects, in this order); otherwise one is built."""
        shapely.prepare(shapes)
        self._tree = STRtree(shapes) if tree is None else tree

    def indexes_at(self, lon: float, lat: float) -> list[int]:
        """Return the positions of the shapes containing or touching (lon, lat), in order."""
        hits = self._tree.query(shapely.Point(lon, lat), predicate="intersects")
        return sorted(int(i) for i in hits)


def parse_coordinate(text: str | None, name: str, limit: float) -> float:
    """Return ``text`` as a finite number within ±limit. Raises ValueError with a message."""
    if text is None or not text.strip():
        raise ValueError(f"{name} is required")
    value = decimal_number(text)
    if value is None:
        raise ValueError(f"{name} must be a number in digits 0-9, not {text[:40]!r}")
    if not math.isfinite(value) or abs(value) > limit:
        raise ValueError(f"{name} must be between -{limit:g} and {limit:g}")
    return value
