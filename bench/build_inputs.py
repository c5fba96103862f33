"""Benchmark: how often one build of the site reads its boundary inputs, and how long it takes.

Counts, for one ``build_checked_site`` on the real data (with a warm cache folder, then an
empty one): reads of the boundary manifest; each boundary file opened in Python (to hash
it) and hashed (``sha256_of``); each read by GDAL; and the STRtrees built, by the function
that builds them. Then times ``create_app`` (``--runs`` times, warm cache) and prints the
load average, since other processes on the machine change the times.

    .venv/bin/python bench/build_inputs.py [--runs 3]
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

import geopandas
import shapely

import geoapp.inputs.boundaries as boundaries
from geoapp.config import load_settings
from geoapp.site.checks import build_checked_site
from geoapp.web.app import create_app


class Counts:
    """Counters by kind and file (or function), filled by the patched functions below."""

    def __init__(self, settings):
        self.manifest = settings.boundaries_manifest.resolve()
        self.folder = settings.boundaries_dir.resolve()
        self.counter: collections.Counter = collections.Counter()

    def boundary_file(self, subject) -> str | None:
        """Return the file's name if ``subject`` (a path or GDAL source) is a boundary file."""
        path = Path(str(subject).removeprefix("zip://")).resolve()
        return path.name if path.parent == self.folder else None

    def note(self, kind: str, name: str = "") -> None:
        self.counter[(kind, name)] += 1

    def lines(self) -> list[str]:
        return [f"  {kind:<20} {name:<55} {n}" for (kind, name), n in sorted(self.counter.items())]


def counting_file_reads(counts: Counts, stack: ExitStack) -> None:
    """Count the manifest's reads, boundary files opened and hashed, and GDAL's reads."""
    read_text, path_open = Path.read_text, Path.open
    read_file, sha256_of = geopandas.read_file, boundaries.sha256_of

    def counted_read_text(self, *args, **kwargs):
        if self.resolve() == counts.manifest:
            counts.note("manifest read")
        return read_text(self, *args, **kwargs)

    def counted_open(self, *args, **kwargs):
        if name := counts.boundary_file(self):
            counts.note("opened in Python", name)
        return path_open(self, *args, **kwargs)

    def counted_read_file(source, *args, **kwargs):
        counts.note("GDAL read", counts.boundary_file(source) or str(source))
        return read_file(source, *args, **kwargs)

    def counted_sha256_of(path):
        counts.note("sha256", counts.boundary_file(path) or str(path))
        return sha256_of(path)

    stack.enter_context(mock.patch.object(Path, "read_text", counted_read_text))
    stack.enter_context(mock.patch.object(Path, "open", counted_open))
    stack.enter_context(mock.patch.object(geopandas, "read_file", counted_read_file))
    stack.enter_context(mock.patch.object(boundaries, "sha256_of", counted_sha256_of))


def counting_trees(counts: Counts, stack: ExitStack) -> None:
    """Count the STRtrees built, by the module and function that build them."""
    tree = shapely.STRtree

    class CountedTree(tree):
        def __init__(self, geoms, *args, **kwargs):
            caller = sys._getframe(1).f_code
            counts.note("STRtree", f"{Path(caller.co_filename).stem}.{caller.co_name}")
            super().__init__(geoms, *args, **kwargs)

    stack.enter_context(mock.patch.object(shapely, "STRtree", CountedTree))
    for name, module in list(sys.modules.items()):
        if name.startswith("geoapp") and getattr(module, "STRtree", None) is tree:
            stack.enter_context(mock.patch.object(module, "STRtree", CountedTree))


def count_build(settings) -> Counts:
    """Return the counts of one checked build with these settings."""
    counts = Counts(settings)
    with ExitStack() as stack:
        counting_file_reads(counts, stack)
        counting_trees(counts, stack)
        build_checked_site(settings)
    return counts


def time_create_app(runs: int) -> tuple[list[float], list[float]]:
    """Return the wall-clock and CPU seconds of each ``create_app`` (a whole build each
    time); CPU time moves less than wall time when other processes share the machine."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        create_app()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    time_create_app(1)  # fills the cache folder, so that "warm" is warm
    with tempfile.TemporaryDirectory() as empty:
        for label, overrides in (("warm cache", {}), ("empty cache", {"cache_dir": empty})):
            print(f"one build, {label}:")
            print("\n".join(count_build(load_settings(overrides)).lines()))
    before = os.getloadavg()
    walls, cpus = time_create_app(args.runs)
    after = os.getloadavg()
    for label, seconds in (("wall", walls), ("CPU", cpus)):
        print(f"create_app, warm cache, {label}: {' '.join(f'{s:.2f}' for s in seconds)} s", end="")
        print(f" (median {statistics.median(seconds):.2f} s)")
    print(f"load average (1, 5, 15 min): before {before}, after {after}")


if __name__ == "__main__":
    main()
