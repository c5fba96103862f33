"""The page's side of the map's contract (geoapp/outputs/map_contract.py), on the real data: the
data attributes and elements each page with a map writes, and the sets of areas folium's
script hands over, the same as the page's boundaries."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from pages import boundaries_script_url, boundary_urls

from geoapp.outputs import map_contract as contract

#: Pages with a map, between them opening every kind of view.
MAP_PAGES = (
    "/",
    "/?area=E37000017",
    "/?lat=51.9&lon=-0.2",
    "/?set=leps2021&measure=employment_rate_2018",
    "/embed",
    "/embed?area=E37000017&panel=0&interactive=0",
)


class Elements(HTMLParser):
    """Each element's attributes, by id."""

    def __init__(self):
        super().__init__()
        self.by_id: dict[str, dict[str, str]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.by_id[attributes["id"]] = attributes


def elements(client, path: str) -> dict[str, dict[str, str]]:
    page = client.get(path)
    assert page.status_code == 200, path
    parser = Elements()
    parser.feed(page.get_data(as_text=True))
    return parser.by_id


def test_each_map_page_writes_only_declared_options_and_all_of_them_between_them(client):
    written = set()
    for path in MAP_PAGES:
        attributes = elements(client, path)[contract.PAGE_ELEMENT_ID]
        options = {name[5:] for name in attributes if name.startswith("data-")}
        assert options <= set(contract.PAGE_OPTIONS), path
        written |= options
    assert written == set(contract.PAGE_OPTIONS)


def test_each_map_page_has_the_map_element_and_the_elements_the_scripts_need(client):
    for path in MAP_PAGES:
        found = elements(client, path)
        assert contract.MAP_ELEMENT_ID in found, path
        needed = {name for name, always in contract.PAGE_ELEMENTS.items() if always}
        assert needed <= set(found), (path, needed - set(found))
    optional = {name for name, always in contract.PAGE_ELEMENTS.items() if not always}
    assert optional <= set(elements(client, "/")), "the map page has every element"


def test_the_map_script_hands_over_a_layer_for_each_set_the_page_has_boundaries_for(client):
    html = client.get("/").get_data(as_text=True)
    (script_url,) = re.findall(r'src="(/assets/areas-map\.[^"]+)"', html)
    script = client.get(script_url).get_data(as_text=True)
    (layers,) = re.findall(rf"{re.escape(contract.HAND_OVER)}\(\{{.*layers: (\{{[^}}]*\}})", script)
    handed = json.loads(re.sub(r": (\w+)", r': "\1"', layers))
    sets = boundary_urls(html)
    assert handed == {key: contract.layer_variable(key) for key in sets}


def test_the_boundaries_carry_only_the_declared_area_properties(client):
    for url in boundary_urls(client.get("/").get_data(as_text=True)).values():
        topology = json.loads(client.get(url).get_data())
        for geometry in topology["objects"]["areas"]["geometries"]:
            assert {"code", "name"} <= set(geometry["properties"]) <= set(contract.AREA_PROPERTIES)


def test_each_map_page_loads_the_boundaries_script_of_the_set_it_shows_first(client):
    for path in MAP_PAGES:
        html = client.get(path).get_data(as_text=True)
        script = client.get(boundaries_script_url(html)).get_data(as_text=True)
        (shown,) = re.findall(r'data-set="([^"]+)"', html)
        call = f"window.{contract.BOUNDARIES_RECEIVER}({json.dumps(shown)}, "
        topology = client.get(boundary_urls(html)[shown]).get_data(as_text=True)
        assert script == call + topology + ");\n", path
        # After our scripts, before Leaflet: decoded before Leaflet is parsed.
        order = re.findall(r'<script defer src="/assets/([a-z0-9-]+)', html)
        assert order[:4] == ["map-bundle", shown, "leaflet", "areas-map"], (path, order)
