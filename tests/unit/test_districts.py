"""Which area(s) each district lies in, on tiny synthetic shapes (see geoapp/model/districts.py)."""

from __future__ import annotations

import hashlib
import json

import geopandas as gpd
import pytest
import shapely
import shapely.geometry
from geodata import feature_collection

from geoapp.inputs.boundaries import BoundaryFiles
from geoapp.inputs.diskcache import unsealed
from geoapp.inputs.problems import DataError
from geoapp.model import districts as districts_module
from geoapp.model.districts import assign_districts, load_districts, memberships_from_shares
from geoapp.model.sets import load_summaries


def square(x0: float, y0: float, size: float) -> dict:
    return shapely.geometry.mapping(shapely.box(x0, y0, x0 + size, y0 + size))


def frame(rows: list[tuple], columns: list[str]) -> gpd.GeoDataFrame:
    """A GeoDataFrame in WGS 84 from (…, geometry) rows."""
    data = {name: [row[i] for row in rows] for i, name in enumerate(columns)}
    geometry = [row[-1] for row in rows]
    return gpd.GeoDataFrame(data, geometry=geometry, crs="EPSG:4326")


def box(west: float, south: float, east: float, north: float):
    return shapely.box(west, south, east, north)


#: Two LEPs side by side (West, East) and a third (Over) overlapping West's north half.
AREAS = frame(
    [
        ("E37000001", "LEP", box(-1.0, 51.0, 0.0, 52.0)),
        ("E37000002", "LEP", box(0.0, 51.0, 1.0, 52.0)),
        ("E37000003", "LEP", box(-1.0, 51.5, 0.0, 52.0)),
        ("S92000003", "nation", box(-4.0, 55.0, -3.0, 56.0)),
    ],
    ["code", "area_type"],
)


def assigned(*rows) -> dict:
    result = assign_districts(frame(list(rows), ["code", "name"]), AREAS)
    return {d.name: d for d in result}


def test_a_district_inside_one_lep_belongs_to_it_wholly():
    (district,) = assigned(("E07000001", "Inside", box(0.2, 51.2, 0.8, 51.4))).values()
    assert district.area_codes == ("E37000002",)
    assert district.memberships[0].whole and not district.is_split


def test_a_district_in_two_overlapping_leps_belongs_to_both_wholly():
    district = assigned(("E07000002", "Overlap", box(-0.8, 51.6, -0.2, 51.9)))["Overlap"]
    assert set(district.area_codes) == {"E37000001", "E37000003"}
    assert all(m.whole for m in district.memberships)
    assert not district.is_split


def test_a_district_split_between_neighbours_belongs_to_both_with_its_shares():
    # 80 % west of the meridian, 20 % east of it: like Winchester between EM3 and Solent.
    district = assigned(("E07000003", "Split", box(-0.8, 51.1, 0.2, 51.3)))["Split"]
    assert district.area_codes == ("E37000001", "E37000002")
    assert district.is_split
    assert district.share_in("E37000001") == pytest.approx(0.8, abs=0.01)
    assert district.share_in("E37000002") == pytest.approx(0.2, abs=0.01)
    assert district.share_in("E37000003") == 0


def test_a_sliver_below_five_percent_does_not_count():
    # 3 % east of the meridian: a generalisation sliver, like Epsom and Ewell in London.
    district = assigned(("E07000004", "Sliver", box(-0.97, 51.1, 0.03, 51.3)))["Sliver"]
    assert district.area_codes == ("E37000001",)


def test_a_district_mostly_outside_every_lep_takes_its_largest_share():
    # 4 % inside: below the rule, but every English district belongs somewhere.
    district = assigned(("E06000053", "Islands", box(0.96, 51.1, 1.96, 51.3)))["Islands"]
    assert district.area_codes == ("E37000002",)
    assert district.memberships[0].share < 0.05


def test_districts_outside_england_take_their_nation_by_code():
    result = assigned(
        ("S12000046", "Glasgow", box(-4.3, 55.8, -4.1, 55.9)),
        ("W06000015", "Cardiff", box(-3.3, 51.4, -3.1, 51.6)),
    )
    assert result["Glasgow"].area_codes == ("S92000003",)
    # Wales is not among these areas, so Cardiff belongs to none.
    assert result["Cardiff"].area_codes == ()


def test_the_rule_keeps_shares_of_five_percent_and_more_largest_first():
    kept = memberships_from_shares({"B": 0.06, "A": 0.9, "C": 0.04})
    assert [(m.area_code, m.share) for m in kept] == [("A", 0.9), ("B", 0.06)]
    assert memberships_from_shares({}) == ()


@pytest.fixture()
def world_with_districts(tiny_world):
    """The tiny world plus a district layer: Alpha Town, Overlap Town and a Scottish one."""
    layer = feature_collection(
        [
            ("E07000101", "Alpha Town", square(0.2, 50.2, 0.5)),
            ("E07000102", "Overlap Town", square(1.2, 50.2, 0.5)),
            ("S12000001", "Glen", square(10.2, 55.2, 0.5)),
        ],
        "LAD17CD",
        "LAD17NM",
    )
    path = tiny_world["boundaries_dir"] / "districts.geojson"
    path.write_text(layer)
    digest = hashlib.sha256(layer.encode()).hexdigest()
    manifest = tiny_world["boundaries_manifest"]
    manifest.write_text(
        manifest.read_text()
        + f"""
[layers.lad2017]
file = "districts.geojson"
sha256 = "{digest}"
code_field = "LAD17CD"
name_field = "LAD17NM"
area_type = "district"
attribution = "Districts: ONS"
"""
    )
    return tiny_world


def load(world, cache_dir):
    area_set = load_summaries(
        world["boundaries_manifest"], world["boundaries_dir"], world["data_dir"]
    )
    files = BoundaryFiles(world["boundaries_manifest"], world["boundaries_dir"])
    return load_districts(files, area_set, cache_dir)


def test_districts_are_read_from_the_manifest_layer_and_cached(
    world_with_districts, tmp_path, monkeypatch
):
    cache = tmp_path / "cache"
    result = load(world_with_districts, cache)
    assert [d.name for d in result.districts] == ["Alpha Town", "Glen", "Overlap Town"]
    assert result.get("E07000102").area_codes == ("E37000001", "E37000002")
    assert [d.name for d in result.in_area("E37000002")] == ["Overlap Town"]
    assert [d.name for d in result.shared("E37000001")] == ["Overlap Town"]
    assert result.get("S12000001").area_codes == ("S92000003",)
    assert result.attribution == "Districts: ONS"
    (cached,) = cache.glob("districts-*.json")
    assert len(json.loads(unsealed(cached.read_bytes()))) == 3

    def no_recomputing(*args):
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(districts_module, "assign_districts", no_recomputing)
    again = load(world_with_districts, cache)
    assert again.get("E07000102").memberships == result.get("E07000102").memberships


def test_no_district_layer_means_no_districts(tiny_world, tmp_path):
    assert load(tiny_world, tmp_path) is None


def test_a_changed_district_file_is_refused(world_with_districts, tmp_path):
    path = world_with_districts["boundaries_dir"] / "districts.geojson"
    path.write_text(path.read_text().replace("Glen", "Glenn"))
    with pytest.raises(DataError, match="checksum"):
        load(world_with_districts, tmp_path)
