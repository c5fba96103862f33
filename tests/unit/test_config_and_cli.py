from pathlib import Path

import pytest

from geoapp.config import load_settings


def test_environment_then_overrides_set_the_settings():
    env = {"GEOAPP_BOUNDARIES_DIR": "/srv/ons", "GEOAPP_TILES_URL": "none"}
    settings = load_settings({"data_dir": "/srv/data"}, environ=env)
    assert settings.boundaries_dir == Path("/srv/ons")
    assert settings.data_dir == Path("/srv/data")
    assert not settings.has_tiles
    assert load_settings(environ={}).has_tiles


def test_an_unknown_setting_is_refused():
    with pytest.raises(ValueError, match="unknown setting 'tile_url'"):
        load_settings({"tile_url": "none"}, environ={})


def test_check_passes_on_good_data(tiny_world, runner, capsys):
    assert runner(["check"]) == 0
    assert "OK: 3 areas, 1 with summary figures" in capsys.readouterr().out


def test_check_lists_every_problem_and_fails(tiny_world, runner, capsys):
    summary = tiny_world["data_dir"] / "summaries" / "E37000001.toml"
    text = summary.read_text().replace("population = 1116300", "population = -3")
    summary.write_text(text.replace('amount = "£60m"', 'amount = "sixty million"'))
    assert runner(["check"]) == 1
    err = capsys.readouterr().err
    assert "2 problem(s)" in err
    assert "E37000001.toml: figures.population: must not be negative (-3)" in err
    assert "E37000001.toml: case_study.amount: amount 'sixty million'" in err


def test_serve_refuses_to_start_on_broken_data(tiny_world, runner, capsys):
    (tiny_world["boundaries_dir"] / "leps.geojson").write_text("{}")
    assert runner(["serve", "--port", "0"]) == 1
    assert "leps.geojson: sha256: checksum" in capsys.readouterr().err


def test_serve_with_granian_refuses_to_start_on_broken_data(tiny_world, runner, capsys):
    (tiny_world["boundaries_dir"] / "leps.geojson").write_text("{}")
    assert runner(["serve", "--server", "granian", "--port", "0"]) == 1
    assert "leps.geojson: sha256: checksum" in capsys.readouterr().err


def test_serve_with_granian_does_not_take_an_export(tiny_world, runner, tmp_path, capsys):
    assert runner(["serve", "--server", "granian", "--export", str(tmp_path)]) == 2
    assert "--export is served by waitress only" in capsys.readouterr().err
