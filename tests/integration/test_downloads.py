"""The downloads from the running server: GeoJSON read back by GeoPandas, CSVs by csv/pandas."""

import csv
import gzip
import io
import json
import re
import urllib.request

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geoapp.config import PROJECT_ROOT
from geoapp.outputs.tables import AREA_COLUMNS, INVESTMENT_COLUMNS, LEPS_2021_COLUMNS

pytestmark = pytest.mark.real_data

DICTIONARY = (PROJECT_ROOT / "data" / "README.md").read_text()
HERTFORDSHIRE = "E37000017"
HERTFORDSHIRE_2021 = "E37000048"
BLACK_COUNTRY = "E37000001"  # the same code and boundary in 2017 and 2021


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def dictionary_table(file_name: str) -> list[tuple[str, str]]:
    """The (column, record field) rows documented for one CSV in data/README.md."""
    section = DICTIONARY.split(f"### `{file_name}`", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `([^`]+)` \| (.+?) \|", section, flags=re.M)


def test_geojson_read_back_by_geopandas_from_the_server(live_server, area_set):
    frame = gpd.read_file(f"{live_server}/downloads/areas.geojson")
    assert len(frame) == 41
    assert frame.crs.to_epsg() == 4326
    assert list(frame["code"]) == [area.code for area in area_set.areas]
    herts = frame.set_index("code", drop=False).loc[HERTFORDSHIRE]
    record = area_set.record(area_set.get(HERTFORDSHIRE))
    for field, value in record.items():
        read = herts[field]
        if isinstance(value, list | dict) and isinstance(read, str):
            read = json.loads(read)  # GDAL may hand nested values over as JSON text
        assert read == value, field
    assert herts["people_in_employment"] == 609000
    cornwall = frame.set_index("code").loc["E37000005"]
    assert pd.isna(cornwall["population"])  # unknown stays unknown, never 0


def test_the_summaries_geojson_carries_the_ons_statistics(live_server):
    frame = gpd.read_file(f"{live_server}/downloads/areas.geojson").set_index("code")
    assert frame.loc[BLACK_COUNTRY, "ons_statistics"] == "published"
    assert frame.loc[BLACK_COUNTRY, "employment_rate_2018"] == 68.7
    assert frame.loc[BLACK_COUNTRY, "ons_enterprises_2018"] == 33330
    # Hertfordshire's 2021 LEP is another area (new code): no numbers, a link instead.
    assert frame.loc[HERTFORDSHIRE, "ons_statistics"] == "different area"
    assert pd.isna(frame.loc[HERTFORDSHIRE, "employment_rate_2018"])
    assert frame.loc["S92000003", "ons_statistics"] == "not published"


def test_2021_geojson_read_back_by_geopandas_from_the_server(live_server, leps2021):
    frame = gpd.read_file(f"{live_server}/downloads/leps2021.geojson")
    assert len(frame) == 38
    assert frame.crs.to_epsg() == 4326
    assert list(frame["code"]) == [area.code for area in leps2021.areas]
    assert frame.geometry.is_valid.all()
    herts = frame.set_index("code", drop=False).loc[HERTFORDSHIRE_2021]
    for field, value in leps2021.record(leps2021.get(HERTFORDSHIRE_2021)).items():
        read = herts[field]
        if isinstance(value, list | dict) and isinstance(read, str):
            read = json.loads(read)
        assert read == value, field
    assert herts["employment_rate_2018"] == 78.5 and herts["ons_enterprises_2018"] == 61765
    assert "population" not in frame.columns  # the 2021 LEPs have no summary figures


def test_2021_geojson_carries_its_own_licence_and_attribution(client, leps2021):
    document = client.get("/downloads/leps2021.geojson").get_json(force=True)
    assert "crs" not in document
    assert document["name"] == "leps-april-2021-ons-statistics"
    assert document["attribution"] == list(leps2021.attributions)
    assert document["licence"]["url"].startswith("https://www.nationalarchives.gov.uk/")
    assert document["source"]["title"].startswith("ONS statistics")
    assert "not figures of the BEIS" in document["source"]["description"]
    for feature in document["features"]:
        shape = shapely.geometry.shape(feature["geometry"])
        for polygon in getattr(shape, "geoms", [shape]):
            assert polygon.exterior.is_ccw, feature["id"]


def test_geojson_is_rfc_7946_with_5_decimals_and_right_hand_winding(live_server, area_set):
    text = fetch(f"{live_server}/downloads/areas.geojson").decode("utf-8")
    document = json.loads(text)
    assert "crs" not in document
    assert document["attribution"] == list(area_set.attributions)
    assert document["licence"]["url"] == area_set.publication.licence_url
    assert document["data_version"] == area_set.version
    numbers = json.loads(text, parse_float=str)["features"]
    places = {len(n.split(".")[1]) for n in re.findall(r"-?\d+\.\d+", json.dumps(numbers))}
    assert max(places) <= 5
    holes = 0
    for feature in document["features"]:
        assert feature["id"] == feature["properties"]["code"]
        shape = shapely.geometry.shape(feature["geometry"])
        assert shape.geom_type in ("Polygon", "MultiPolygon")
        assert shape.is_valid, feature["id"]
        for polygon in getattr(shape, "geoms", [shape]):
            assert polygon.exterior.is_ccw, feature["id"]
            assert not any(ring.is_ccw for ring in polygon.interiors), feature["id"]
            holes += len(polygon.interiors)
    full = sum(len(shapely.get_coordinates(a.geometry)) for a in area_set.areas)
    served = sum(
        len(shapely.get_coordinates(shapely.geometry.shape(f["geometry"])))
        for f in document["features"]
    )
    assert served > 0.9 * full  # rounded, not simplified


def test_one_areas_geojson_is_an_attachment_with_a_sensible_name(client, area_set):
    response = client.get(f"/downloads/areas/{HERTFORDSHIRE}.geojson")
    assert response.status_code == 200
    assert response.content_type == "application/geo+json"
    assert response.headers["Content-Disposition"] == (
        "attachment; "
        'filename="industrial-strategy-local-summaries-2018-E37000017-hertfordshire.geojson"'
    )
    document = response.get_json(force=True)
    (feature,) = document["features"]
    assert feature["properties"] == area_set.record(area_set.get(HERTFORDSHIRE))
    assert document["attribution"] == list(area_set.attributions)
    missing = client.get("/downloads/areas/E99999999.geojson")
    assert missing.status_code == 404 and missing.get_json()["status"] == 404


def test_one_2021_leps_geojson_is_an_attachment_with_a_sensible_name(client, leps2021):
    response = client.get(f"/downloads/leps2021/{HERTFORDSHIRE_2021}.geojson")
    assert response.status_code == 200
    assert response.content_type == "application/geo+json"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="leps-april-2021-ons-statistics-E37000048-hertfordshire.geojson"'
    )
    (feature,) = response.get_json(force=True)["features"]
    assert feature["properties"] == leps2021.record(leps2021.get(HERTFORDSHIRE_2021))
    # A 2017 code that changed by 2021 is not a 2021 LEP, and the reverse.
    assert client.get(f"/downloads/leps2021/{HERTFORDSHIRE}.geojson").status_code == 404
    assert client.get(f"/downloads/areas/{HERTFORDSHIRE_2021}.geojson").status_code == 404


SUMMARIES_FILES = "industrial-strategy-local-summaries-2018"
LEPS_2021_FILES = "leps-april-2021-ons-statistics"


@pytest.mark.parametrize(
    ("path", "content_type", "file_name"),
    [
        ("/downloads/areas.geojson", "application/geo+json", f"{SUMMARIES_FILES}-areas.geojson"),
        ("/downloads/areas.csv", "text/csv; charset=utf-8", f"{SUMMARIES_FILES}-areas.csv"),
        (
            "/downloads/investments.csv",
            "text/csv; charset=utf-8",
            f"{SUMMARIES_FILES}-investments.csv",
        ),
        ("/downloads/leps2021.geojson", "application/geo+json", f"{LEPS_2021_FILES}.geojson"),
        ("/downloads/leps2021.csv", "text/csv; charset=utf-8", f"{LEPS_2021_FILES}.csv"),
        (
            "/downloads/areas.gpkg",
            "application/geopackage+sqlite3",
            f"{SUMMARIES_FILES}-areas.gpkg",
        ),
        (
            "/downloads/leps2021.gpkg",
            "application/geopackage+sqlite3",
            f"{LEPS_2021_FILES}.gpkg",
        ),
        (
            f"/downloads/leps2021/{HERTFORDSHIRE_2021}.geojson",
            "application/geo+json",
            f"{LEPS_2021_FILES}-{HERTFORDSHIRE_2021}-hertfordshire.geojson",
        ),
    ],
)
def test_downloads_are_cacheable_compressed_and_open_to_any_origin(
    client, path, content_type, file_name
):
    plain = client.get(path)
    assert plain.status_code == 200
    assert plain.headers["Content-Type"] == content_type
    assert plain.headers["Access-Control-Allow-Origin"] == "*"
    assert plain.headers["Content-Disposition"] == f'attachment; filename="{file_name}"'
    etag = plain.headers["ETag"]
    data_version = client.application.extensions["geoapp"].summaries.version
    assert etag.startswith(f'"{data_version}-') and not etag.startswith("W/")
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < len(plain.data)
    assert (
        client.get(
            path, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]}
        ).status_code
        == 304
    )


def documented_record_fields() -> set[str]:
    section = DICTIONARY.split("## The area record", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([^`]+)` \|", section, flags=re.M))


def test_csv_headers_match_the_data_dictionary(live_server):
    for file_name, columns in (
        ("areas.csv", AREA_COLUMNS),
        ("investments.csv", INVESTMENT_COLUMNS),
        ("leps2021.csv", LEPS_2021_COLUMNS),
    ):
        documented = dictionary_table(file_name)
        body = fetch(f"{live_server}/downloads/{file_name}")
        header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert header[: len(documented)] == [column for column, _ in documented], file_name
        # Columns for fields added to the records later carry the field's documented name.
        assert set(header[len(documented) :]) <= documented_record_fields(), file_name
        # …and each column comes from the record field the dictionary names.
        for column, field in documented:
            if field.startswith("`"):
                assert f"`{columns[column]}`" == field, column
        frame = pd.read_csv(io.BytesIO(body), encoding="utf-8-sig")
        assert list(frame.columns) == header


