"""OGC API answers over HTTP on the tiny world: made once per normalised query, bounded,
revalidated by ETag, dated by the data version and dropped with it on a reload."""

from __future__ import annotations

import gzip
import re

import pytest

import geoapp.site.build
import geoapp.web.prepared
from geoapp import create_app, reload_data

ITEMS = "/ogc/collections/areas/items"


@pytest.fixture()
def world(tiny_world):
    """The tiny world (no postcodes; its own cache under tmp_path): fast and isolated."""
    return tiny_world


@pytest.fixture()
def app(tiny_app):
    return tiny_app


def answers_of(app):
    return app.extensions["geoapp"].site.ogc_answers


def self_href(response) -> str:
    return next(link["href"] for link in response.get_json()["links"] if link["rel"] == "self")


def test_one_answer_per_query_whatever_its_spelling(app):
    client = app.test_client()
    spellings = [
        f"{ITEMS}?limit=2&bbox=-0.5,50,1.5,52",
        f"{ITEMS}?bbox=-0.50,50.0,1.5,52&limit=2",  # other order and digits
        f"{ITEMS}?limit=2&bbox=-0.5,50,1.5,52&f=json&cache-buster=123",
        f"{ITEMS}?limit=2&bbox=-0.5,50,1.5,52&offset=0",
    ]
    responses = [client.get(path) for path in spellings]
    assert {r.status_code for r in responses} == {200}
    assert len({r.get_data() for r in responses}) == 1
    assert len({r.headers["ETag"] for r in responses}) == 1
    assert len(answers_of(app)) == 1


def test_values_equal_as_numbers_but_written_apart_keep_their_own_links(app):
    client = app.test_client()
    minus = client.get(f"{ITEMS}?bbox=-0.0,50,1,52")
    plus = client.get(f"{ITEMS}?bbox=0.0,50,1,52")
    assert "bbox=-0.0,50.0,1.0,52.0" in self_href(minus)
    assert "bbox=0.0,50.0,1.0,52.0" in self_href(plus)


def test_made_up_queries_cannot_grow_the_cache(world, monkeypatch):
    monkeypatch.setattr(geoapp.site.build, "OGC_ANSWER_ENTRIES", 20)
    monkeypatch.setattr(geoapp.site.build, "OGC_ANSWER_BYTES", 30_000)
    app = create_app(world)
    client = app.test_client()
    for offset in range(120):
        assert client.get(f"{ITEMS}?limit=1&offset={offset}").status_code == 200
    answers = answers_of(app)
    assert len(answers) <= 20 and answers.bytes <= 30_000
    for limit in range(1, 60):  # bigger answers: the byte budget holds too
        client.get(f"{ITEMS}?limit={limit}", headers={"Accept-Encoding": "gzip"})
    assert answers.bytes <= 30_000


def test_refusals_are_never_kept(app):
    client = app.test_client()
    assert client.get("/ogc/collections/nowhere/items").status_code == 404
    assert client.get(f"{ITEMS}?limit=0").status_code == 400
    assert client.get(f"{ITEMS}/E99999999").status_code == 404
    assert len(answers_of(app)) == 0


@pytest.mark.parametrize("path", [f"{ITEMS}?limit=2", f"{ITEMS}/E37000001", f"{ITEMS}?f=html"])
def test_a_kept_answer_revalidates_with_304_plain_and_gzipped(app, path):
    client = app.test_client()
    plain = client.get(path)
    zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == plain.get_data()
    assert zipped.headers["ETag"] == plain.headers["ETag"][:-1] + '-gzip"'
    for response, encoding in ((plain, "identity"), (zipped, "gzip")):
        etag = response.headers["ETag"]
        for sent in (etag, f"W/{etag}"):
            again = client.get(path, headers={"If-None-Match": sent, "Accept-Encoding": encoding})
            assert again.status_code == 304 and again.headers["ETag"] == etag
    assert client.get(path).headers["ETag"] == plain.headers["ETag"]  # stable, not per second
    assert plain.headers["Vary"] == "Accept, Accept-Encoding"


def set_population(world, value: int) -> None:
    path = world["data_dir"] / "summaries" / "E37000001.toml"
    path.write_text(re.sub(r"population = \S+", f"population = {value}", path.read_text()))


def test_the_timestamp_is_when_the_data_was_built_and_a_reload_brings_new_answers(app, world):
    client = app.test_client()
    built_at = app.extensions["geoapp"].site.built_at
    first = client.get(f"{ITEMS}?limit=1")
    assert first.get_json()["timeStamp"] == built_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert first.get_json()["features"][0]["properties"]["population"] == 1116300
    set_population(world, 1200000)
    assert reload_data(app).swapped
    second = client.get(f"{ITEMS}?limit=1")
    assert second.get_json()["features"][0]["properties"]["population"] == 1200000
    assert second.get_json()["timeStamp"] >= first.get_json()["timeStamp"]
    assert second.headers["ETag"] != first.headers["ETag"]
    stale = client.get(f"{ITEMS}?limit=1", headers={"If-None-Match": first.headers["ETag"]})
    assert stale.status_code == 200


def full_answer(client, path: str, **headers):
    response = client.get(path, headers=headers)
    return response.status_code, sorted(response.headers.items()), response.get_data()


@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_a_replayed_answer_is_flasks_answer_to_the_byte_by_query_and_format(app, encoding):
    client = app.test_client()
    asked = [
        (f"{ITEMS}?limit=2", {}),
        (f"{ITEMS}?limit=2", {"Accept": "text/html"}),  # the same URL as HTML
        (f"{ITEMS}?limit=1", {}),
        ("/ogc/collections/areas/queryables", {}),
    ]
    first = [full_answer(client, p, **{"Accept-Encoding": encoding}, **h) for p, h in asked]
    again = [full_answer(client, p, **{"Accept-Encoding": encoding}, **h) for p, h in asked]
    assert first == again
    assert len({body for _, _, body in first}) == len(asked)  # none answered for another
    assert ("Content-Type", "text/html; charset=utf-8") in first[1][1]


def test_a_replayed_answer_keeps_the_links_of_the_host_it_was_asked_with(app):
    client = app.test_client()
    here = client.get(f"{ITEMS}?limit=1", headers={"Host": "localhost"})
    client.get(f"{ITEMS}?limit=1", headers={"Host": "localhost"})  # now replayed
    there = client.get(f"{ITEMS}?limit=1", base_url="https://127.0.0.1")
    assert self_href(here).startswith("http://localhost/ogc/")
    assert self_href(there).startswith("https://127.0.0.1/ogc/")


def test_made_up_queries_cannot_grow_the_replayed_answers(world, monkeypatch):
    monkeypatch.setattr(geoapp.web.prepared, "OGC_BYTES", 40_000)
    app = create_app(world)
    client = app.test_client()
    for offset in range(60):
        for _ in range(2):
            client.get(f"{ITEMS}?limit=2&offset={offset}&x={offset}")
    replayed = app.wsgi_app._ogc_answers
    assert 0 < replayed.bytes <= 40_000 and len(replayed) < 60
