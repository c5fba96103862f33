"""Plain words for the data's shorthand, and the opening view's coverage key."""

import pytest

from geoapp.outputs.mapping import COVERAGE_STYLES, coverage_key
from geoapp.outputs.wording import lis_wave_sentence


@pytest.mark.parametrize(
    ("recorded", "expected"),
    [
        ("wave 1 trailblazer (announced Nov 2017)", "One of the first areas chosen"),
        ("wave 2 (announced July 2018)", "second group of areas"),
        ("wave 3 (announced 3 Dec 2018: all remaining LEPs)", "all the remaining"),
        ("not applicable (not a LEP); the Oct 2018 LIS policy prospectus", "Scotland, Wales"),
    ],
)
def test_waves_are_said_in_plain_words(recorded, expected):
    sentence = lis_wave_sentence(recorded)
    assert expected in sentence
    assert (
        "wave" not in sentence.lower() and "trailblazer" not in sentence and "LIS" not in sentence
    )


def test_a_group_of_first_wave_areas_is_named_and_unknown_waves_are_kept():
    sentence = lis_wave_sentence(
        "wave 1 trailblazer (announced Nov 2017) - part of the West Midlands LIS"
    )
    assert "West Midlands" in sentence
    assert lis_wave_sentence("something new") == "something new"
    assert lis_wave_sentence("") == ""


def test_the_coverage_key_counts_the_records_never_fixed_numbers():
    records = [{"summary_status": s} for s in ("complete", "complete", "not available")]
    key = coverage_key(records)
    assert [(k["status"], k["count"]) for k in key] == [("complete", 2), ("not available", 1)]
    assert all(k["colour"] == COVERAGE_STYLES[k["status"]]["fillColor"] for k in key)


def contrast(one: str, two: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_selection_outline_stands_out_from_every_fill_and_the_background():
    """The selection is a black line (#0b0c0c) on a white halo (static/map.js): against any
    fill the map uses, one of the two reaches 3:1."""
    from geoapp.outputs.choropleth import FALLS, NO_CHANGE, NO_DATA_COLOUR, PALETTE, RISES

    fills = [s["fillColor"] for s in COVERAGE_STYLES.values()]
    fills += [*PALETTE, *FALLS, *RISES, NO_CHANGE, NO_DATA_COLOUR, "#dde7f0"]
    for fill in fills:
        assert max(contrast("#0b0c0c", fill), contrast("#ffffff", fill)) >= 3, fill
