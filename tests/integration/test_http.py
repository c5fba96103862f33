"""The HTTP surface on the real data: pages, fragments, the point API, assets, errors."""

import gzip
import re

import pytest

from geoapp import create_app
from geoapp.problems import DataError


def test_the_map_page_links_only_our_own_assets(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    loaded = re.findall(
        r'<script[^>]* src="([^"]+)"|<link rel="(?:stylesheet|icon)" href="([^"]+)"', html
    )
    sources = [script or link for script, link in loaded]
    assert len(sources) == 7, sources
    external = [s for s in sources if s.startswith(("http:", "https:", "//"))]
    assert external == []
    assert "user-scalable=no" not in html
    assert 'id="map_areas"' in html
    for line in client.application.extensions["geoapp"].atlas.attributions:
        assert line in html


def test_every_asset_is_served_versioned_immutable_and_compressed(client):
    html = client.get("/").get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="(/assets/[^"]+)"', html)
    assert len(assets) == 6
    for url in assets:
        plain = client.get(url)
        assert plain.status_code == 200
        assert plain.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        zipped = client.get(url, headers={"Accept-Encoding": "gzip, br"})
        assert zipped.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(zipped.data) == plain.data
        again = client.get(url, headers={"If-None-Match": plain.headers["ETag"]})
        assert again.status_code == 304


def test_the_map_script_carries_trimmed_shapes_not_full_precision(client):
    html = client.get("/").get_data(as_text=True)
    (script,) = re.findall(r'src="(/assets/areas-map\.[^"]+)"', html)
    text = client.get(script).get_data(as_text=True)
    assert "E37000017" in text and "L.map(" in text
    assert not re.search(r"\d+\.\d{5,}\]", text.split("geo_json_areas_add(")[1])


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
    for text in (
        "Hertfordshire",
        "1,116,300",
        "58,305",
        "£2.5m",
        "£6m",
        "£34m",
        "609,000",
        "58,100",
        "27,900",
        "6,800",
        "Cell and Gene Therapy Catapult",
        "£60m",
        "develop its Local Industrial Strategy",
        "more than £45bn",
        "as published December 2018",
    ):
        assert text in html, text


def test_panel_for_an_area_without_figures_says_so(client):
    html = client.get("/panel/E37000005").get_data(as_text=True)
    assert "Cornwall and Isles of Scilly" in html
    assert "Local Enterprise Partnership" in html
    assert "No figures are held for this area yet" in html


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
