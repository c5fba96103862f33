"""Search over areas, districts and postcodes, and the area maps, on the tiny world."""

from __future__ import annotations

import numpy as np
import pytest

from geoapp import create_app
from geoapp.inputs import postcodes
from geoapp.inputs.postcodes import load_postcode_index
from geoapp.model.districts import District, Districts, Membership
from geoapp.outputs.areamaps import build_area_maps, ring_path
from geoapp.outputs.search import Finder, check_query, match_rank, name_variants, simplify

#: Alpha is (0,50)-(2,52), Beta (1,50)-(3,52), Scotland (10,55)-(11,56).
DISTRICTS = Districts(
    [
        District("E07000001", "Alphaville", (Membership("E37000001", 1.0),)),
        District(
            "E07000002",
            "Kingston upon Both, City of",
            (Membership("E37000001", 0.99), Membership("E37000002", 0.98)),
        ),
        District(
            "E07000003", "St. Split", (Membership("E37000002", 0.8), Membership("E37000001", 0.2))
        ),
        District("S12000001", "Glen", (Membership("S92000003", 1.0),)),
    ],
    "Districts: ONS",
)
POSTCODES = """\
Postcode,lat,long
AB1 1AA,51.00000,0.50000
AB1 1AB,51.00000,1.50000
AB1 1AD,,0.00000
AB1 2AA,53.00000,2.50000
AB1 3AA,52.00010,0.50000
"""


@pytest.fixture()
def finder(area_set, tmp_path):
    folder = tmp_path / "postcodes"
    folder.mkdir()
    (folder / "AB.csv").write_text(POSTCODES)
    return Finder(area_set, DISTRICTS, load_postcode_index(folder, tmp_path / "cache"))


def labels(result) -> list[str]:
    return [m.label for m in result.matches]


def test_simplify_makes_names_comparable():
    assert simplify("King's Lynn & West Norfolk") == "kings lynn and west norfolk"
    assert simplify("  St. Albans ") == "st albans"
    assert simplify("Ynys Môn") == "ynys mon"


def test_city_of_names_can_be_typed_either_way():
    assert name_variants("Bristol, City of") == ["Bristol, City of", "Bristol", "City of Bristol"]
    assert name_variants("Barnsley") == ["Barnsley"]


def test_match_ranks_whole_then_prefix_then_word_then_all_words():
    assert match_rank("alpha", "alpha") == 0
    assert match_rank("alp", "alphaville") == 1
    assert match_rank("herts", "north herts") == 2
    assert match_rank("cam pet", "greater cambridge and greater peterborough") == 3
    assert match_rank("beta", "alphaville") is None


def test_an_area_name_finds_the_area_first(finder):
    result = finder.search("alpha")
    assert labels(result) == ["Alpha", "Alphaville"]
    assert result.matches[0].area_codes == ("E37000001",)
    assert result.matches[0].kind == "area"


def test_a_district_name_finds_its_areas(finder):
    (match,) = finder.search("Kingston upon Both").matches
    assert match.kind == "district"
    assert match.area_codes == ("E37000001", "E37000002")
    assert "overlapped" in match.note
    assert finder.search("both").matches[0].code == "E07000002"


def test_a_split_district_says_how_it_is_split(finder):
    (match,) = finder.search("st split").matches
    assert match.area_codes == ("E37000002", "E37000001")
    assert match.note == "Split between Beta (80%) and Alpha (20%)."


def test_a_code_finds_its_area_or_district(finder):
    assert labels(finder.search("e37000002")) == ["Beta"]
    assert labels(finder.search("S12000001")) == ["Glen"]


def test_a_typo_gets_suggestions_flagged_approximate(finder):
    result = finder.search("Alphavile")
    assert labels(result) == ["Alphaville"]
    assert result.matches[0].approximate
    assert "Did you mean" in result.message


def test_nothing_found_says_so(finder):
    result = finder.search("Zanzibar")
    assert result.matches == ()
    assert "No area, council or postcode matches" in result.message


