import pytest

from geoapp.geometry.lookup import parse_coordinate
from geoapp.model.sets import load_summaries


def test_the_join_gives_each_area_its_summary_by_code(area_set):
    assert [a.code for a in area_set.areas] == ["E37000001", "E37000002", "S92000003"]
    assert area_set.get("E37000001").summary.figures["population"] == 1116300
    assert area_set.get("E37000002").summary is None
    assert area_set.get("E37000002").lis_wave == "wave 3"


def test_unknown_figures_are_absent_never_zero(area_set):
    record = area_set.record(area_set.get("E37000001"))
    assert record["people_in_employment"] == 609000
    assert "living_wage_beneficiaries" not in record
    assert record["investments"][1] == {"funds": "Something without an amount"}
    assert record["source"]["published"] == "2018-12-03"
    empty = area_set.record(area_set.get("E37000002"))
    assert empty["summary_status"] == "not available"
    assert "population" not in empty and "investments" not in empty


@pytest.mark.parametrize(
    ("lon", "lat", "codes"),
    [
        (0.5, 51, ["E37000001"]),
        (1.5, 51, ["E37000001", "E37000002"]),  # the overlap: both, not the top one
        (2.5, 51, ["E37000002"]),
        (10.5, 55.5, ["S92000003"]),
        (5, 51, []),
        (2, 51, ["E37000001", "E37000002"]),  # on Alpha's edge, inside Beta
    ],
)
def test_point_lookup_returns_every_area_containing_the_point(area_set, lon, lat, codes):
    assert [a.code for a in area_set.areas_at(lon, lat)] == codes


def test_attributions_cover_boundaries_and_summaries(area_set):
    assert area_set.attributions == (
        "Boundaries: ONS",
        "Boundaries: ONS, LPS",
        "Summaries: Crown copyright",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "lat is required"),
        ("", "lat is required"),
        ("abc", "must be a number"),
        ("91", "between -90 and 90"),
        ("nan", "must be a number"),
        ("inf", "must be a number"),
        ("١٢", "must be a number in digits 0-9"),
        ("-1e999", "between"),
    ],
)
def test_bad_coordinates_are_refused_with_a_reason(text, message):
    with pytest.raises(ValueError, match=message):
        parse_coordinate(text, "lat", 90)


def test_good_coordinates_are_read():
    assert parse_coordinate(" 51.9 ", "lat", 90) == 51.9
    assert parse_coordinate("-180", "lon", 180) == -180


def test_a_manifest_without_the_summaries_set_is_a_clear_data_error(tiny_world):
    from geoapp.inputs.problems import DataError

    manifest = tiny_world["boundaries_manifest"]
    manifest.write_text(manifest.read_text().replace("summaries2018", "other"))
    with pytest.raises(DataError) as raised:
        load_summaries(manifest, tiny_world["boundaries_dir"], tiny_world["data_dir"])
    (problem,) = raised.value.problems
    assert problem.field == "area_sets.summaries2018" and "sets: other" in problem.reason
