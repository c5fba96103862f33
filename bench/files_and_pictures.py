"""Benchmark: the GIS files and the pictures of the map (issue 16), measured in process.

    .venv/bin/python bench/files_and_pictures.py [--repeat N]

Prints, for the real data:
- the build time and the size (raw and gzipped) of each GeoPackage and zipped Shapefile,
  built as start-up builds them (median of N builds);
- the time to draw each kind of picture the first time (median of N draws, each from a
  fresh cache) and again from the cache, and its bytes (PNG, or SVG raw and gzipped);
- what the pictures add to start-up (projecting nothing: shapes are projected on the
  first picture, whose extra cost is shown apart).
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geoapp import create_app
from geoapp.model.record import LEPS_2021, SUMMARIES
from geoapp.outputs.geojson import set_features
from geoapp.outputs.gisfiles import geopackage_bytes, shapefile_zip_bytes
from geoapp.outputs.pictures import MapPictures, PictureSpec

PICTURES = [
    ("UK, report, PNG", PictureSpec(SUMMARIES)),
    ("UK, card, PNG", PictureSpec(SUMMARIES, size="card")),
    ("UK coloured, report, PNG", PictureSpec(SUMMARIES, measure="employment_rate_2018")),
    ("UK coloured, card, PNG", PictureSpec(SUMMARIES, measure="employment_rate_2018", size="card")),
    ("UK, report, SVG", PictureSpec(SUMMARIES, format="svg")),
    (
        "2021 LEPs coloured, card, PNG",
        PictureSpec(LEPS_2021, measure="ons_enterprises_2018", size="card"),
    ),
    ("Hertfordshire, report, PNG", PictureSpec(SUMMARIES, code="E37000017")),
    ("Hertfordshire, card, PNG", PictureSpec(SUMMARIES, code="E37000017", size="card")),
    ("Hertfordshire, report, SVG", PictureSpec(SUMMARIES, code="E37000017", format="svg")),
    ("Scotland, card, PNG", PictureSpec(SUMMARIES, code="S92000003", size="card")),
    ("UK, card 600 px, PNG", PictureSpec(SUMMARIES, size="card", width=600)),
]


def timed(build, repeat: int):
    """Return (median seconds, last result) of ``repeat`` calls of ``build``."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = build()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def kib(size: int) -> str:
    return f"{size / 1024:,.0f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    site = create_app({"tiles_url": "none"}).extensions["geoapp"].site
    print("| file | build | bytes | gzipped |\n| --- | --- | --- | --- |")
    for area_set in site.area_sets.values():
        features = set_features(area_set)
        for suffix, build in (("gpkg", geopackage_bytes), ("shp.zip", shapefile_zip_bytes)):
            seconds, body = timed(lambda b=build, s=area_set, f=features: b(s, f), repeat)
            packed = len(gzip.compress(body, 9))
            print(
                f"| {area_set.collection_id}.{suffix} | {seconds * 1000:,.0f} ms "
                f"| {kib(len(body))} "
                f"| {kib(packed)} |"
            )
    pictures = site.pictures
    fresh = MapPictures(pictures.sets, pictures.version)
    started = time.perf_counter()
    fresh.picture(PictureSpec(SUMMARIES, code="E37000017", size="card", width=200))
    fresh.picture(PictureSpec(LEPS_2021, size="card", width=200))
    print(
        f"\nfirst pictures of each set (shapes projected once): "
        f"{(time.perf_counter() - started) * 1000:,.0f} ms"
    )
    print(
        "\n| picture | first draw | from cache | bytes | gzipped |\n| --- | --- | --- | --- | --- |"
    )
    for label, spec in PICTURES:

        def draw(spec=spec):
            return MapPictures(pictures.sets, pictures.version).picture(spec)

        seconds, picture = timed(draw, repeat)
        fresh.picture(spec)
        cached, _ = timed(lambda spec=spec: fresh.picture(spec), 20)
        packed = kib(len(picture.gzipped)) if picture.gzipped else "—"
        print(
            f"| {label} | {seconds * 1000:,.0f} ms | {cached * 1e6:,.0f} µs "
            f"| {kib(len(picture.body))} | {packed} |"
        )


if __name__ == "__main__":
    main()
