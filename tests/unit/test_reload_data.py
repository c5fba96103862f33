"""Reloading data in a running app: swapped in whole when good, refused when broken."""

from __future__ import annotations

import logging
import os
import re
import signal
import time

import pytest

from geoapp import create_app, reload_data
from geoapp.site.reload import reload_on_hangup
from geoapp.web.views import site

ALPHA_POINT = "/api/areas/at?lat=51&lon=0.5"


@pytest.fixture()
def world(tiny_world_2021):
    """The tiny world with ONS statistics (no postcodes; its own cache under tmp_path)."""
    return tiny_world_2021


@pytest.fixture()
def app(tiny_app, world):
    """The app on ``world``, fresh for each test: every test here reloads it."""
    return tiny_app


def summary(world):
    return world["data_dir"] / "summaries" / "E37000001.toml"


def set_population(world, value) -> None:
    path = summary(world)
    path.write_text(re.sub(r"population = \S+", f"population = {value}", path.read_text()))


def population(client) -> int:
    response = client.get(ALPHA_POINT)
    assert response.status_code == 200
    return response.get_json()["areas"][0]["population"]


def test_good_new_data_is_swapped_in(app, world):
    client = app.test_client()
    version = app.extensions["geoapp"].summaries.version
    set_population(world, 1200000)
    result = reload_data(app)
    assert result.swapped and result.problems == ()
    assert result.version != version
    assert population(client) == 1200000
    assert "1,200,000" in client.get("/areas/E37000001").get_data(as_text=True)


def test_broken_new_data_is_refused_and_the_last_good_data_kept(app, world, caplog):
    client = app.test_client()
    version = app.extensions["geoapp"].summaries.version
    set_population(world, -5)
    (world["data_dir"] / "summaries" / "E37000002.toml").write_text("code = ")
    with caplog.at_level(logging.ERROR, logger="geoapp.site.reload"):
        result = reload_data(app)
    assert not result.swapped
    assert result.version == version
    reasons = [f"{p.field}: {p.reason}" for p in result.problems]
    assert "figures.population: must not be negative (-5)" in reasons
    assert any("cannot read the file" in reason for reason in reasons)
    assert f"still serving version {version}" in caplog.text
    assert "E37000001.toml: figures.population: must not be negative (-5)" in caplog.text
    assert population(client) == 1116300
    # Fixed data goes in at the next reload.
    set_population(world, 1116301)
    (world["data_dir"] / "summaries" / "E37000002.toml").unlink()
    assert reload_data(app).swapped
    assert population(client) == 1116301


def test_broken_boundaries_are_refused_too(app, world):
    (world["boundaries_dir"] / "leps.geojson").write_text('{"type": "FeatureCollection"}')
    result = reload_data(app)
    assert not result.swapped
    assert [p.field for p in result.problems] == ["sha256"]
    assert population(app.test_client()) == 1116300


def test_a_request_reads_one_version_even_if_a_reload_lands_midway(app, world):
    with app.test_request_context("/"):
        first = site()
        set_population(world, 1300000)
        assert reload_data(app).swapped
        assert site() is first
    with app.test_request_context("/"):
        assert site() is not first


def test_sighup_reloads_in_the_background(app, world):
    previous = signal.getsignal(signal.SIGHUP)
    try:
        reload_on_hangup(app.extensions["geoapp"])
        set_population(world, 1400000)
        os.kill(os.getpid(), signal.SIGHUP)
        wait_until(lambda: population(app.test_client()) == 1400000)
    finally:
        signal.signal(signal.SIGHUP, previous)


def wait_until(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_reload_without_the_postcodes_folder_keeps_postcode_search(world, tmp_path, caplog):
    folder = tmp_path / "postcodes"
    folder.mkdir()
    (folder / "AA.csv").write_text("Postcode,lat,long\nAA1 1AA,51.00000,0.50000\n")
    app = create_app({**world, "postcodes_dir": folder})
    client = app.test_client()
    assert client.get("/api/postcodes/AA11AA").status_code == 200
    folder.rename(tmp_path / "moved away")
    assert reload_data(app).swapped
    answer = client.get("/api/postcodes/AA11AA")
    assert answer.status_code == 200 and answer.get_json()["lat"] == 51.0
    assert "keeping the postcode index already loaded (1 postcodes)" in caplog.text
