"""The real boundary files and data/: the 41 areas, their figures and the overlaps."""

import json

import geopandas as gpd
import pytest

from geoapp.config import PROJECT_ROOT, load_settings

pytestmark = pytest.mark.real_data

SOURCES = PROJECT_ROOT.parent / "shared" / "sources"
#: The 31 districts that belonged to two LEPs in 2018 (../shared/boundaries/PROVENANCE.md).
OVERLAP_DISTRICTS = [
    "Craven",
    "Harrogate",
    "Selby",
    "York",
    "King's Lynn and West Norfolk",
    "Forest Heath",
    "St Edmundsbury",
    "East Riding of Yorkshire",
    "Bassetlaw",
    "Bolsover",
    "Chesterfield",
    "Derbyshire Dales",
    "North East Derbyshire",
    "South Holland",
    "South Kesteven",
    "North Lincolnshire",
    "North East Lincolnshire",
    "Aylesbury Vale",
    "Cannock Chase",
    "East Staffordshire",
    "Lichfield",
    "Tamworth",
    "Uttlesford",
    "Cherwell",
    "Bromsgrove",
    "Redditch",
    "Wyre Forest",
    "North Hertfordshire",
    "Barnsley",
    "Lewes",
    "Croydon",
]


def test_the_41_areas_are_those_of_the_summaries(area_set):
    listed = json.loads((SOURCES / "local_summaries.json").read_text())["areas"]
    assert len(area_set.areas) == 41
    assert {a.code for a in area_set.areas} == {entry["ons_code"] for entry in listed}
    types = {entry["ons_code"]: entry["type"] for entry in listed}
    assert all(area.area_type == types[area.code] for area in area_set.areas)
    assert area_set.get("E37000042").name == "Greater Cambridge and Greater Peterborough"


def test_hertfordshire_is_transcribed_exactly(area_set):
    record = area_set.record(area_set.get("E37000017"))
    source_text = (SOURCES / "000_fd45ee4704843b8e.txt").read_text()
    for field in ("population", "businesses"):
        assert f"{record[field]:,}" in source_text
    assert (record["people_in_employment"], record["employment_change_since_2010"]) == (
        609000,
        58100,
    )
    assert (record["living_wage_beneficiaries"], record["apprenticeship_starts_last_year"]) == (
        27900,
        6800,
    )
    assert [i["amount_text"] for i in record["investments"]] == ["£2.5m", "£6m", "£34m"]
    assert [i["amount_gbp"] for i in record["investments"]] == [2_500_000, 6_000_000, 34_000_000]
    assert record["case_study"]["name"] == "The Cell and Gene Therapy Catapult"
    assert record["case_study"]["amount_gbp"] == 60_000_000
    assert record["lis_line"] in " ".join(source_text.split())


def test_black_country_keeps_what_is_known_and_nothing_else(area_set):
    known = json.loads((SOURCES / "local_summaries.json").read_text())["areas"][0]
    record = area_set.record(area_set.get("E37000001"))
    assert (record["population"], record["businesses"]) == (
        known["population"],
        known["businesses"],
    )
    assert [i.get("amount_gbp") for i in record["investments"]] == [
        i["amount_gbp"] for i in known["investments"]
    ]
    assert record["case_study"]["amount_gbp"] == known["case_study"]["amount_gbp"]
    for absent in (
        "people_in_employment",
        "employment_change_since_2010",
        "living_wage_beneficiaries",
        "apprenticeship_starts_last_year",
    ):
        assert absent not in record


@pytest.mark.parametrize(
    ("place", "lat", "lon", "names"),
    [
        ("Stevenage", 51.9038, -0.1966, ["Hertfordshire"]),
        (
            "Letchworth",
            51.979,
            -0.229,
            ["Hertfordshire", "Greater Cambridge and Greater Peterborough"],
        ),
        ("Barnsley", 53.5526, -1.4797, ["Leeds City Region", "Sheffield City Region"]),
        ("Wolverhampton", 52.5862, -2.1288, ["Black Country"]),
        ("Edinburgh", 55.9533, -3.1883, ["Scotland"]),
        ("Cardiff", 51.4816, -3.1791, ["Wales"]),
        ("Belfast", 54.5973, -5.9301, ["Northern Ireland"]),
        ("English Channel", 50.0, -3.0, []),
    ],
)
def test_places_fall_in_the_right_areas(area_set, place, lat, lon, names):
    assert [a.name for a in area_set.areas_at(lon, lat)] == names


def test_every_overlap_district_gives_two_areas_at_its_label_point(area_set):

    settings = load_settings()
    districts = gpd.read_file(settings.boundaries_dir / "derived_LAD_December_2017_UK_BUC.geojson")
    chosen = districts[districts["LAD17NM"].isin(OVERLAP_DISTRICTS)]
    assert len(chosen) == 31
    counts = {row.LAD17NM: len(area_set.areas_at(row.LONG, row.LAT)) for row in chosen.itertuples()}
    assert counts == dict.fromkeys(OVERLAP_DISTRICTS, 2)
