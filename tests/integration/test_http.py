"""The HTTP surface on the real data: pages, fragments, the point API, assets, errors."""

import gzip
import re

import pytest
from pages import HERTFORDSHIRE_AS_PUBLISHED, boundary_urls, first_view_urls

from geoapp import create_app
from geoapp.inputs.problems import DataError


def page_assets(html: str) -> list[str]:
    """Every asset a page loads: scripts, stylesheets and the boundaries its map fetches."""
    return first_view_urls(html)


def test_the_map_page_loads_only_our_own_files(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    loaded = re.findall(
        r'<script[^>]* src="([^"]+)"|<link rel="(?:stylesheet|icon)" href="([^"]+)"', html
    )
    sources = [script or link for script, link in loaded]
    assert len(sources) >= 5, sources
    assert [s for s in sources if not s.startswith(("/assets/", "data:"))] == []
    assert "user-scalable=no" not in html
    assert 'id="map_areas"' in html
    for line in client.application.extensions["geoapp"].summaries.attributions:
        assert line in html


def test_every_asset_is_served_versioned_immutable_and_compressed(client):
    for path in ("/", "/embed"):
        assets = page_assets(client.get(path).get_data(as_text=True))
        assert any("leaflet" in a for a in assets) and any("topojson" in a for a in assets)
        for url in assets:
            plain = client.get(url)
            assert plain.status_code == 200
            assert plain.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert plain.headers["Access-Control-Allow-Origin"] == "*"
            zipped = client.get(url, headers={"Accept-Encoding": "gzip, br"})
            assert zipped.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(zipped.data) == plain.data
            again = client.get(url, headers={"If-None-Match": plain.headers["ETag"]})
            assert again.status_code == 304


def test_the_map_fetches_the_areas_as_quantised_topojson(client):
    url = boundary_urls(client.get("/").get_data(as_text=True))["summaries2018"]
    topology = client.get(url).get_json()
    assert topology["type"] == "Topology"
    geometries = topology["objects"]["areas"]["geometries"]
    codes = [a.code for a in client.application.extensions["geoapp"].summaries.areas]
    assert [g["id"] for g in geometries] == codes
    names = {g["id"]: g["properties"]["name"] for g in geometries}
    assert names["E37000017"] == "Hertfordshire"
    assert all(isinstance(n, int) for arc in topology["arcs"] for point in arc for n in point)


def test_point_api_lists_both_overlapping_areas(client):
    response = client.get("/api/areas/at?lat=51.979&lon=-0.229")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert [a["name"] for a in body["areas"]] == [
        "Hertfordshire",
        "Greater Cambridge and Greater Peterborough",
    ]
    assert body["areas"][0]["people_in_employment"] == 609000
    assert body["count"] == 2 and body["attribution"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "lat=51",
        "lat=abc&lon=0",
        "lat=51&lon=",
        "lat=91&lon=0",
        "lat=0&lon=181",
        "lat=nan&lon=0",
        "lat=0&lon=inf",
        "lat=1e400&lon=0",
        "lat=%00&lon=0",
    ],
)
def test_bad_coordinates_get_400_with_a_message(client, query):
    response = client.get(f"/api/areas/at?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["status"] == 400 and body["message"]
    panel = client.get(f"/panel/at?{query}")
    assert panel.status_code == 400
    assert "Sorry" in panel.get_data(as_text=True)


def test_panel_for_hertfordshire_shows_the_published_figures(client):
    html = client.get("/panel/at?lat=51.9038&lon=-0.1966").get_data(as_text=True)
    for text in ("Hertfordshire", *HERTFORDSHIRE_AS_PUBLISHED):
        assert text in html, text


GOV_UK_ANNOUNCEMENT = "https://www.gov.uk/government/news/local-industrial-strategies-to-drive-growth-across-the-country"


def test_panel_for_an_area_without_figures_leads_with_what_we_hold(client):
    html = client.get("/panel/E37000005").get_data(as_text=True)
    assert "Cornwall and Isles of Scilly" in html
    assert "Local Enterprise Partnership" in html
    # What we hold comes first: its ONS headline figures, then the plain note and the link.
    headline = html.index("Employment rate, 2018")
    note = html.index("We do not hold this area's summary page")
    assert headline < note
    assert f'href="{GOV_UK_ANNOUNCEMENT}"' in html
    assert "Local Industrial Strategies to drive growth across the country" in html
    assert "Councils in Cornwall and Isles of Scilly" in html and "Cornwall" in html
    # Plain words: no "yet", no shorthand of the data.
    text = re.sub(r"<[^>]+>", " ", html)
    assert " yet" not in text and "Wave:" not in text and "trailblazer" not in text


def test_a_nation_without_ons_statistics_leads_with_its_councils(client):
    html = client.get("/panel/S92000003").get_data(as_text=True)
    assert html.index("<dt>Councils</dt>") < html.index("We do not hold")
    assert "Glasgow City" in html


def test_panel_at_sea_says_no_area(client):
    html = client.get("/panel/at?lat=50&lon=-3").get_data(as_text=True)
    assert "No area here" in html


def test_unknown_pages_get_a_friendly_404_and_api_paths_json(client):
    page = client.get("/nowhere")
    assert page.status_code == 404 and "Go to the map" in page.get_data(as_text=True)
    api = client.get("/api/nowhere")
    assert api.status_code == 404 and api.get_json()["status"] == 404
    assert client.get("/panel/E99999999").status_code == 404
    assert client.get("/assets/app.0000.css").status_code == 404
    assert client.post("/api/areas/at?lat=1&lon=1").status_code == 405


def test_start_up_refuses_a_missing_boundaries_folder(tmp_path):
    with pytest.raises(DataError) as raised:
        create_app({"boundaries_dir": tmp_path / "nowhere", "tiles_url": "none"})
    assert "LEP_April_2017_EN_BUC_shp.zip" in str(raised.value)
    assert "GEOAPP_BOUNDARIES_DIR" in str(raised.value)


def test_tiles_are_configurable(tmp_path):
    app = create_app(
        {
            "tiles_url": "https://tiles.example.org/{z}/{x}/{y}.png",
            "tiles_attribution": "Example tiles",
        }
    )
    client = app.test_client()
    html = client.get("/").get_data(as_text=True)
    assert "Basemap: Example tiles" in html
    (script,) = re.findall(r'src="(/assets/areas-map\.[^"]+)"', html)
    assert "tiles.example.org" in client.get(script).get_data(as_text=True)


def test_pages_get_strong_etags_per_encoding_and_304s(client):
    plain = client.get("/?area=E37000017")
    zipped = client.get("/?area=E37000017", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert "Accept-Encoding" in zipped.headers["Vary"]
    etags = {plain.headers["ETag"], zipped.headers["ETag"]}
    assert len(etags) == 2 and not any(e.startswith("W/") for e in etags)
    again = client.get(
        "/?area=E37000017",
        headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]},
    )
    assert again.status_code == 304 and again.data == b""
    other = client.get("/?area=E37000001", headers={"If-None-Match": plain.headers["ETag"]})
    assert other.status_code == 200
