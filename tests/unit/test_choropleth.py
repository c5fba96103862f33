import pytest

from geoapp.outputs.choropleth import (
    FALLS,
    MEASURES,
    NO_CHANGE,
    PALETTE,
    RISES,
    colouring,
    format_value,
    quantile_breaks,
)

RATE = MEASURES["employment_rate_2018"]


def test_quantiles_split_the_values_into_five_classes_light_to_dark():
    values = {f"A{i}": float(i) for i in range(1, 11)} | {"none": None}
    scheme = colouring(values, RATE)
    assert [entry["colour"] for entry in scheme["legend"]] == list(PALETTE)
    colours = [scheme["areas"][f"A{i}"]["colour"] for i in range(1, 11)]
    assert colours == sorted(colours, key=PALETTE.index)  # never darker for a lower value
    assert [colours.count(c) for c in PALETTE] == [2, 2, 2, 2, 2]
    assert scheme["no_data"] == {"colour": "#e5e5e5", "label": "No data", "count": 1}
    assert "none" not in scheme["areas"]
    assert scheme["legend"][0]["label"] == "1.0% to 2.0%"
    assert scheme["areas"]["A3"]["text"] == "3.0%"


def test_equal_values_make_one_class_and_no_values_none():
    assert len(colouring({"a": 5.0, "b": 5.0}, RATE)["legend"]) == 1
    assert colouring({"a": None}, RATE)["legend"] == []
    assert quantile_breaks([]) == []


@pytest.mark.parametrize(
    ("key", "value", "text"),
    [
        ("employment_rate_2017", 68.3, "68.3%"),
        ("employment_rate_change", -0.9, "-0.9 pp"),
        ("employment_rate_change", 1.3, "+1.3 pp"),
        ("ons_enterprises_2018", 33330, "33,330"),
        ("enterprises_per_1000_residents", 45.7, "45.7"),
    ],
)
def test_values_are_written_with_their_unit(key, value, text):
    assert format_value(value, MEASURES[key]) == text


CHANGE = MEASURES["employment_rate_change"]


def test_a_change_is_coloured_on_a_diverging_scale_centred_on_zero():
    values = {"fall2": -2.0, "fall1": -0.5, "same": 0.0, "rise1": 0.4, "rise2": 3.1, "x": None}
    scheme = colouring(values, CHANGE)
    assert scheme["scale"] == "diverging"
    colour = {code: area["colour"] for code, area in scheme["areas"].items()}
    assert colour["fall1"] in FALLS and colour["fall2"] in FALLS
    assert colour["rise1"] in RISES and colour["rise2"] in RISES
    assert colour["same"] == NO_CHANGE
    # Bigger changes are darker, on either side.
    assert FALLS.index(colour["fall2"]) > FALLS.index(colour["fall1"])
    assert RISES.index(colour["rise2"]) > RISES.index(colour["rise1"])
    # The legend runs from the biggest fall to the biggest rise, and each area names its entry.
    labels = [entry["label"] for entry in scheme["legend"]]
    assert labels == ["-2.0 pp", "-0.5 pp", "0.0 pp", "+0.4 pp", "+3.1 pp"]
    for code, area in scheme["areas"].items():
        assert scheme["legend"][area["legend_index"]]["colour"] == area["colour"], code


def test_levels_stay_sequential_and_areas_name_their_legend_entry():
    scheme = colouring({f"A{i}": float(i) for i in range(1, 11)}, RATE)
    assert scheme["scale"] == "sequential"
    assert scheme["areas"]["A1"]["legend_index"] == 0
    assert scheme["areas"]["A10"]["legend_index"] == 4
