"""The map's prepared boundaries against the ONS source: no gaps opened, overlaps kept."""

import itertools

import geopandas as gpd
import pytest
import shapely
from pages import boundary_urls

from geoapp.geometry.prepare import decode_topology

pytestmark = pytest.mark.real_data

BNG = "EPSG:27700"


def polygons_only(shape):
    parts = shapely.get_parts(shapely.make_valid(shape))
    return shapely.union_all([p for p in parts if p.geom_type in ("Polygon", "MultiPolygon")])


def in_metres(shapes: dict) -> dict:
    series = gpd.GeoSeries(list(shapes.values()), index=list(shapes), crs=4326).to_crs(BNG)
    return {code: polygons_only(shape) for code, shape in series.items()}


def pair_overlaps_km2(shapes: dict) -> dict:
    found = {}
    for a, b in itertools.combinations(sorted(shapes), 2):
        area = shapes[a].intersection(shapes[b]).area / 1e6
        if area > 0.01:
            found[(a, b)] = area
    return found


@pytest.fixture(scope="module")
def geometries(real_app):
    """The areas in metres: as ONS drew them, as prepared, and as the map shows them."""
    area_set = real_app.extensions["geoapp"].summaries
    client = real_app.test_client()
    url = boundary_urls(client.get("/").get_data(as_text=True))["summaries2018"]
    shown = decode_topology(client.get(url).get_json())
    source = {area.code: area.geometry for area in area_set.areas}
    return in_metres(source), in_metres(area_set.prepared_shapes), in_metres(shown)


def test_the_mended_borders_leave_no_slivers_between_leps_and_nations(geometries):
    source, prepared, _ = geometries
    nations = {"S92000003", "W92000004", "N92000002"}

    def lep_nation(overlaps):
        return sum(v for (a, b), v in overlaps.items() if (a in nations) != (b in nations))

    assert lep_nation(pair_overlaps_km2(source)) > 10  # the problem exists in the source
    assert lep_nation(pair_overlaps_km2(prepared)) == 0


def interior_borders(shapes: dict):
    """Lines where two shapes meet with land on both sides (not coastline)."""
    lines = [
        shapes[a].boundary.intersection(shapes[b].boundary)
        for a, b in itertools.combinations(sorted(shapes), 2)
        if shapes[a].intersects(shapes[b])
    ]
    coast = polygons_only(shapely.union_all(list(shapes.values()))).boundary.buffer(50)
    return shapely.difference(shapely.union_all(lines), coast)


def test_simplification_opens_no_gaps_along_shared_borders(geometries):
    _, prepared, shown = geometries
    near_borders = interior_borders(prepared).buffer(1000)
    land = polygons_only(shapely.union_all(list(prepared.values())))
    lost = land.difference(polygons_only(shapely.union_all(list(shown.values()))))
    gap_km2 = lost.intersection(near_borders).area / 1e6
    # Simplifying each polygon on its own loses ~90 km² here; shared arcs lose ~2.5 km²,
    # all of it where borders meet the simplified coast.
    assert gap_km2 < 5


def test_real_overlaps_survive_and_no_new_ones_appear(geometries):
    _, prepared, shown = geometries
    before, after = pair_overlaps_km2(prepared), pair_overlaps_km2(shown)
    assert len(before) == 15  # the 15 overlapping pairs of 2018
    for pair, area in before.items():
        assert after.get(pair, 0) == pytest.approx(area, rel=0.02), pair
    new = {pair: area for pair, area in after.items() if pair not in before}
    assert sum(new.values()) < 1.5, new
