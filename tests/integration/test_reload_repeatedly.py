"""Reloads in a row, and reloads while requests run in eight threads: each is a full build
of the tiny world, several per test, too slow for tests/unit (tests/unit/test_reload_data.py
has the single reloads)."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from geoapp import create_app, reload_data
from geoapp.inputs.boundaries import sha256_of

ALPHA_POINT = "/api/areas/at?lat=51&lon=0.5"


@pytest.fixture()
def world(tiny_world_2021):
    """The tiny world with ONS statistics (no postcodes; its own cache under tmp_path)."""
    return tiny_world_2021


@pytest.fixture()
def app(world):
    return create_app(world)


def set_population(world, value) -> None:
    path = world["data_dir"] / "summaries" / "E37000001.toml"
    path.write_text(re.sub(r"population = \S+", f"population = {value}", path.read_text()))


def population(client) -> int:
    response = client.get(ALPHA_POINT)
    assert response.status_code == 200
    return response.get_json()["areas"][0]["population"]


def map_script_of_page(client) -> str:
    (script,) = re.findall(
        r'src="(/assets/areas-map\.[^"]+)"', client.get("/").get_data(as_text=True)
    )
    return script


def test_pages_rendered_before_quick_reloads_still_get_their_assets(app, world):
    """Three reloads in a row: a page from before the first still loads its script."""
    client = app.test_client()
    scripts = [map_script_of_page(client)]
    for old, new in [("Alpha", "Alpha 2"), ("Alpha 2", "Alpha 3"), ("Alpha 3", "Alpha Third")]:
        rename_alpha(world, new, old)
        assert reload_data(app).swapped
        scripts.append(map_script_of_page(client))
    assert len(set(scripts)) == 4
    assert "Alpha Third" in client.get(scripts[-1]).get_data(as_text=True)
    assert all(client.get(script).status_code == 200 for script in scripts)


def rename_alpha(world, name: str, was: str = "Alpha") -> None:
    """Rename Alpha in the boundary file and give the manifest the file's new checksum."""
    path = world["boundaries_dir"] / "leps.geojson"
    old_sum = sha256_of(path)
    path.write_text(path.read_text().replace(f'"{was}"', f'"{name}"'))
    manifest = world["boundaries_manifest"]
    manifest.write_text(manifest.read_text().replace(old_sum, sha256_of(path)))


def test_requests_during_reloads_all_succeed_with_one_version_or_the_other(app, world):
    client_for = threading.local()

    def fetch(_):
        if not hasattr(client_for, "client"):
            client_for.client = app.test_client()
        return population(client_for.client)

    seen = set()
    with ThreadPoolExecutor(max_workers=8) as pool:
        requests = pool.map(fetch, range(400))
        for value in (1116301, 1116302):
            set_population(world, value)
            assert reload_data(app).swapped
        seen.update(requests)
    assert seen <= {1116300, 1116301, 1116302}
    assert population(app.test_client()) == 1116302
