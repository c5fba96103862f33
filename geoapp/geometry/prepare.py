"""Display geometry, prepared once: borders repaired, shared arcs simplified, quantised.

Three steps, each keeping what matters about the ONS shapes:
1. ``repair_borders``: the LEP layer and the countries layer were generalised separately,
   so along England's borders with Wales and Scotland they overlap and leave gaps (about
   100 slivers, ~30 km²). Nations give way to LEPs where both claim land and take in the
   slivers of England that no LEP covers along their border. LEPs are left untouched, so
   their real 2018 overlaps are kept exactly.
2. ``display_topology``: borders are cut into arcs shared by the shapes on either side and
   each arc is simplified once (TopoJSON, via the ``topojson`` package), so neighbours stay
   together: simplifying each polygon on its own opens gaps between them.
3. The arcs are quantised to a grid and delta-encoded (standard TopoJSON), which makes the
   file small; ``decode_topology`` reads it back (static/map.js has the same decoder).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import shapely
import topojson

#: Simplification tolerance in degrees (about 500–830 m): close to the 500 m generalisation
#: of the ONS "ultra generalised" source, and what keeps the boundaries under 30 KB gzipped.
SIMPLIFY_DEGREES = 0.0075
#: Grid steps across the data's extent: about 0.001° (70–120 m), finer than the tolerance.
QUANTISATION = 10_000
#: Two shapes "touch" when closer than this (degrees); the sources share exact vertices.
TOUCHING = 1e-7
#: Names the border repair's rule for caches; change it whenever repair_borders changes.
REPAIR_RULE = f"repair-borders-1-{TOUCHING}"
#: The same for the display topology.
TOPOLOGY_RULE = f"topology-1-{SIMPLIFY_DEGREES}-{QUANTISATION}"


def repair_borders(
    lep_shapes: dict[str, shapely.Geometry],
    nation_shapes: dict[str, shapely.Geometry],
    reference_country: shapely.Geometry,
) -> dict[str, shapely.Geometry]:
    """Return all shapes, the nations' made to meet the LEPs exactly along their borders.

    ``reference_country`` is England from the countries layer: the land between the LEPs'
    edge and a nation's edge that lies in it, and touches the nation, goes to the nation.
    LEP shapes keep their outline; they only gain vertices where a nation's border now
    meets them, so that both sides share identical segments (what TopoJSON needs to
    recognise a shared arc).
    """
    nations = trim_nations(lep_shapes, nation_shapes, reference_country)
    nation_vertices = shapely.union_all(list(nations.values()))
    leps = {
        code: shapely.snap(shape, nation_vertices, TOUCHING)
        if shapely.dwithin(shape, nation_vertices, TOUCHING)
        else shape
        for code, shape in lep_shapes.items()
    }
    return {**leps, **nations}


def trim_nations(
    lep_shapes: dict[str, shapely.Geometry],
    nation_shapes: dict[str, shapely.Geometry],
    reference_country: shapely.Geometry,
) -> dict[str, shapely.Geometry]:
    """Return the nations less the land LEPs claim, plus the unclaimed slivers beside them."""
    lep_union = shapely.union_all(list(lep_shapes.values()))
    unclaimed = shapely.get_parts(shapely.difference(reference_country, lep_union))
    repaired = {}
    for code, shape in nation_shapes.items():
        trimmed = shapely.difference(shape, lep_union)
        slivers = unclaimed[shapely.dwithin(unclaimed, shape, TOUCHING)]
        merged = shapely.union_all([trimmed, *slivers])
        repaired[code] = shapely.make_valid(merged)
    return repaired


def display_topology(
    shapes: Mapping[str, shapely.Geometry], properties: dict[str, dict] | None = None
) -> dict:
    """Return a quantised TopoJSON topology of the shapes, one object ``areas``.

    Each geometry's ``id`` is its key in ``shapes``, with ``properties[id]`` if given;
    arcs shared by neighbours are simplified once.
    """
    codes = list(shapes)
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": code,
                "properties": {},
                "geometry": shapely.geometry.mapping(shapes[code]),
            }
            for code in codes
        ],
    }
    topology = topojson.Topology(
        collection,
        prequantize=False,
        topology=True,
        toposimplify=SIMPLIFY_DEGREES,
        simplify_with="shapely",
        object_name="areas",
    ).to_dict()
    quantised = quantise(topology, codes, properties or {})
    orient_rings(quantised)
    return quantised


def quantise(topology: dict, codes: list[str], properties: dict[str, dict]) -> dict:
    """Return the topology with integer, delta-encoded arcs and a transform; ids set."""
    points = np.concatenate([np.asarray(arc, dtype=float) for arc in topology["arcs"]])
    west, south = points.min(axis=0)
    east, north = points.max(axis=0)
    scale = [(east - west) / (QUANTISATION - 1), (north - south) / (QUANTISATION - 1)]
    arcs = []
    for arc in topology["arcs"]:
        grid = np.rint((np.asarray(arc, dtype=float) - [west, south]) / scale).astype(int)
        steps = np.diff(grid, axis=0, prepend=[[0, 0]])
        keep = np.any(steps != 0, axis=1)
        keep[0] = True  # the first point carries the arc's absolute position
        arcs.append(steps[keep].tolist())
    geometries = topology["objects"]["areas"]["geometries"]
    for code, geometry in zip(codes, geometries, strict=True):
        geometry.pop("bbox", None)
        geometry["id"] = code
        geometry["properties"] = properties.get(code, {})
    return {
        "type": "Topology",
        "transform": {"scale": scale, "translate": [west, south]},
        "objects": {"areas": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs,
    }


def signed_area(points: np.ndarray) -> float:
    """Return twice the signed area of a ring: positive when counter-clockwise."""
    x, y = points[:, 0], points[:, 1]
    return float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))


def orient_rings(topology: dict) -> None:
    """Rewind rings in place to RFC 7946: exteriors counter-clockwise, holes clockwise.

    TopoJSON tools wind the other way. A ring is reversed by reversing its list of arcs
    and flipping each arc's direction (~i).
    """
    arcs = decode_arcs(topology)
    for geometry in topology["objects"]["areas"]["geometries"]:
        kind = geometry.get("type")
        polygons = [geometry["arcs"]] if kind == "Polygon" else geometry.get("arcs", [])
        for rings in polygons:
            for position, ring in enumerate(rings):
                counter_clockwise = signed_area(ring_points(arcs, ring)) > 0
                if counter_clockwise != (position == 0):
                    ring[:] = [~index for index in reversed(ring)]


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """Return each arc as absolute lon/lat points (undoing the delta encoding)."""
    scale = np.asarray(topology["transform"]["scale"])
    translate = np.asarray(topology["transform"]["translate"])
    return [
        np.cumsum(np.asarray(arc, dtype=float), axis=0) * scale + translate
        for arc in topology["arcs"]
    ]


def ring_points(arcs: list[np.ndarray], indexes: list[int]) -> np.ndarray:
    """Return a ring from arc indexes; ~i means arc i reversed. Shared end points appear once."""
    parts = []
    for position, index in enumerate(indexes):
        arc = arcs[~index][::-1] if index < 0 else arcs[index]
        parts.append(arc if position == 0 else arc[1:])
    return np.concatenate(parts)


def decode_polygon(arcs: list[np.ndarray], rings: list[list[int]]) -> shapely.Polygon | None:
    """Return one polygon, or None if quantisation collapsed its outer ring (a tiny islet)."""
    points = [ring_points(arcs, ring) for ring in rings]
    if len(points[0]) < 4:
        return None
    return shapely.Polygon(points[0], [hole for hole in points[1:] if len(hole) >= 4])


def decode_topology(topology: dict) -> dict[str, shapely.Geometry]:
    """Return {id: MultiPolygon} from a topology made by ``display_topology``."""
    arcs = decode_arcs(topology)
    shapes = {}
    for geometry in topology["objects"]["areas"]["geometries"]:
        kind = geometry.get("type")
        polygons = [geometry["arcs"]] if kind == "Polygon" else geometry.get("arcs", [])
        decoded = [decode_polygon(arcs, rings) for rings in polygons] if kind else []
        shapes[geometry["id"]] = shapely.MultiPolygon([p for p in decoded if p is not None])
    return shapes
