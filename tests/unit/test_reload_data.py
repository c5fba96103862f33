"""Reloading data in a running app: swapped in whole when good, refused when broken."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from servers import granian_command, gunicorn_command, serve_command

from geoapp import create_app, reload_data
from geoapp.boundaries import sha256_of
from geoapp.reload import reload_on_hangup
from geoapp.views import site

ALPHA_POINT = "/api/areas/at?lat=51&lon=0.5"


@pytest.fixture()
def world(tiny_world_2021, tmp_path):
    """The tiny world (with ONS statistics) without postcodes, with its own cache."""
    cache = tmp_path / "cache"
    return {**tiny_world_2021, "postcodes_dir": tmp_path / "absent", "cache_dir": cache}


@pytest.fixture()
def app(world):
    return create_app(world)


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
    version = app.extensions["geoapp"].atlas.version
    set_population(world, 1200000)
    result = reload_data(app)
    assert result.swapped and result.problems == ()
    assert result.version != version
    assert population(client) == 1200000
    assert "1,200,000" in client.get("/areas/E37000001").get_data(as_text=True)


def test_broken_new_data_is_refused_and_the_last_good_data_kept(app, world, caplog):
    client = app.test_client()
    version = app.extensions["geoapp"].atlas.version
    set_population(world, -5)
    (world["data_dir"] / "summaries" / "E37000002.toml").write_text("code = ")
    with caplog.at_level(logging.ERROR, logger="geoapp.reload"):
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


def fetch_population(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url + ALPHA_POINT, timeout=5) as response:
            return json.load(response)["areas"][0]["population"]
    except OSError:
        return None


def environment_of(world) -> dict:
    """The environment that points a server process at the world."""
    return {
        **os.environ,
        "GEOAPP_BOUNDARIES_DIR": str(world["boundaries_dir"]),
        "GEOAPP_BOUNDARIES_MANIFEST": str(world["boundaries_manifest"]),
        "GEOAPP_DATA_DIR": str(world["data_dir"]),
        "GEOAPP_POSTCODES_DIR": str(world["postcodes_dir"]),
        "GEOAPP_CACHE_DIR": str(world["cache_dir"]),
        "GEOAPP_TILES_URL": "none",
    }


class Visitors:
    """Two visitors asking for the map's point look-up over and over, each request on a
    new connection (as a browser retries one a reload closed): every answer must be 200."""

    def __init__(self, url: str):
        self.url, self.statuses, self.stop = url + ALPHA_POINT, [], threading.Event()
        self.threads = [threading.Thread(target=self.visit, daemon=True) for _ in range(2)]
        for thread in self.threads:
            thread.start()

    def visit(self) -> None:
        while not self.stop.is_set():
            try:
                with urllib.request.urlopen(self.url, timeout=30) as response:
                    self.statuses.append(response.status)
                time.sleep(0.05)
            except urllib.error.HTTPError as error:
                self.statuses.append(error.code)
            except OSError as error:
                self.statuses.append(repr(error))

    def finish(self) -> list:
        self.stop.set()
        for thread in self.threads:
            thread.join()
        return self.statuses


def reload_good_then_broken_data(server, url, world, tmp_path, settled=lambda _reloads: True):
    """Under load, SIGHUP with new good data (served), then with broken data (refused, old
    data kept), then with a digit that str.isdigit() takes and int() refuses (refused,
    server alive). No visitor meets an error meanwhile."""
    wait_until(lambda: fetch_population(url) == 1116300)
    visitors = Visitors(url)
    set_population(world, 1500000)
    server.send_signal(signal.SIGHUP)
    wait_until(lambda: fetch_population(url) == 1500000)
    set_population(world, "-1")
    server.send_signal(signal.SIGHUP)
    wait_until(lambda: "data NOT reloaded" in log_text(tmp_path))
    wait_until(lambda: settled(2))
    wait_until(lambda: fetch_population(url) == 1500000)  # never -1: it was refused
    assert "figures.population: must not be negative (-1)" in log_text(tmp_path)
    set_population(world, 1500000)
    statistics = world["data_dir"] / "ons" / "statistics.csv"
    statistics.write_text(statistics.read_text().replace("March 2018,33330", "March 2018,33330²"))
    server.send_signal(signal.SIGHUP)
    wait_until(lambda: "not '33330²'" in log_text(tmp_path))
    wait_until(lambda: settled(3))
    assert server.poll() is None, log_text(tmp_path)
    wait_until(lambda: fetch_population(url) == 1500000)
    assert "Traceback" not in log_text(tmp_path)
    statuses = visitors.finish()
    assert len(statuses) >= 5 and set(statuses) == {200}, set(statuses)


def test_geoapp_serve_reloads_on_sighup_and_keeps_good_data(world, tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        serve_command(port),
        env=environment_of(world),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        reload_good_then_broken_data(server, f"http://127.0.0.1:{port}", world, tmp_path)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def test_gunicorn_reloads_on_sighup_and_keeps_good_data(world, tmp_path):
    """gunicorn with geoapp.gunicorn_conf: SIGHUP to the master rebuilds the data there,
    before the new workers start; broken data leaves the workers on the last good data."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        gunicorn_command(port),
        env=environment_of(world),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # Two more boots of two workers after each reload: every reload replaced them.
        reload_good_then_broken_data(
            server,
            f"http://127.0.0.1:{port}",
            world,
            tmp_path,
            settled=lambda reloads: log_text(tmp_path).count("Booting worker") >= 2 * (reloads + 1),
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_granian_reloads_on_sighup_and_keeps_good_data(world, tmp_path):
    """`geoapp serve --server granian`: SIGHUP to the master rebuilds the data there, before
    granian replaces the workers; broken data leaves the new workers on the last good data."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        granian_command(port),
        env=environment_of(world),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # Two more workers after each reload: every reload replaced them.
        reload_good_then_broken_data(
            server,
            f"http://127.0.0.1:{port}",
            world,
            tmp_path,
            settled=lambda reloads: (
                log_text(tmp_path).count("serving data version") >= 2 * (reloads + 1)
            ),
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def log_text(folder) -> str:
    return (folder / "serve.log").read_text()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
