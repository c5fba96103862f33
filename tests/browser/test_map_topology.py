"""The browser's TopoJSON decoder (static/map-topology.js) against Python's
(geoapp/geometry/prepare.py decode_topology), which the server's pictures draw from, on the real
topologies the app serves: the same areas in the same order, the same polygons and rings,
and every coordinate equal to the last bit."""

from __future__ import annotations

import json

from pages import boundary_urls

from geoapp.geometry.prepare import decode_topology

#: Fetches a topology the way the map does and decodes it with the page's own decoder.
DECODE_IN_THE_PAGE = """async (url) => {
  const topology = await (await fetch(url, { credentials: "same-origin" })).json();
  return geoapp.decodeTopology(topology).features.map(
    (feature) => [feature.id, feature.geometry.type, feature.geometry.coordinates]);
}"""


def rings_of(shape) -> list[list[list[list[float]]]]:
    """A MultiPolygon's coordinates as GeoJSON nests them: polygons, rings, [lon, lat]."""
    return [
        [[list(point) for point in ring.coords] for ring in (polygon.exterior, *polygon.interiors)]
        for polygon in shape.geoms
    ]


def test_the_browser_decodes_the_served_boundaries_exactly_as_python_does(
    page, live_server, client
):
    html = client.get("/").get_data(as_text=True)
    page.goto(live_server + "/")
    page.wait_for_selector("#map-view[data-map-ready=true]")
    for key, url in boundary_urls(html).items():
        in_the_browser = page.evaluate(DECODE_IN_THE_PAGE, url)
        in_python = decode_topology(json.loads(client.get(url).get_data()))
        assert [code for code, _, _ in in_the_browser] == list(in_python), key
        points = 0
        for code, kind, coordinates in in_the_browser:
            assert kind == "MultiPolygon"
            assert coordinates == rings_of(in_python[code]), (key, code)
            points += sum(len(ring) for polygon in coordinates for ring in polygon)
        assert points > 1000, (key, points)  # the real boundaries, not an empty answer
