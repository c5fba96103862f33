"""Districts, postcodes, search and area pages on the real data (../shared)."""

from __future__ import annotations

import re

import pytest

from geoapp.config import PROJECT_ROOT
from geoapp.inputs import postcodes
from geoapp.outputs.search import Finder

pytestmark = pytest.mark.real_data

HERTFORDSHIRE = "E37000017"
LEEDS, SHEFFIELD = "E37000020", "E37000040"
ENTERPRISE_M3, SOLENT = "E37000010", "E37000029"
NORTHERN_IRELAND = "N92000002"
#: The 31 districts in two LEPs, as ../shared/boundaries/PROVENANCE.md lists them.
OVERLAP_DISTRICTS = {
    "Craven", "Harrogate", "Selby", "York", "King's Lynn and West Norfolk", "Forest Heath",
    "St Edmundsbury", "East Riding of Yorkshire", "Bassetlaw", "Bolsover", "Chesterfield",
    "Derbyshire Dales", "North East Derbyshire", "South Holland", "South Kesteven",
    "North Lincolnshire", "North East Lincolnshire", "Aylesbury Vale", "Cannock Chase",
    "East Staffordshire", "Lichfield", "Tamworth", "Uttlesford", "Cherwell", "Bromsgrove",
    "Redditch", "Wyre Forest", "North Hertfordshire", "Barnsley", "Lewes", "Croydon",
}  # fmt: skip


@pytest.fixture(scope="module")
def directory(real_app):
    return real_app.extensions["geoapp"].directory


@pytest.fixture(scope="module")
def finder(directory):
    return directory.finder


def first(finder, query):
    return finder.search(query).matches[0]


def test_every_district_is_placed_and_the_overlaps_are_those_of_provenance(directory):
    districts = directory.districts.districts
    assert len(districts) == 391
    assert all(d.memberships for d in districts)
    in_two = {d.name for d in districts if len(d.memberships) == 2}
    split = {d.name for d in districts if d.is_split}
    assert split == {"Winchester", "Test Valley", "New Forest"}
    assert in_two - split == OVERLAP_DISTRICTS
    assert max(len(d.memberships) for d in districts) == 2
    # Every LEP has at least one district; the nations hold theirs by code.
    placed = {code for d in districts for code in d.area_codes}
    assert placed == {area.code for area in directory.area_set.areas}
    assert len(directory.districts.in_area("S92000003")) == 32


def test_stevenage_is_in_hertfordshire(finder):
    match = first(finder, "Stevenage")
    assert (match.label, match.kind, match.area_codes) == (
        "Stevenage",
        "district",
        (HERTFORDSHIRE,),
    )


def test_barnsley_is_in_leeds_and_sheffield_city_regions(finder):
    match = first(finder, "barnsley")
    assert set(match.area_codes) == {LEEDS, SHEFFIELD}


def test_winchester_is_split_between_enterprise_m3_and_solent(finder):
    match = first(finder, "Winchester")
    assert match.area_codes == (ENTERPRISE_M3, SOLENT)
    assert match.note == "Split between Enterprise M3 (81%) and Solent (19%)."


@pytest.mark.parametrize(
    ("query", "code"),
    [("Glasgow", "S92000003"), ("Cardiff", "W92000004"), ("Belfast", NORTHERN_IRELAND)],
)
def test_councils_outside_england_find_their_nation(finder, query, code):
    assert first(finder, query).area_codes == (code,)


def test_a_hertfordshire_postcode_finds_hertfordshire(finder):
    # SG1 1AA is the first row of ../shared/postcodes/SG.csv: 51.89609, -0.20297.
    match = first(finder, "sg1 1aa")
    assert (match.label, match.kind, match.area_codes) == ("SG1 1AA", "postcode", (HERTFORDSHIRE,))
    assert (match.lat, match.lon) == (51.89609, -0.20297)


def test_a_letchworth_postcode_finds_both_overlapping_areas(finder):
    answer, areas, _ = finder.locate_postcode("SG6 3HY")
    assert answer.status == postcodes.FOUND
    assert [a.code for a in areas] == [HERTFORDSHIRE, "E37000042"]


def test_bt_postcodes_are_northern_ireland(finder):
    assert first(finder, "BT1 1AA").area_codes == (NORTHERN_IRELAND,)


def test_postcodes_without_an_area_say_why(finder):
    assert "Jersey" in finder.search("JE2 3AB").message
    assert "don't know" in finder.search("SG1 1ZZ").message
    assert "not a postcode" in finder.search("SG1 1A1").message


def test_the_real_index_is_compact_and_whole(finder):
    index = finder.postcodes
    assert len(index) == 2_651_941  # every row of the 123 GB and Crown dependency files
    assert index.info["without_location"] == 21_255
    folder = next((PROJECT_ROOT / "cache").glob("postcodes-*"), None)
    if folder:  # the default cache folder, as the real app uses it
        size = sum(p.stat().st_size for p in folder.iterdir())
        assert size < 40_000_000


def test_without_postcodes_the_real_app_still_searches_names(real_app):
    site = real_app.extensions["geoapp"]
    finder = Finder(site.summaries, site.directory.districts, None)
    assert "not available" in finder.search("SG1 1AA").message
    assert first(finder, "Stevenage").area_codes == (HERTFORDSHIRE,)


# --- HTTP ---------------------------------------------------------------------------


