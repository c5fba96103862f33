import numpy as np
import pytest
import shapely

from geoapp.geometry.prepare import decode_topology, display_topology, repair_borders


def box(x0, y0, x1, y1):
    return shapely.box(x0, y0, x1, y1)


def test_nations_give_way_to_leps_and_take_in_unclaimed_slivers():
    # England (reference) is x 0..2; the LEP covers x 0..1.9; "Wales" was drawn at x 1.8..3.
    leps = {"E37000001": box(0, 0, 1.9, 1)}
    nations = {"W92000004": box(1.8, 0, 3, 1)}
    shapes = repair_borders(leps, nations, reference_country=box(0, 0, 2, 1))
    wales = shapes["W92000004"]
    assert wales.intersection(shapes["E37000001"]).area == pytest.approx(0)
    assert wales.union(shapes["E37000001"]).area == pytest.approx(3)  # no gap left
    assert shapes["E37000001"].equals(leps["E37000001"])  # the LEP keeps its outline


def test_real_overlaps_between_leps_are_kept():
    leps = {"E37000001": box(0, 0, 2, 1), "E37000002": box(1, 0, 3, 1)}
    shapes = repair_borders(leps, {}, reference_country=box(0, 0, 3, 1))
    overlap = shapes["E37000001"].intersection(shapes["E37000002"])
    assert overlap.area == pytest.approx(1)


def wiggly_square(x0, y0, size, points=200, seed=1):
    """A square whose shared right edge wiggles: something for simplification to remove."""
    rng = np.random.default_rng(seed)
    ys = np.linspace(y0, y0 + size, points)
    right = np.column_stack([x0 + size + rng.normal(0, 0.001, points), ys])
    right[0, 0] = right[-1, 0] = x0 + size
    return right, shapely.Polygon([(x0, y0), *right.tolist(), (x0, y0 + size), (x0, y0)])


def test_neighbours_share_their_simplified_border_exactly():
    edge, west = wiggly_square(0, 50, 1)
    east = shapely.Polygon([*edge[::-1].tolist(), (2, 50), (2, 51), tuple(edge[-1])])
    topology = display_topology({"A": west, "B": east}, {"A": {"name": "West"}})
    shapes = decode_topology(topology)
    assert set(shapes) == {"A", "B"}
    assert topology["objects"]["areas"]["geometries"][0]["properties"] == {"name": "West"}
    assert shapely.get_num_coordinates(shapes["A"]) < shapely.get_num_coordinates(west) / 4
    # No gap and no overlap opened between them: their union is still the whole rectangle.
    gap = shapely.box(0.01, 50.01, 1.99, 50.99).difference(shapes["A"].union(shapes["B"]))
    assert gap.area < 1e-6
    assert shapes["A"].intersection(shapes["B"]).area < 1e-6


def test_exterior_rings_stay_counter_clockwise_and_holes_clockwise():
    donut = shapely.Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (1, 3), (3, 3), (3, 1)]])
    shapes = decode_topology(display_topology({"D": shapely.orient_polygons(donut)}))
    (polygon,) = shapes["D"].geoms
    assert polygon.exterior.is_ccw
    assert not polygon.interiors[0].is_ccw
    assert polygon.area == pytest.approx(12, rel=1e-3)
