"""The postcode index on tiny synthetic CSVs shaped like ../shared/postcodes (see PROVENANCE)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from geoapp.inputs import postcodes
from geoapp.inputs.postcodes import (
    INCOMPLETE,
    INVALID,
    NORTHERN_IRELAND,
    UNKNOWN,
    classify,
    load_postcode_index,
    normalise,
)
from geoapp.inputs.problems import DataError

# As the source writes them: one space in 5- and 6-character postcodes, none in
# 7-character ones; an empty lat (long 0.00000) for a postcode with no location; a real
# longitude of 0 beside it.
AA_CSV = """\
Postcode,lat,long
AA1 1AA,51.50000,-0.10000
AA1 1AB,51.50001,-0.10001
AA1 1AD,,0.00000
AA1 2AB,51.40000,0.00000
AA101AB,51.60000,-0.20000
"""
B_CSV = """\
Postcode,lat,long
B1 1AA,52.48000,-1.90000
GIR 0AA,,0.00000
"""


@pytest.fixture()
def folder(tmp_path):
    source = tmp_path / "postcodes"
    source.mkdir()
    (source / "AA.csv").write_text(AA_CSV)
    (source / "B.csv").write_text(B_CSV)
    return source


@pytest.fixture()
def index(folder, tmp_path):
    return load_postcode_index(folder, tmp_path / "cache")


@pytest.mark.parametrize("typed", ["AA1 1AA", "aa11aa", "  aa1   1aa ", "Aa1\t1aA"])
def test_case_and_spaces_do_not_matter(index, typed):
    answer = index.lookup(typed)
    assert (answer.status, answer.postcode) == (postcodes.FOUND, "AA1 1AA")
    assert (answer.lat, answer.lon) == (51.5, -0.1)


def test_seven_character_keys_written_without_a_space_are_found(index):
    answer = index.lookup("aa10 1ab")
    assert (answer.postcode, answer.lat, answer.lon) == ("AA10 1AB", 51.6, -0.2)


def test_five_decimals_come_back_exactly(index):
    answer = index.lookup("AA1 1AB")
    assert (answer.lat, answer.lon) == (51.50001, -0.10001)


def test_a_postcode_without_coordinates_is_known_but_has_no_location(index):
    assert index.lookup("AA1 1AD").status == postcodes.NO_LOCATION_STATUS
    assert index.lookup("GIR 0AA").status == postcodes.NO_LOCATION_STATUS


def test_longitude_zero_is_a_real_place_not_a_placeholder(index):
    answer = index.lookup("AA1 2AB")
    assert (answer.status, answer.lon) == (postcodes.FOUND, 0.0)


@pytest.mark.parametrize("typed", ["AA1 1ZZ", "AA9 9ZZ", "ZZ1 1AA", "SW1A 1AA"])
def test_a_valid_but_unknown_postcode_is_unknown(index, typed):
    assert index.lookup(typed).status == UNKNOWN


@pytest.mark.parametrize("typed", ["hello", "AA1 1A1", "1AA AA1", "AA1 1AAA", "", "A-1 1AA"])
def test_text_that_is_not_a_postcode_is_invalid(index, typed):
    assert index.lookup(typed).status == INVALID


@pytest.mark.parametrize("typed", ["AA1", "aa1 1", "AA10 1A"])
def test_the_start_of_a_postcode_is_incomplete(index, typed):
    assert index.lookup(typed).status == INCOMPLETE


def test_bt_postcodes_answer_northern_ireland_without_data(index):
    answer = index.lookup("bt1 1aa")
    assert (answer.status, answer.postcode) == (NORTHERN_IRELAND, "BT1 1AA")


def test_normalise_and_classify():
    assert normalise(" sw1a  1aa\n") == "SW1A1AA"
    assert classify("sw1a1aa") == (postcodes.FOUND, "SW1A 1AA")
    assert classify("NPT 0AD") == (postcodes.FOUND, "NPT 0AD")
    assert classify("what  is this") == (INVALID, "what is this")


def test_the_index_counts_what_it_holds(index):
    assert len(index) == 7
    assert index.info["without_location"] == 2
    assert index.info["files"] == 2


def test_a_built_index_is_reused_not_rebuilt(folder, tmp_path, monkeypatch):
    load_postcode_index(folder, tmp_path / "cache")

    def no_rebuilding(files):
        raise AssertionError("the index should have been reused")

    monkeypatch.setattr(postcodes, "read_sources", no_rebuilding)
    again = load_postcode_index(folder, tmp_path / "cache")
    assert again.lookup("B1 1AA").lat == 52.48


def test_a_changed_source_builds_a_new_index_and_drops_the_old(folder, tmp_path):
    cache = tmp_path / "cache"
    load_postcode_index(folder, cache)
    (before,) = cache.glob("postcodes-*")
    path = folder / "B.csv"
    path.write_text(B_CSV + "B1 1AB,52.49000,-1.91000\n")
    os.utime(path, ns=(1, 1))
    index = load_postcode_index(folder, cache)
    assert index.lookup("B1 1AB").lat == 52.49
    (after,) = cache.glob("postcodes-*")
    assert after != before


def test_a_bt_file_is_not_read(folder, tmp_path):
    (folder / "BT.csv").write_text("Postcode,lat,long\nBT1 1AA,54.6,-5.9\n")
    index = load_postcode_index(folder, tmp_path / "cache")
    assert len(index) == 7
    assert index.lookup("BT1 1AA").lat is None


def test_no_folder_means_no_postcode_search(tmp_path):
    assert load_postcode_index(tmp_path / "absent", tmp_path / "cache") is None


def test_a_cache_that_cannot_be_written_costs_only_memory(folder, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    index = load_postcode_index(folder, blocked)
    assert index.lookup("AA1 1AA").status == postcodes.FOUND


def test_a_file_with_the_wrong_header_is_refused(folder, tmp_path):
    (folder / "C.csv").write_text("pcd,latitude,longitude\nC1 1AA,1,2\n")
    with pytest.raises(DataError, match="header"):
        load_postcode_index(folder, tmp_path / "cache")


def test_rows_that_are_not_postcodes_are_skipped_and_counted(folder, tmp_path):
    (folder / "D.csv").write_text("Postcode,lat,long\nnonsense,51,0\nD1 1ÅA,51,0\nD1 1AA,51,0\n")
    index = load_postcode_index(folder, tmp_path / "cache")
    assert index.info["skipped_not_postcodes"] == 2
    assert index.lookup("D1 1AA").status == postcodes.FOUND


def overwrite_points(index_folder, lat: int) -> None:
    """Overwrite the points file in place, keeping its shape: every postcode moves."""
    points = np.load(index_folder / "points.npy")
    points[:, 0] = lat
    np.save(index_folder / "points.npy", points)


@pytest.mark.parametrize(
    "damage",
    [
        lambda index: overwrite_points(index, 4_000_000),
        lambda index: (index / "keys.npy").write_bytes((index / "keys.npy").read_bytes()[:-8]),
        lambda index: (index / "index.json").write_text("{"),
        lambda index: (index / "points.npy").unlink(),
    ],
    ids=["points overwritten", "keys truncated", "info not JSON", "points missing"],
)
def test_a_damaged_index_is_replaced_with_a_warning(folder, tmp_path, caplog, damage):
    cache = tmp_path / "cache"
    load_postcode_index(folder, cache)
    (built,) = cache.glob("postcodes-*")
    damage(built)
    index = load_postcode_index(folder, cache)
    assert index.lookup("AA1 1AA").lat == 51.5  # the right answer, not the damaged one
    assert "damaged" in caplog.text
    (rebuilt,) = cache.glob("postcodes-*")  # in the same place, the damaged one gone
    assert rebuilt == built
    assert load_postcode_index(folder, cache).lookup("B1 1AA").lat == 52.48


def test_a_missing_folder_keeps_the_index_already_loaded_and_says_so(folder, tmp_path, caplog):
    index = load_postcode_index(folder, tmp_path / "cache")
    kept = load_postcode_index(tmp_path / "gone", tmp_path / "cache", last_good=index)
    assert kept is index
    assert "keeping the postcode index already loaded (7 postcodes)" in caplog.text