def test_csvs_hold_the_maps_numbers(live_server, area_set):
    areas = pd.read_csv(f"{live_server}/downloads/areas.csv", dtype={"code": str})
    assert len(areas) == 41 and list(areas["code"]) == [a.code for a in area_set.areas]
    herts = areas.set_index("code").loc[HERTFORDSHIRE]
    record = area_set.record(area_set.get(HERTFORDSHIRE))
    for field in (
        "population",
        "businesses",
        "people_in_employment",
        "apprenticeship_starts_last_year",
    ):
        assert herts[field] == record[field]
    assert herts["case_study_amount_gbp"] == 60_000_000
    # an empty cell for every area whose page (or population) we do not hold, however many
    without = [a for a in area_set.areas if "population" not in area_set.record(a)]
    assert areas["population"].isna().sum() == len(without)
    investments = pd.read_csv(f"{live_server}/downloads/investments.csv")
    mine = investments[investments["area_code"] == HERTFORDSHIRE]
    assert list(mine["position"]) == [1, 2, 3]
    assert list(mine["amount_gbp"]) == [i["amount_gbp"] for i in record["investments"]]
    assert list(mine["amount_text"]) == ["£2.5m", "£6m", "£34m"]


def test_the_summaries_csv_has_the_statistics_columns(live_server):
    areas = pd.read_csv(f"{live_server}/downloads/areas.csv", dtype={"code": str})
    areas = areas.set_index("code")
    assert areas.loc[BLACK_COUNTRY, "employment_rate_2018"] == 68.7
    assert areas.loc[HERTFORDSHIRE, "ons_statistics"] == "different area"
    assert areas.loc[HERTFORDSHIRE, "ons_statistics_area_codes"] == HERTFORDSHIRE_2021
    assert (areas["ons_statistics"] == "published").sum() == 21


