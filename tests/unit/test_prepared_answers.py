"""Downloads and assets replayed from Flask's first answer (geoapp/web/prepared.py)."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from geoapp import create_app, reload_data


@pytest.fixture()
def world(tiny_world_2021):
    """The tiny world with ONS statistics (no postcodes; its own cache under tmp_path)."""
    return tiny_world_2021


def answer(client, path: str, **headers):
    response = client.get(path, headers=headers)
    return response.status_code, sorted(response.headers.items()), response.get_data()


@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_a_replayed_download_is_flasks_answer_to_the_byte(world, encoding):
    app = create_app(world)
    client = app.test_client()
    first = answer(client, "/downloads/areas.geojson", **{"Accept-Encoding": encoding})
    replayed = answer(client, "/downloads/areas.geojson", **{"Accept-Encoding": encoding})
    assert first == replayed and first[0] == 200
    body = gzip.decompress(first[2]) if encoding else first[2]
    assert json.loads(body)["type"] == "FeatureCollection"
    assert ("Content-Encoding", "gzip") in first[1] if encoding else True


def test_conditional_requests_unknown_files_and_heads_still_work(world):
    client = create_app(world).test_client()
    first = client.get("/downloads/areas.csv")
    again = client.get("/downloads/areas.csv", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/downloads/areas/NOPE.geojson").status_code == 404
    assert client.get("/downloads/areas/NOPE.geojson").status_code == 404
    head = client.head("/downloads/areas.csv")
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["Content-Length"] == first.headers["Content-Length"]


def test_a_reload_replays_the_new_data(world):
    app = create_app(world)
    client = app.test_client()
    before = client.get("/downloads/areas.csv").get_data()
    path = world["data_dir"] / "summaries" / "E37000001.toml"
    path.write_text(re.sub(r"population = \S+", "population = 1200000", path.read_text()))
    assert reload_data(app).swapped
    after = client.get("/downloads/areas.csv").get_data()
    assert after != before and b"1200000" in after
