"""Tiny boundary files for tests, shaped like the ONS ones."""

import json


def square(x0: float, y0: float, size: float) -> dict:
    """A GeoJSON polygon, wound clockwise as the ONS files are."""
    ring = [[x0, y0], [x0, y0 + size], [x0 + size, y0 + size], [x0 + size, y0], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature_collection(features: list[tuple[str, str, dict]], code: str, name: str) -> str:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {code: c, name: n}, "geometry": g}
                for c, n, g in features
            ],
        }
    )
