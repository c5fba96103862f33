"""Benchmark the ways in besides the map: postcode index, district shares, search, area maps.

Prints the postcode index's build time, size on disk, opening time and look-up latency,
the district computation (uncached and cached), search latency and the area maps' build
time. Builds into a temporary cache folder, so the real one is left alone.
Run with `python bench/search.py`.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from geoapp.config import load_settings
from geoapp.inputs.boundaries import BoundaryFiles
from geoapp.inputs.postcodes import load_postcode_index
from geoapp.model.districts import load_districts
from geoapp.model.sets import load_summaries
from geoapp.outputs.areamaps import build_area_maps
from geoapp.outputs.search import Finder


def timed(function, *args):
    """Return (result, seconds)."""
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def latencies(function, queries: list[str]) -> str:
    """Return the median and 99th percentile of calling ``function`` on each query, in µs."""
    times = []
    for query in queries:
        started = time.perf_counter()
        function(query)
        times.append((time.perf_counter() - started) * 1e6)
    times.sort()
    return f"median {statistics.median(times):.1f} µs, p99 {times[int(len(times) * 0.99)]:.1f} µs"


def sample_postcodes(folder: Path, count: int) -> list[str]:
    """Return ``count`` postcodes from the CSVs, as people type them (lower case, spaced)."""
    lines = []
    for path in sorted(folder.glob("*.csv")):
        lines += path.read_text().splitlines()[1:]
    chosen = random.Random(1).sample(lines, count)
    return [line.split(",")[0].lower() for line in chosen]


def main() -> None:
    settings = load_settings({"tiles_url": "none"})
    area_set = load_summaries(
        settings.boundaries_manifest, settings.boundaries_dir, settings.data_dir
    )
    with tempfile.TemporaryDirectory() as temporary:
        cache = Path(temporary)
        index, built = timed(load_postcode_index, settings.postcodes_dir, cache)
        folder = next(cache.glob("postcodes-*"))
        size = sum(p.stat().st_size for p in folder.iterdir())
        _, opened = timed(load_postcode_index, settings.postcodes_dir, cache)
        print(f"postcode index: {len(index):,} postcodes, built in {built:.2f} s,")
        print(
            f"  {size:,} bytes on disk ({size / len(index):.1f} bytes each), opened in "
            f"{opened * 1000:.1f} ms (memory-mapped)"
        )
        known = sample_postcodes(settings.postcodes_dir, 100_000)
        print(f"  look-up, 100,000 known postcodes: {latencies(index.lookup, known)}")
        unknown = [f"zz{n % 90 + 10} {n % 10}aa" for n in range(20_000)]
        print(f"  look-up, 20,000 unknown postcodes: {latencies(index.lookup, unknown)}")

        # Each with its own BoundaryFiles, as each build has: the file is hashed each time.
        files = (BoundaryFiles(settings.boundaries_manifest, settings.boundaries_dir) for _ in "ab")
        districts, uncached = timed(load_districts, next(files), area_set, cache)
        _, cached = timed(load_districts, next(files), area_set, cache)
        print(
            f"districts: {len(districts.districts)} placed in {uncached:.2f} s; "
            f"from the cache in {cached * 1000:.0f} ms"
        )

        finder, prepared = timed(Finder, area_set, districts, index)
        print(f"search prepared in {prepared * 1000:.0f} ms")
        names = ["Stevenage", "barn", "hert", "Winchester", "kings lynn", "glasgow", "xyzzy"]
        print(f"  search by name: {latencies(finder.search, names * 200)}")
        print(
            f"  search by postcode (with the areas at it): {latencies(finder.search, known[:5000])}"
        )

        _, mapped = timed(build_area_maps, area_set)
        print(f"area maps: {len(area_set.areas)} built in {mapped * 1000:.0f} ms")


if __name__ == "__main__":
    main()
