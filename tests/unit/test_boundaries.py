import zipfile

import geopandas as gpd
import pytest
import shapely

from geoapp.inputs.boundaries import BoundaryFiles, read_manifest, sha256_of
from geoapp.inputs.problems import DataError


def load(world):
    files = BoundaryFiles(world["boundaries_manifest"], world["boundaries_dir"])
    return files.read_area_set(files.area_sets()["summaries2018"])


def test_layers_are_joined_filtered_and_sorted_by_code(tiny_world):
    areas = load(tiny_world)
    assert list(areas["code"]) == ["E37000001", "E37000002", "S92000003"]
    assert list(areas["name"]) == ["Alpha", "Beta", "Scotland"]
    assert list(areas["area_type"]) == ["LEP", "LEP", "nation"]
    assert areas.crs.to_epsg() == 4326


def test_exterior_rings_are_rewound_counter_clockwise(tiny_world):
    areas = load(tiny_world)
    assert all(shapely.is_ccw(polygon.exterior) for polygon in areas.geometry)


def test_a_zipped_shapefile_in_british_national_grid_is_reprojected(tiny_world, tmp_path):
    lep = gpd.read_file(tiny_world["boundaries_dir"] / "leps.geojson").to_crs("EPSG:27700")
    folder = tmp_path / "shp"
    folder.mkdir()
    lep.to_file(folder / "leps.shp")
    archive = tiny_world["boundaries_dir"] / "leps.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in folder.iterdir():
            zipped.write(part, part.name)
    manifest = tiny_world["boundaries_manifest"]
    text = manifest.read_text().replace('file = "leps.geojson"', 'file = "leps.zip"')
    old_sum = text.split('sha256 = "')[1].split('"')[0]
    manifest.write_text(text.replace(old_sum, sha256_of(archive), 1))
    areas = load(tiny_world)
    alpha = areas.set_index("code").geometry["E37000001"]
    # Back in degrees (not metres), within the datum shift of the default transformation.
    assert alpha.bounds == pytest.approx((0, 50, 2, 52), abs=0.01)


def test_a_missing_file_names_the_file_and_how_to_fix_it(tiny_world):
    (tiny_world["boundaries_dir"] / "nations.geojson").unlink()
    with pytest.raises(DataError) as raised:
        load(tiny_world)
    message = str(raised.value)
    assert "nations.geojson" in message
    assert str(tiny_world["boundaries_dir"]) in message
    assert "GEOAPP_BOUNDARIES_DIR" in message


def test_a_changed_file_fails_its_checksum(tiny_world):
    path = tiny_world["boundaries_dir"] / "leps.geojson"
    path.write_text(path.read_text().replace("Alpha", "Alfa"))
    with pytest.raises(DataError) as raised:
        load(tiny_world)
    (problem,) = raised.value.problems
    assert problem.field == "sha256"
    assert "leps.geojson" in problem.file


def test_manifest_faults_are_all_reported(tiny_world):
    manifest = tiny_world["boundaries_manifest"]
    text = manifest.read_text().replace('code_field = "LEP17CD"\n', "")
    manifest.write_text(text.replace('"nations2017"]', '"nations2017", "wards"]'))
    with pytest.raises(DataError) as raised:
        read_manifest(manifest)
    fields = {p.field for p in raised.value.problems}
    assert fields == {"layers.lep2017.code_field", "area_sets.summaries2018.layers"}
