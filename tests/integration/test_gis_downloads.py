"""The GeoPackage and zipped Shapefile downloads, read back from the running server by GDAL
(pyogrio) and GeoPandas as a GIS user's tools read them: types, nulls, shapes, CRS,
attribution, and the field names documented in data/README.md."""

import io
import json
import os
import re
import subprocess
import sys
import urllib.request
import zipfile

import pytest

from geoapp.config import PROJECT_ROOT
from geoapp.outputs.geojson import set_features
from geoapp.outputs.gisfiles import (
    DBF_NAME_LIMIT,
    SHAPEFILE_NAMES,
    geopackage_bytes,
    shapefile_zip_bytes,
)

pytestmark = pytest.mark.real_data

DICTIONARY = (PROJECT_ROOT / "data" / "README.md").read_text()
HERTFORDSHIRE = "E37000017"
HERTFORDSHIRE_2021 = "E37000048"
BLACK_COUNTRY = "E37000001"
CORNWALL = "E37000005"  # no summary page held


def documented_gis_fields() -> list[tuple[str, str, str]]:
    """The (column, Shapefile field, type) rows of data/README.md's GIS files table."""
    section = DICTIONARY.split("### GeoPackage and Shapefile", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \| `([^`]+)` \| (\w+)", section, flags=re.M)


#: The documented types as GDAL reports them through pyogrio.
GDAL_TYPES = {"text": "object", "integer": "int64", "number": "float64"}


#: Run in a child process: pyogrio holds the GIL while GDAL fetches a range of the file,
#: which would stall the server thread in this process. GDAL reads the files from the URL
#: itself (/vsicurl/, a range at a time), as QGIS does.
GDAL_CLIENT = """
import json, sys
import geopandas, pyogrio

CODES = ("E37000017", "E37000001", "E37000005", "E37000048")
result = {}
for url in sys.argv[1:]:
    info = pyogrio.read_info(url)
    frame = geopandas.read_file(url)
    rows = frame[frame["code"].isin(CODES)].drop(columns="geometry")
    result[url.rsplit("/", 1)[1]] = {
        "fields": dict(zip(info["fields"].tolist(), info["dtypes"].tolist())),
        "geometry_type": info["geometry_type"],
        "metadata": info.get("layer_metadata") or {},
        "epsg": frame.crs.to_epsg(),
        "codes": frame["code"].tolist(),
        "valid": bool(frame.geometry.is_valid.all() and not frame.geometry.is_empty.any()),
        "rows": {row["code"]: row for row in json.loads(rows.to_json(orient="records"))},
    }
print(json.dumps(result))
"""
FILES = ("areas.gpkg", "areas.shp.zip", "leps2021.gpkg", "leps2021.shp.zip")


@pytest.fixture(scope="module")
def read_back(live_server):
    """What GDAL and GeoPandas read from each GIS download of the running server."""
    done = subprocess.run(
        [sys.executable, "-c", GDAL_CLIENT, *(f"{live_server}/downloads/{f}" for f in FILES)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "GDAL_HTTP_TIMEOUT": "20"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def geopackage(read_back):
    return read_back["areas.gpkg"]


@pytest.fixture(scope="module")
def shapefile(read_back):
    return read_back["areas.shp.zip"]


def test_the_geopackage_has_every_area_with_its_figures_typed(geopackage, area_set):
    assert geopackage["geometry_type"] == "MultiPolygon"
    assert geopackage["codes"] == [a.code for a in area_set.areas]
    assert geopackage["epsg"] == 4326 and geopackage["valid"]
    types = geopackage["fields"]
    for column, _short, kind in documented_gis_fields():
        if column in types:
            assert types[column] == GDAL_TYPES[kind], column
    # Typed by the column, not by the values: no 2017 LEP with ONS statistics is in this
    # list of rows, yet the column is an integer one.
    assert types["ons_employed_16_64_2017"] == "int64"
    assert types["investments_text"] == types["investments_json"] == "object"
    herts = geopackage["rows"][HERTFORDSHIRE]
    record = area_set.record(area_set.get(HERTFORDSHIRE))
    for field in ("population", "businesses", "people_in_employment", "living_wage_beneficiaries"):
        assert herts[field] == record[field], field
    assert herts["case_study_amount_gbp"] == 60_000_000
    cornwall = geopackage["rows"][CORNWALL]
    assert cornwall["population"] is None  # unknown stays unknown (null), never 0
    assert cornwall["investments_count"] is None and cornwall["summary_status"] == "not available"


def test_the_geopackage_flattens_the_investments_and_keeps_the_list(geopackage, area_set):
    herts = geopackage["rows"][HERTFORDSHIRE]
    assert herts["investments_count"] == 3
    assert herts["investments_total_gbp"] == 42_500_000  # £2.5m + £6m + £34m
    assert herts["investments_text"].startswith("£2.5m: to support innovation through")
    assert "; £34m: to support a package of major projects" in herts["investments_text"]
    structured = area_set.record(area_set.get(HERTFORDSHIRE))["investments"]
    assert json.loads(herts["investments_json"]) == structured
    # Black Country's page gives one amount of four: the total is that amount, the count 4.
    black_country = geopackage["rows"][BLACK_COUNTRY]
    assert black_country["investments_count"] == 4
    assert black_country["investments_total_gbp"] == 4_900_000


def test_the_geopackage_carries_its_attribution_and_licence(geopackage, area_set):
    metadata = geopackage["metadata"]
    assert metadata["attribution"].splitlines() == list(area_set.attributions)
    assert metadata["licence_url"] == area_set.publication.licence_url
    assert metadata["data_version"] == area_set.version
    assert "as published December 2018" in metadata["DESCRIPTION"]
    assert "Contains OS data © Crown copyright" in metadata["DESCRIPTION"]


def test_the_shapefile_zip_has_its_parts_and_a_readme(live_server, area_set):
    with urllib.request.urlopen(f"{live_server}/downloads/areas.shp.zip", timeout=30) as got:
        body = got.read()
    bundle = zipfile.ZipFile(io.BytesIO(body))
    stem = "industrial-strategy-local-summaries-2018-areas"
    assert sorted(bundle.namelist()) == sorted(
        [*(f"{stem}.{ext}" for ext in ("shp", "shx", "dbf", "prj", "cpg")), "README.txt"]
    )
    assert bundle.read(f"{stem}.cpg").decode().strip() == "UTF-8"
    assert "WGS_1984" in bundle.read(f"{stem}.prj").decode()
    readme = bundle.read("README.txt").decode()
    for line in area_set.attributions:
        assert line in readme
    assert area_set.publication.licence_url in readme
    assert re.search(r"Values cut: (none|(\w+ \(\d+\)(, )?)+)\.", readme)  # text over 254 bytes
    for column, short, _kind in documented_gis_fields():
        if column in ("code", "population", "people_in_employment", "investments_count"):
            assert re.search(rf"^  {short} +{column} ", readme, flags=re.M), column


def test_the_shapefile_reads_back_with_documented_short_names(shapefile, area_set):
    assert shapefile["codes"] == [a.code for a in area_set.areas]
    assert shapefile["epsg"] == 4326 and shapefile["valid"]
    documented = {short: (column, kind) for column, short, kind in documented_gis_fields()}
    for name, gdal_type in shapefile["fields"].items():
        assert len(name) <= DBF_NAME_LIMIT
        assert name in documented, f"{name} is not in data/README.md"
        assert gdal_type == GDAL_TYPES[documented[name][1]], name
    herts = shapefile["rows"][HERTFORDSHIRE]
    assert herts["employed"] == 609_000 and herts["population"] == 1_116_300
    assert herts["inv_count"] == 3 and herts["inv_total"] == 42_500_000
    assert herts["inv_1"].startswith("£2.5m: ") and herts["inv_3"].startswith("£34m: ")
    assert herts["inv_4"] is None
    cornwall = shapefile["rows"][CORNWALL]
    assert cornwall["population"] is None and cornwall["inv_count"] is None
    assert shapefile["rows"][BLACK_COUNTRY]["rate_2018"] == 68.7


def test_the_2021_leps_come_as_geopackage_and_shapefile(read_back, leps2021):
    for name, rate, enterprises in (
        ("leps2021.gpkg", "employment_rate_2018", "ons_enterprises_2018"),
        ("leps2021.shp.zip", "rate_2018", "ent_2018"),
    ):
        layer = read_back[name]
        assert layer["codes"] == [a.code for a in leps2021.areas], name
        assert layer["epsg"] == 4326 and layer["valid"], name
        herts = layer["rows"][HERTFORDSHIRE_2021]
        assert herts[rate] == 78.5 and herts[enterprises] == 61765, name
        assert "population" not in layer["fields"], name
    metadata = read_back["leps2021.gpkg"]["metadata"]
    assert metadata["attribution"].splitlines() == list(leps2021.attributions)


def test_the_shapefile_zip_is_served_as_is_with_an_etag(client):
    plain = client.get("/downloads/areas.shp.zip", headers={"Accept-Encoding": "gzip"})
    assert plain.status_code == 200 and plain.content_type == "application/zip"
    assert "Content-Encoding" not in plain.headers  # already compressed
    assert plain.headers["Access-Control-Allow-Origin"] == "*"
    assert plain.headers["Content-Disposition"] == (
        'attachment; filename="industrial-strategy-local-summaries-2018-areas.shp.zip"'
    )
    again = client.get("/downloads/areas.shp.zip", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304


def test_gis_clients_can_read_the_files_a_range_at_a_time(client):
    whole = client.get("/downloads/areas.gpkg").data
    first = client.get("/downloads/areas.gpkg", headers={"Range": "bytes=0-15"})
    assert first.status_code == 206 and first.data == b"SQLite format 3\x00"
    assert first.headers["Content-Range"] == f"bytes 0-15/{len(whole)}"
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    beyond = client.get("/downloads/areas.gpkg", headers={"Range": f"bytes={len(whole)}-"})
    assert beyond.status_code == 416
    assert client.get("/downloads/areas.gpkg").headers["Accept-Ranges"] == "bytes"


def test_area_pages_and_the_map_link_the_gis_files(client):
    for page in ("/areas/E37000017", "/"):
        html = client.get(page).get_data(as_text=True)
        assert 'href="/downloads/areas.gpkg"' in html and 'href="/downloads/areas.shp.zip"' in html


def test_the_files_are_the_same_bytes_for_the_same_inputs(real_app):
    site = real_app.extensions["geoapp"].site
    summaries = site.summaries
    features = set_features(summaries)
    served = site.downloads
    assert geopackage_bytes(summaries, features) == served.file("areas.gpkg").body
    assert shapefile_zip_bytes(summaries, features) == served.file("areas.shp.zip").body


def test_the_data_dictionary_lists_every_gis_field_once():
    rows = documented_gis_fields()
    shorts = [short for _column, short, _kind in rows]
    assert len(shorts) == len(set(shorts))
    assert all(len(short) <= DBF_NAME_LIMIT for short in shorts)
    assert {column: short for column, short, _kind in rows} == SHAPEFILE_NAMES
