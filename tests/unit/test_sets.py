"""The published sets (summary areas, 2021 LEPs) and their download files, on the tiny world."""

import csv
import gzip
import io
import json

import pytest

from geoapp.config import load_settings
from geoapp.model.record import LEPS_2021, leading_types
from geoapp.model.sets import load_area_sets
from geoapp.outputs.downloads import Downloads
from geoapp.outputs.geojson import set_features
from geoapp.outputs.tables import AREA_COLUMNS, LEPS_2021_COLUMNS


def datasets_of(world: dict):
    area_sets, _statistics = load_area_sets(load_settings(world))
    return {area_set.collection_id: area_set for area_set in area_sets.values()}


@pytest.fixture()
def datasets(tiny_world_2021):
    return datasets_of(tiny_world_2021)


def downloads_of(datasets: dict) -> Downloads:
    sets = datasets.values()
    return Downloads(sets, {area_set.key: set_features(area_set) for area_set in sets})


def read_csv(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_without_a_2021_set_only_the_summaries_are_published(tiny_world):
    assert list(datasets_of(tiny_world)) == ["areas"]


def test_the_summaries_first_then_the_2021_leps(datasets):
    assert list(datasets) == ["areas", "leps2021"]
    leps = datasets["leps2021"]
    assert leps.title == "Tiny LEPs (April 2021), with ONS statistics"
    assert [f["id"] for f in set_features(leps)] == ["E37000001", "E37000050"]
    assert leps.publication is None
    assert not leps.has_summaries and datasets["areas"].has_summaries


def test_the_2021_description_says_what_the_statistics_are_and_are_not(datasets):
    text = datasets["leps2021"].description
    for words in (
        "2 Local Enterprise Partnerships of England as of April 2021",
        "These are ONS statistics, not figures of the BEIS Industrial Strategy: local summaries",
        "April 2021 LEP geography: 1 of these LEPs",  # Gamma's code is new
        "Residents aged 16–64 and residents aged 16–64 in employment: survey estimate, "
        "rounded to the nearest 100.",
        "VAT- or PAYE-registered enterprises: count rounded to the nearest 5.",
        "computed by us",
        "Shared districts count twice.",
    ):
        assert words in text, words


def test_each_set_carries_its_own_licence_source_and_attribution(datasets):
    summaries, leps = datasets["areas"].provenance, datasets["leps2021"].provenance
    assert summaries.licence_url == "https://example.org/ogl"
    assert summaries.source["published"] == "2018-12-03"
    assert leps.licence_url == "https://example.org/ogl-ons"
    assert leps.source["title"] == "ONS statistics (2021 LEPs)"
    assert leps.source["description"] == datasets["leps2021"].description
    assert leps.attributions == ("Boundaries 2021: ONS", "Statistics: ONS")
    assert "Summaries: Crown copyright" not in leps.attributions
    members = leps.members()
    assert members["licence"] == {
        "name": "Open Government Licence v3.0",
        "url": "https://example.org/ogl-ons",
    }
    assert members["data_version"] == datasets["areas"].version


def test_the_2021_fields_are_typed_from_the_statistics():
    types = leading_types(LEPS_2021)
    assert types["ons_enterprises_2018"] == "integer"
    assert types["employment_rate_2018"] == "number"
    assert list(types)[:4] == ["code", "name", "area_type", "ons_statistics"]


def test_downloads_of_every_set_with_sensible_file_names(datasets):
    downloads = downloads_of(datasets)
    expected = {
        "areas.geojson": "industrial-strategy-local-summaries-2018-areas.geojson",
        "areas.csv": "industrial-strategy-local-summaries-2018-areas.csv",
        "investments.csv": "industrial-strategy-local-summaries-2018-investments.csv",
        "leps2021.geojson": "leps-april-2021-ons-statistics.geojson",
        "leps2021.csv": "leps-april-2021-ons-statistics.csv",
    }
    assert {name: downloads.file(name).filename for name in expected} == expected
    gamma = downloads.area("E37000050", "leps2021")
    assert gamma.filename == "leps-april-2021-ons-statistics-E37000050-gamma.geojson"
    assert downloads.area("E37000050") is None  # not a summary area
    assert downloads.area("E37000002", "leps2021") is None  # Beta is not a 2021 LEP
    assert downloads.area("E37000001", "nope") is None
    assert downloads.file("leps2021/E37000050.geojson") is None
    assert gzip.decompress(gamma.gzipped) == gamma.body


def test_the_2021_geojson_holds_the_records_and_their_provenance(datasets):
    downloads = downloads_of(datasets)
    document = json.loads(downloads.file("leps2021.geojson").body)
    assert document["name"] == "leps-april-2021-ons-statistics"
    assert document["licence"]["url"] == "https://example.org/ogl-ons"
    assert document["attribution"] == ["Boundaries 2021: ONS", "Statistics: ONS"]
    alpha, gamma = document["features"]
    assert alpha["properties"]["employment_rate_2018"] == 68.7
    assert alpha["properties"]["ons_enterprises_2018"] == 33330
    assert gamma["properties"]["employment_rate_2018"] == 70.0
    assert "employment_rate_2017" not in gamma["properties"]  # not published: left out
    assert "population" not in alpha["properties"]  # no summary fields


def test_the_2021_table_has_one_row_per_lep_with_its_statistics(datasets):
    downloads = downloads_of(datasets)
    rows = read_csv(downloads.file("leps2021.csv").body)
    assert list(rows[0]) == list(LEPS_2021_COLUMNS)
    alpha, gamma = rows
    assert alpha["ons_residents_16_64_2017"] == "724300"
    assert alpha["employment_rate_change"] == "0.3"
    assert alpha["summary_area_codes"] == "E37000001 E37000002"  # half of it was Beta's
    assert gamma["employment_rate_2017"] == ""  # unknown: empty, never 0
    assert gamma["summary_area_codes"].split() == ["E37000002"]


def test_the_summaries_table_gets_the_statistics_columns(datasets):
    downloads = downloads_of(datasets)
    rows = read_csv(downloads.file("areas.csv").body)
    assert list(rows[0]) == list(AREA_COLUMNS)
    alpha, beta, scotland = rows
    assert alpha["ons_statistics"] == "published" and alpha["employment_rate_2018"] == "68.7"
    assert beta["ons_statistics"] == "different area"
    assert beta["ons_statistics_area_codes"] == "E37000001 E37000050"
    assert beta["employment_rate_2018"] == ""
    assert scotland["ons_statistics"] == "not published"


def test_records_are_built_once_and_cannot_be_changed(datasets):
    areas = datasets["areas"]
    record = areas.record(areas.areas[0])
    assert record is areas.record(areas.areas[0])
    for change in (
        lambda: record.__setitem__("population", 1),
        lambda: record.update(population=1),
        lambda: record.pop("code"),
        lambda: record.setdefault("x", 1),
    ):
        with pytest.raises(TypeError):
            change()
    assert (
        record.from_summaries
        and not datasets["leps2021"].record(datasets["leps2021"].areas[0]).from_summaries
    )


def test_a_record_with_an_undeclared_field_is_refused():
    from geoapp.model.record import SUMMARIES, Record

    with pytest.raises(ValueError, match="summary_areas"):
        Record({"code": "E37000001", "summary_areas": []}, SUMMARIES)


def test_the_columns_and_api_fields_come_from_the_declared_fields():
    from geoapp.model.record import LEPS_2021, SUMMARIES, leading_types, required_fields

    assert list(AREA_COLUMNS)[:3] == ["code", "name", "area_type"]
    assert "summary_area_codes" in LEPS_2021_COLUMNS and "summary_area_codes" not in AREA_COLUMNS
    assert required_fields(LEPS_2021) == ("code", "name", "area_type", "ons_statistics")
    assert "ons_statistics" not in leading_types(SUMMARIES)