def test_a_postcode_gives_the_areas_at_its_point(finder):
    (match,) = finder.search("ab11aa").matches
    assert (match.label, match.kind, match.area_codes) == ("AB1 1AA", "postcode", ("E37000001",))
    (overlap,) = finder.search("AB1 1AB").matches
    assert overlap.area_codes == ("E37000001", "E37000002")
    assert finder.search("AB1 1AB").uses_postcodes


def test_a_postcode_just_outside_an_outline_takes_the_nearest_area(finder):
    # 11 m north of Alpha's edge: outside the generalised outline, but on land.
    (match,) = finder.search("AB1 3AA").matches
    assert match.area_codes == ("E37000001",)
    assert "outside the simplified outline of Alpha" in match.note


def test_a_postcode_far_from_every_area_has_none(finder):
    result = finder.search("AB1 2AA")
    assert result.matches == ()
    assert "not inside any area" in result.message


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("AB1 1ZZ", "We don't know the postcode AB1 1ZZ"),
        ("AB1 1AD", "no location"),
        ("AB1 1A1", "is not a postcode"),
        ("AB1", "only the start of a postcode"),
        ("JE2 3AB", "We don't know"),
    ],
)
def test_postcodes_with_no_areas_get_a_clear_message(finder, query, words):
    result = finder.search(query)
    assert result.matches == ()
    assert words in result.message


def test_bt_postcodes_find_northern_ireland_when_it_is_an_area(finder):
    # The tiny world has no Northern Ireland: BT gets no area, but is not "unknown".
    answer, areas, _note = finder.locate_postcode("BT1 1AA")
    assert answer.status == postcodes.NORTHERN_IRELAND
    assert areas == []


def test_without_a_postcode_index_postcode_search_is_unavailable(area_set):
    finder = Finder(area_set, None, None)
    result = finder.search("SG1 1AA")
    assert "not available" in result.message
    assert finder.search("BT1 1AA").postcode.status == postcodes.NORTHERN_IRELAND
    assert labels(finder.search("Beta")) == ["Beta"]


def test_queries_are_checked(finder):
    with pytest.raises(ValueError, match="too long"):
        check_query("x" * 101)
    with pytest.raises(ValueError, match="control characters"):
        finder.search("alpha\x00")
    assert finder.search("   ").matches == ()


def test_json_has_the_areas_with_their_pages_and_attribution(finder):
    data = finder.to_json(finder.search("AB1 1AB"), lambda code: f"/areas/{code}")
    assert data["count"] == 1
    (result,) = data["results"]
    assert result["areas"] == [
        {"code": "E37000001", "name": "Alpha", "url": "/areas/E37000001"},
        {"code": "E37000002", "name": "Beta", "url": "/areas/E37000002"},
    ]
    assert (result["lat"], result["lon"]) == (51.0, 1.5)
    assert data["attribution"][-3:] == list(postcodes.ATTRIBUTION)
    names = finder.to_json(finder.search("Glen"), str)
    assert "Districts: ONS" in names["attribution"]


def test_every_area_gets_a_small_map(area_set):
    maps = build_area_maps(area_set)
    assert set(maps) == {"E37000001", "E37000002", "S92000003"}
    alpha = maps["E37000001"]
    assert max(alpha.width, alpha.height) <= 601
    assert alpha.area.startswith("M") and alpha.area.endswith("Z")
    assert len(alpha.neighbours) == 1  # Beta overlaps it; Scotland is far away


def test_rings_drop_points_that_round_together():
    ring = np.array([[0, 0], [0.2, 0.1], [10, 0], [10, 10], [0, 0]])
    assert ring_path(ring) == "M0 0L10 0 10 10Z"
    assert ring_path(np.array([[0, 0], [0.1, 0], [0, 0.2], [0, 0]])) == ""


def test_the_app_starts_without_a_postcodes_folder(tiny_world, tmp_path):
    settings = {**tiny_world, "postcodes_dir": tmp_path / "absent", "cache_dir": tmp_path / "c"}
    client = create_app(settings).test_client()
    response = client.get("/api/postcodes/SG1%201AA")
    assert response.status_code == 503
    assert "not available" in response.get_json()["message"]
    page = client.get("/search?q=SG1+1AA").get_data(as_text=True)
    assert "Postcode search is not available" in page
    assert client.get("/search?q=Alpha").status_code == 200
