import pytest
from ons_sample import ONS_MEASURES, ONS_ROWS

from geoapp.inputs.problems import DataError
from geoapp.inputs.statistics import derive, load_statistics


@pytest.fixture()
def folder(tmp_path):
    """data/ons/ as in the tiny world's 2021 set, plus England's enterprises."""
    (tmp_path / "measures.toml").write_text(ONS_MEASURES)
    england = "E92000001,England,ubc_enterprises_total,March 2018,2318060\n"
    (tmp_path / "statistics.csv").write_text(ONS_ROWS + england)
    return tmp_path


def test_published_values_are_kept_and_rates_derived(folder):
    statistics = load_statistics(folder, {"E37000001", "E37000050", "E37000002"})
    alpha = statistics.for_area("E37000001")
    assert alpha["ons_residents_16_64_2017"] == 724300
    assert alpha["ons_enterprises_2018"] == 33330
    # 494,900 / 724,300 = 68.327…%; 500,600 / 729,000 = 68.669…%
    assert (alpha["employment_rate_2017"], alpha["employment_rate_2018"]) == (68.3, 68.7)
    assert alpha["employment_rate_change"] == 0.3  # 0.342… from the unrounded rates
    assert alpha["enterprises_per_1000_residents"] == 45.7  # 45.720…
    assert statistics.for_area("E37000002") == {}
    assert statistics.for_area("E92000001") == {"ons_enterprises_2018": 2318060}


def test_rates_round_halves_up_and_need_both_figures():
    assert derive({"ons_employed_16_64_2017": 1, "ons_residents_16_64_2017": 16}) == {
        "employment_rate_2017": 6.3  # 6.25 exactly
    }
    assert derive({"ons_employed_16_64_2017": 100}) == {}
    assert derive({"ons_enterprises_2018": 5, "ons_residents_16_64_2018": 0}) == {}


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        ("E37000001,Alpha,ubc", "E37000099,Nowhere,ubc", "line 6: area_code", "unknown area"),
        ("March 2018,33330", "March 2019,33330", "line 6: measure", "unknown measure or period"),
        ("March 2018,33330", 'March 2018,"33,330"', "line 6: value", "whole number"),
        ("March 2018,33330", "March 2018,33,330", "line 6", "more cells than the header"),
        ("March 2018,33330", "March 2018,-5", "line 6: value", "whole number"),
        ("March 2018,33330", "March 2018,33331", "line 6: value", "not rounded to 5"),
        (
            "Jan 2017-Dec 2017,724300",
            "Jan 2017-Dec 2017,724350",
            "line 2: value",
            "not rounded to 100",
        ),
    ],
)
def test_each_bad_value_is_reported_with_line_and_reason(folder, old, new, field, reason):
    path = folder / "statistics.csv"
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(DataError) as raised:
        load_statistics(folder, {"E37000001", "E37000050"})
    assert any(p.field == field and reason in p.reason for p in raised.value.problems), (
        raised.value.problems
    )


def test_duplicates_and_broken_measures_are_all_reported(folder):
    rows = folder / "statistics.csv"
    rows.write_text(rows.read_text() + "E37000001,Alpha,ubc_enterprises_total,March 2018,40\n")
    measures = folder / "measures.toml"
    measures.write_text(measures.read_text().replace("rounded_to = 5\n", ""))
    with pytest.raises(DataError) as raised:
        load_statistics(folder, {"E37000001", "E37000050"})
    reasons = {(p.field, p.reason) for p in raised.value.problems}
    assert ("line 10", "a second ubc_enterprises_total March 2018 for E37000001") in reasons
    assert ("measures.ubc_enterprises_total.rounded_to", "missing") in reasons


def test_an_unreadable_file_is_named(folder):
    (folder / "statistics.csv").unlink()
    with pytest.raises(DataError) as raised:
        load_statistics(folder, {"E37000001", "E37000050"})
    assert "statistics.csv" in raised.value.problems[0].file
    assert "cannot read" in raised.value.problems[0].reason
