"""geoapp serve, gunicorn and granian, as processes on the tiny world, reload on SIGHUP: good data
is swapped in, broken data refused and the last good data kept, and no visitor meets an
error meanwhile. (Reloading inside one app: tests/unit/test_reload_data.py.)"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest
from servers import granian_command, gunicorn_command, serve_command

ALPHA_POINT = "/api/areas/at?lat=51&lon=0.5"


@pytest.fixture()
def world(tiny_world_2021):
    """The tiny world with ONS statistics; its postcodes and cache are under tmp_path."""
    return tiny_world_2021


def set_population(world, value) -> None:
    path = world["data_dir"] / "summaries" / "E37000001.toml"
    path.write_text(re.sub(r"population = \S+", f"population = {value}", path.read_text()))


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


def reload_under(
    command, world, tmp_path, settled=lambda _reloads: True, stop_seconds: int = 10
) -> None:
    """Start the server ``command`` on the world, run reload_good_then_broken_data on it,
    then stop it; its output goes to serve.log in ``tmp_path``."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        command(port), env=environment_of(world), stdout=log, stderr=subprocess.STDOUT
    )
    try:
        reload_good_then_broken_data(server, f"http://127.0.0.1:{port}", world, tmp_path, settled)
    finally:
        server.terminate()
        server.wait(timeout=stop_seconds)
        log.close()


def test_geoapp_serve_reloads_on_sighup_and_keeps_good_data(world, tmp_path):
    reload_under(serve_command, world, tmp_path)


def test_gunicorn_reloads_on_sighup_and_keeps_good_data(world, tmp_path):
    """gunicorn with geoapp.web.gunicorn_conf: SIGHUP to the master rebuilds the data there,
    before the new workers start; broken data leaves the workers on the last good data."""
    # Two more boots of two workers after each reload: every reload replaced them.
    reload_under(
        gunicorn_command,
        world,
        tmp_path,
        settled=lambda reloads: log_text(tmp_path).count("Booting worker") >= 2 * (reloads + 1),
        stop_seconds=30,
    )


def test_granian_reloads_on_sighup_and_keeps_good_data(world, tmp_path):
    """`geoapp serve --server granian`: SIGHUP to the master rebuilds the data there, before
    granian replaces the workers; broken data leaves the new workers on the last good data."""
    # Two more workers after each reload: every reload replaced them.
    reload_under(
        granian_command,
        world,
        tmp_path,
        settled=lambda reloads: (
            log_text(tmp_path).count("serving data version") >= 2 * (reloads + 1)
        ),
        stop_seconds=30,
    )


def log_text(folder) -> str:
    return (folder / "serve.log").read_text()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
