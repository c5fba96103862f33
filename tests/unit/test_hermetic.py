"""Unit tests stay hermetic: the tiny world names only folders under tmp_path, and the
guard (tests/hermetic.py) refuses the repository's cache/ and the real postcodes."""

from __future__ import annotations

import os
from dataclasses import fields
from pathlib import Path

import pytest
from hermetic import GUARD, HermeticityError

from geoapp.config import Settings, load_settings


def test_every_folder_of_the_tiny_world_is_under_tmp_path(tiny_world, tmp_path):
    settings = load_settings(tiny_world, environ={})
    folders = {f.name: getattr(settings, f.name) for f in fields(Settings) if f.type == "Path"}
    assert set(folders) >= {"boundaries_dir", "data_dir", "postcodes_dir", "cache_dir"}
    assert all(path.is_relative_to(tmp_path) for path in folders.values()), folders


def test_the_app_serves_the_tiny_world(client):
    answer = client.get("/api/areas/at?lat=51&lon=0.5")
    assert answer.status_code == 200
    assert [area["code"] for area in answer.get_json()["areas"]] == ["E37000001"]


def test_the_guard_refuses_the_repositorys_cache_and_the_real_postcodes():
    defaults = Settings()
    with pytest.raises(HermeticityError, match=r"a unit test touched .*cache"):
        (defaults.cache_dir / "topology-x").write_text("")
    with pytest.raises(HermeticityError, match="postcodes"):
        os.listdir(defaults.postcodes_dir)
    with pytest.raises(HermeticityError, match="boundaries"):
        list(Path(defaults.boundaries_dir).glob("*.zip"))
    touched = list(GUARD.touched)
    GUARD.touched.clear()  # refused on purpose: the phase must not fail for them
    assert [event.split()[0] for event in touched] == ["open", "os.listdir", "os.scandir"]