def test_the_area_page_has_figures_case_study_sources_overlaps_and_map(client):
    response = client.get(f"/areas/{HERTFORDSHIRE}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    for expected in (
        "1,116,300",
        "58,305",
        "609,000",
        "£2.5m",
        "Case study: The Cell and Gene Therapy Catapult",
        "Source: Industrial Strategy: local summaries",
        "North Hertfordshire is also in Greater Cambridge and Greater Peterborough",
        "Stevenage",
        "more than £45bn",
    ):
        assert expected in text, expected
    assert "<h1" in html and 'role="img"' in html and "<path" in html
    assert "<script" not in html.split("</head>")[1]  # nothing inline: works with JS off
    assert 'href="/areas/E37000042"' in html


def test_the_area_page_can_be_embedded_through_oembed(client):
    html = client.get(f"/areas/{HERTFORDSHIRE}").get_data(as_text=True)
    (link,) = re.findall(r'type="application/json\+oembed"[^>]*href="([^"]+)"', html)
    response = client.get(link.replace("&amp;", "&").replace("http://localhost", "", 1))
    assert response.status_code == 200
    assert response.get_json()["title"].startswith("Hertfordshire")


def test_a_split_district_is_explained_on_both_pages(client):
    solent = client.get(f"/areas/{SOLENT}").get_data(as_text=True)
    assert "Winchester is split: 19% of it is in Solent, 81% in" in solent
    assert "Enterprise M3" in solent


def test_the_area_page_links_downloads_only_when_they_exist(real_app, client):
    html = client.get(f"/areas/{HERTFORDSHIRE}").get_data(as_text=True)
    rules = {rule.rule for rule in real_app.url_map.iter_rules()}
    has_download = any(r.startswith("/downloads/areas/<") for r in rules)
    assert ("/downloads/areas/E37000017." in html) == has_download


@pytest.mark.parametrize("alias", ["hertfordshire", "HERTFORDSHIRE", "e37000017"])
def test_aliases_redirect_permanently_to_the_code(client, alias):
    response = client.get(f"/areas/{alias}")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/areas/{HERTFORDSHIRE}"


def test_an_unknown_area_gets_a_helpful_404_with_search(client):
    response = client.get("/areas/hertfordshir")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert 'action="/search"' in html and 'name="q"' in html
    assert 'href="/areas/E37000017">Hertfordshire</a>' in html
    assert client.get("/areas/E37000099").status_code == 404


def test_the_list_links_all_41_areas_with_headline_figures(client):
    html = client.get("/areas").get_data(as_text=True)
    links = re.findall(r'<th scope="row"><a href="/areas/([A-Z0-9]+)">', html)
    assert len(links) == 41 and len(set(links)) == 41
    assert "1,116,300" in html and "<caption" in html


def test_the_search_page_lists_results_without_javascript(client):
    html = client.get("/search?q=Barnsley").get_data(as_text=True)
    assert 'href="/areas/E37000020">Leeds City Region</a>' in html
    assert 'href="/areas/E37000040">Sheffield City Region</a>' in html
    assert "Royal Mail" not in html


def test_postcode_results_carry_the_postcode_attribution(client):
    html = client.get("/search?q=SG1+1AA").get_data(as_text=True)
    assert 'href="/areas/E37000017">Hertfordshire</a>' in html
    for line in postcodes.ATTRIBUTION:
        assert line in html


def test_search_with_nothing_typed_shows_the_box(client):
    response = client.get("/search")
    assert response.status_code == 200
    assert 'name="q"' in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["x" * 101, "a%00b"])
def test_bad_searches_are_400_with_a_reason(client, query):
    page = client.get(f"/search?q={query}")
    assert page.status_code == 400
    api = client.get(f"/api/search?q={query}")
    assert api.status_code == 400
    assert api.get_json()["message"]


def test_search_api_is_cors_open_json_with_area_pages(client):
    response = client.get("/api/search?q=Stevenage")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body["results"][0]["areas"] == [
        {"code": HERTFORDSHIRE, "name": "Hertfordshire", "url": "/areas/E37000017"}
    ]
    assert body["attribution"]


@pytest.mark.parametrize("url", ["/api/search", "/api/search?q=", "/api/search?q=a&limit=x"])
def test_search_api_refuses_bad_requests(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_postcode_api_gives_the_point_and_the_records(client):
    body = client.get("/api/postcodes/sg11aa").get_json()
    assert (body["postcode"], body["lat"], body["lon"]) == ("SG1 1AA", 51.89609, -0.20297)
    assert [a["code"] for a in body["areas"]] == [HERTFORDSHIRE]
    assert body["areas"][0]["population"] == 1116300
    assert body["area_pages"] == ["/areas/E37000017"]
    assert set(postcodes.ATTRIBUTION) <= set(body["attribution"])


@pytest.mark.parametrize(
    ("postcode", "status"),
    [("BT1%201AA", 200), ("SG1%201ZZ", 404), ("JE2%203AB", 404), ("hello", 400), ("SG1", 400)],
)
def test_postcode_api_statuses(client, postcode, status):
    response = client.get(f"/api/postcodes/{postcode}")
    assert response.status_code == status
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    if status != 200:
        assert response.get_json()["message"]


def test_the_map_panel_links_to_the_area_page(client):
    html = client.get(f"/panel/{HERTFORDSHIRE}").get_data(as_text=True)
    assert 'href="/areas/E37000017"' in html


def test_every_page_has_the_search_box(client):
    for url in ("/", f"/areas/{HERTFORDSHIRE}", "/areas"):
        html = client.get(url).get_data(as_text=True)
        assert 'role="search"' in html, url