def test_the_2021_csv_has_one_row_per_lep_with_its_statistics(live_server, leps2021):
    body = fetch(f"{live_server}/downloads/leps2021.csv")
    assert body.startswith("\ufeff".encode())
    table = pd.read_csv(io.BytesIO(body), encoding="utf-8-sig", dtype={"code": str})
    assert len(table) == 38 and list(table["code"]) == [a.code for a in leps2021.areas]
    herts = table.set_index("code").loc[HERTFORDSHIRE_2021]
    record = leps2021.record(leps2021.get(HERTFORDSHIRE_2021))
    for column, field in LEPS_2021_COLUMNS.items():
        if field == column and column not in ("code",):
            assert herts[column] == record[field], column
    assert herts["employment_rate_2018"] == 78.5 and herts["ons_enterprises_2018"] == 61765
    assert herts["summary_area_codes"].split() == [a["code"] for a in record["summary_areas"]]
    assert table["employment_rate_2018"].notna().all()  # ONS published every 2021 LEP


def test_the_map_and_each_panel_link_the_downloads(client):
    html = client.get("/").get_data(as_text=True)
    for path in (
        "/downloads/areas.geojson",
        "/downloads/areas.csv",
        "/downloads/investments.csv",
        "/downloads/leps2021.geojson",
        "/downloads/leps2021.csv",
        "/downloads/areas.gpkg",
        "/downloads/areas.shp.zip",
        "/downloads/leps2021.gpkg",
        "/downloads/leps2021.shp.zip",
        "/ogc",
    ):
        assert f'href="{path}"' in html, path
        assert client.get(path).status_code == 200
    panel = client.get("/panel/at?lat=51.979&lon=-0.229").get_data(as_text=True)
    for code in (HERTFORDSHIRE, "E37000042"):  # both overlapping areas get their own link
        assert f'href="/downloads/areas/{code}.geojson"' in panel
    assert panel.count("Download GeoJSON") == 2
