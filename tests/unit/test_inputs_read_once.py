"""Each boundary input is read and hashed once per build, and again on every reload."""

from __future__ import annotations

import collections
import hashlib
import textwrap
from pathlib import Path

import geopandas
import pytest
from geodata import feature_collection, square

from geoapp import create_app, reload_data
from geoapp.config import load_settings
from geoapp.inputs import boundaries
from geoapp.inputs.problems import DataError
from geoapp.site.checks import build_checked_site

FILES = ("leps.geojson", "nations.geojson", "leps2021.geojson", "districts.geojson")


@pytest.fixture()
def world(tiny_world_2021, tmp_path):
    """The tiny world with both sets, a district layer and a border reference read from
    the nations file (so that one file serves two layers, as the countries file does)."""
    folder = tiny_world_2021["boundaries_dir"]
    districts = feature_collection(
        [("E07000101", "Alpha Town", square(0.2, 50.2, 0.5))], "LAD17CD", "LAD17NM"
    )
    (folder / "districts.geojson").write_text(districts)
    manifest = tiny_world_2021["boundaries_manifest"]
    nations_sum = hashlib.sha256((folder / "nations.geojson").read_bytes()).hexdigest()
    text = manifest.read_text().replace(
        'layers = ["lep2017", "nations2017"]',
        'layers = ["lep2017", "nations2017"]\nborder_reference = "england2017"',
    )
    manifest.write_text(
        text
        + textwrap.dedent(
            f"""
            [layers.lad2017]
            file = "districts.geojson"
            sha256 = "{hashlib.sha256(districts.encode()).hexdigest()}"
            code_field = "LAD17CD"
            name_field = "LAD17NM"
            area_type = "district"
            attribution = "Districts: ONS"

            [layers.england2017]
            file = "nations.geojson"
            sha256 = "{nations_sum}"
            code_field = "CTRY17CD"
            name_field = "CTRY17NM"
            area_type = "country"
            only_codes = ["E92000001"]
            attribution = "Boundaries: ONS"
            """
        )
    )
    return {**tiny_world_2021, "postcodes_dir": tmp_path / "absent", "cache_dir": tmp_path / "c"}


@pytest.fixture()
def reads(world, monkeypatch) -> collections.Counter:
    """Count, by (what, file name): the manifest read ("manifest", "m"), and each boundary
    file opened in Python, hashed, and read by GDAL."""
    counts: collections.Counter = collections.Counter()
    manifest, folder = world["boundaries_manifest"], world["boundaries_dir"]

    def manifest_file(path) -> str | None:
        return "m" if path == manifest else None

    def boundary_file(subject) -> str | None:
        path = Path(str(subject).removeprefix("zip://"))
        return path.name if path.parent == folder else None

    def counting(owner, name: str, kind: str, name_of) -> None:
        real = getattr(owner, name)

        def count(subject, *args, **kwargs):
            if found := name_of(subject):
                counts[(kind, found)] += 1
            return real(subject, *args, **kwargs)

        monkeypatch.setattr(owner, name, count)

    counting(Path, "read_text", "manifest", manifest_file)
    counting(Path, "open", "opened", boundary_file)
    counting(Path, "read_bytes", "opened", boundary_file)
    counting(boundaries, "sha256_of", "hashed", boundary_file)
    counting(geopandas, "read_file", "GDAL", boundary_file)
    return counts


def once_each(kinds=("opened", "hashed", "GDAL"), files=FILES) -> collections.Counter:
    """The manifest read once, and each of the files once in each of the ways."""
    return collections.Counter({("manifest", "m"): 1} | {(k, f): 1 for k in kinds for f in files})


def reads_of(kind: str, *files: str) -> collections.Counter:
    return collections.Counter({(kind, f): 1 for f in files})


def test_a_build_reads_the_manifest_once_and_each_file_once(world, reads):
    build_checked_site(load_settings(world))
    assert reads == once_each()


def test_a_build_from_the_cache_still_hashes_each_file_once(world, reads):
    build_checked_site(load_settings(world))  # fills the cache: districts are not re-read
    reads.clear()
    build_checked_site(load_settings(world))
    assert reads == once_each() - reads_of("GDAL", "districts.geojson")


def test_a_reload_reads_everything_again_and_sees_a_changed_file(world, reads):
    app = create_app(world)
    path = world["boundaries_dir"] / "leps.geojson"
    old_sum = hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_text(path.read_text().replace('"Alpha"', '"Alpha Renamed"'))
    new_sum = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = world["boundaries_manifest"]
    manifest.write_text(manifest.read_text().replace(old_sum, new_sum))
    reads.clear()
    assert reload_data(app).swapped
    # The districts are placed again (the summaries' checksums are part of their cache
    # key), so GDAL reads that file too.
    assert reads == once_each()
    response = app.test_client().get("/api/areas/at?lat=51&lon=0.5")
    assert response.get_json()["areas"][0]["name"] == "Alpha Renamed"


def test_a_failed_build_and_its_checks_read_each_file_once(world, reads):
    path = world["boundaries_dir"] / "leps2021.geojson"
    path.write_text(path.read_text().replace("Gamma", "Gamma Changed"))
    reads.clear()
    with pytest.raises(DataError) as raised:
        build_checked_site(load_settings(world))
    assert [p.field for p in raised.value.problems] == ["sha256"]
    # Checked once by the build and not again by the checks after it; the changed file
    # is never read by GDAL, nor the districts (the build stopped before them).
    unread = reads_of("GDAL", "leps2021.geojson", "districts.geojson")
    assert reads == once_each() - unread


def test_a_build_reads_each_data_file_once(world, monkeypatch):
    # The figures, the statistics and the data version read the same bytes. Path's
    # read_bytes and read_text both open the file through Path.open: count the opens.
    data_dir = world["data_dir"]
    counts: collections.Counter = collections.Counter()
    real_open = Path.open

    def counting_open(path, *args, **kwargs):
        if data_dir in path.parents:
            counts[path.relative_to(data_dir).as_posix()] += 1
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counting_open)
    build_checked_site(load_settings(world))
    data_files = sorted(p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*.*"))
    assert counts == collections.Counter({name: 1 for name in data_files})
