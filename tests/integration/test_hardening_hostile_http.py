"""Hostile text in the data and in query parameters comes out escaped in every HTML page,
fragment, script and oEmbed snippet, and as inert cells in the CSV downloads."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from hostile_world import HERTS, HOSTILE_FIELDS, HOSTILE_NAME, write_hostile_world
from markupsafe import escape

from geoapp import create_app

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What would be live markup if it came out unescaped.
RAW_MARKUP = (
    "<img src=x",
    "<script>alert",
    "<svg onload",
    "<iframe id=injected",
    "<b id=injected",
    "<a id=injected",
    "<form id=injected",
    "<style>body",
    "<x-injected",
)
#: Query parameters carrying markup, on routes that may show what they were given.
HOSTILE_REQUESTS = [
    "/search?q=" + quote("<script>alert('q')</script>"),
    "/search?q=" + quote("<x-injected>" * 30),
    "/areas/" + quote("<img src=x onerror=alert(1)>", safe=""),
    "/areas/" + quote('"><svg onload=alert(1)>', safe=""),
    "/?area=" + quote("<img src=x onerror=alert(1)>") + "&lat=" + quote("<svg onload=alert(1)>"),
    "/?set=" + quote("<script>alert(1)</script>") + "&measure=" + quote("<b id=injected>"),
    "/embed?area=" + quote('"><script>alert(1)</script>') + "&basemap=" + quote("<x-injected>"),
    "/panel/" + quote("<img src=x onerror=alert(1)>", safe=""),
    "/panel/at?lat=" + quote("<script>alert(1)</script>") + "&lon=1",
    "/ogc/collections/" + quote("<img src=x onerror=alert(1)>", safe="") + "/items?f=html",
    "/ogc/collections/areas/items?f=html&bbox=" + quote("<script>alert(1)</script>"),
    "/assets/" + quote("<img src=x onerror=alert(1)>.js", safe=""),
    "/nowhere/" + quote("<script>alert(1)</script>", safe=""),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return create_app(write_hostile_world(tmp_path_factory.mktemp("hostile"))).test_client()


def jinja_escaped(text: str) -> str:
    """The text as the templates write it (Jinja's autoescape)."""
    return str(escape(text))


def assert_escaped(text: str, where: str) -> None:
    for markup in RAW_MARKUP:
        assert markup not in text, (where, markup)


def text_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code < 500, path
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        f"/?area={HERTS}",
        "/?lat=51.9&lon=-0.2",
        f"/panel/{HERTS}",
        "/panel/at?lat=51.9&lon=-0.2",
        "/areas",
        f"/areas/{HERTS}",
        "/search?q=Hertfordshire",
        "/search?q=Stevenage",
        f"/embed?area={HERTS}",
        f"/ogc/collections/areas/items/{HERTS}?f=html",
        "/ogc/collections/areas/items?f=html&limit=41",
    ],
)
def test_hostile_data_is_escaped_in_every_page(client, path):
    page = text_of(client, path)
    assert_escaped(page, path)
    # Shown as text, not dropped: the escaped name is on the page.
    if "panel" in path or "areas" in path or "search" in path or "area=" in path:
        assert jinja_escaped(HOSTILE_NAME) in page, path


def test_the_area_page_shows_every_hostile_field_as_text(client):
    page = text_of(client, f"/areas/{HERTS}")
    for value in HOSTILE_FIELDS.values():
        assert jinja_escaped(value) in page, value


@pytest.mark.parametrize("path", HOSTILE_REQUESTS)
def test_hostile_query_parameters_are_escaped(client, path):
    assert_escaped(text_of(client, path), path)


def test_the_map_script_and_boundaries_carry_the_name_escaped_for_the_tooltip(client):
    page = text_of(client, "/")
    scripts = re.findall(r'src="(/assets/areas-map\.[^"]+)"', page)
    boundaries = re.findall(r"/assets/summaries2018\.[0-9a-f]+\.topojson", page)
    for path in scripts + boundaries:
        body = text_of(client, path).replace("\\u0026", "&")  # folium writes & as \u0026
        assert "<img" not in body and "\\u003cimg" not in body, path
        assert "Hertfordshire &lt;img src=x onerror=alert(&#x27;name&#x27;)&gt;" in body, path


class Elements(HTMLParser):
    """The tags and attributes of an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def test_the_oembed_snippet_is_an_iframe_and_a_link_with_the_name_as_text(client):
    response = client.get(f"/oembed?url=http://localhost/areas/{HERTS}")
    assert response.status_code == 200
    snippet = response.get_json()["html"]
    parser = Elements()
    parser.feed(snippet)
    assert [tag for tag, _ in parser.found] == ["iframe", "p", "a"]
    iframe = parser.found[0][1]
    assert HOSTILE_NAME in iframe["title"]
    assert iframe["src"].startswith("http://localhost/embed?area=E37000017")
    assert_escaped(snippet, "oEmbed html")
    assert HOSTILE_NAME in response.get_json()["title"]


#: Each CSV and the hostile formulas it holds (each must come out behind a quote mark).
CSV_FORMULAS = {
    "/downloads/areas.csv": [HOSTILE_FIELDS["lis_line"]],
    "/downloads/investments.csv": [HOSTILE_FIELDS[f"investments.{n}"] for n in (1, 2, 3)],
    "/downloads/leps2021.csv": [],
}


@pytest.mark.parametrize("path", CSV_FORMULAS)
def test_csv_cells_never_start_as_a_formula(client, path):
    response = client.get(path)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [cell for row in rows[1:] for cell in row]
    numbers = re.compile(r"-?\d+(\.\d+)?")
    formulas = [c for c in cells if c[:1] in FORMULA_STARTS and not numbers.fullmatch(c)]
    assert formulas == []
    for formula in CSV_FORMULAS[path]:
        assert "'" + formula in cells, formula
