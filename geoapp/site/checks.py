"""Build the site or say everything that is wrong with its inputs, all at once.

Building stops at the first input that fails (the boundaries before data/, data/ before
data/ons/). When it fails, each input is then checked on its own, so whoever fixes the
data sees every problem in one go, not one file per attempt. ``geoapp check``, start-up
and reloading all go through here, so they report the same lines.
"""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

from geoapp.config import Settings
from geoapp.inputs.boundaries import BoundaryFiles, SetLayers
from geoapp.inputs.figures import load_figures
from geoapp.inputs.problems import DataError, Problem
from geoapp.inputs.statistics import load_statistics
from geoapp.model.districts import DISTRICT_LAYER
from geoapp.model.record import LEPS_2021, SUMMARIES
from geoapp.site.build import Site, build_site

log = logging.getLogger(__name__)


def build_checked_site(settings: Settings, previous: Site | None = None) -> Site:
    """Return the site built from ``settings`` (replacing ``previous``, on a reload).

    Raises DataError listing every problem of every input (see the module docstring).
    The build and the checks after it share one BoundaryFiles: each boundary file is read
    and hashed once per call, and again on the next call (a reload sees every change).
    """
    files = BoundaryFiles(settings.boundaries_manifest, settings.boundaries_dir)
    try:
        return build_site(settings, previous, files)
    except DataError as error:
        raise DataError(merged(error.problems, input_problems(settings, files))) from None
    except Exception as error:  # a fault no validator caught: still no half-built site
        log.error("building the site failed unexpectedly", exc_info=True)
        unexpected = Problem("(start-up)", "", f"unexpected {describe(error)}")
    # The inputs checked one by one usually name the file behind the surprise; only when
    # they find nothing is the bare exception the best we can say.
    raise DataError(input_problems(settings, files) or [unexpected])


def describe(error: Exception) -> str:
    """Return an exception as one line: its type and message."""
    return f"{type(error).__name__}: {error}".splitlines()[0]


def merged(first: list[Problem], more: list[Problem]) -> list[Problem]:
    """Return the problems of both lists, each once, in order of first appearance."""
    return list(dict.fromkeys([*first, *more]))


def input_problems(settings: Settings, files: BoundaryFiles | None = None) -> list[Problem]:
    """Return the problems of each input checked on its own: manifest, boundaries, data/.

    ``files`` are the failed build's boundary files, so what it read is not read again.
    """
    problems: list[Problem] = []
    files = files or BoundaryFiles(settings.boundaries_manifest, settings.boundaries_dir)
    area_sets = attempt(problems, BoundaryFiles.area_sets, files) or {}
    if SUMMARIES not in area_sets and not problems:
        problems.append(
            Problem(str(settings.boundaries_manifest), "area_sets", f"no area set {SUMMARIES!r}")
        )
    codes = {key: area_codes(area_set, files, problems) for key, area_set in area_sets.items()}
    if area_sets:
        problems += attempt(problems, district_layer_problems, files) or []
    summary_codes = codes.get(SUMMARIES) or codes_named_in_data(settings.data_dir)
    attempt(problems, load_figures, settings.data_dir, summary_codes)
    ons = settings.data_dir / "ons"
    # Statistics are checked against the 2021 boundaries; without them there is nothing
    # to check their codes against, and their own problems are already listed.
    if codes.get(LEPS_2021):
        attempt(problems, load_statistics, ons, codes[LEPS_2021])
    return problems


def attempt(problems: list[Problem], load, *args):
    """Return ``load(*args)``, or None after adding the problems of its DataError.

    Any other exception is a fault the validator did not foresee: it becomes a problem
    naming the input (the first argument), never a traceback.
    """
    try:
        return load(*args)
    except DataError as error:
        problems.extend(error.problems)
    except Exception as error:
        log.error("checking %s failed unexpectedly", args[0], exc_info=True)
        problems.append(Problem(input_name(args[0]), "", f"cannot be checked: {describe(error)}"))
    return None


def input_name(subject: object) -> str:
    """Return the file or folder an input is read from, for a problem's first column."""
    if isinstance(subject, SetLayers):
        return ", ".join(layer.file for layer in subject.layers)
    if isinstance(subject, BoundaryFiles):
        return str(subject.manifest_path)
    return str(subject)


def area_codes(area_set: SetLayers, files: BoundaryFiles, problems: list[Problem]) -> set[str]:
    """Return the codes of an area set's boundaries; empty after noting why they are unread."""
    frame = attempt(problems, files.read_area_set, area_set)
    return set() if frame is None else set(frame["code"])


def district_layer_problems(files: BoundaryFiles) -> list[Problem]:
    """Return the problem with the councils' boundary file (missing, checksum), if any."""
    layer = files.layer(DISTRICT_LAYER)
    problem = layer and files.check(layer)
    return [problem] if problem else []


def codes_named_in_data(data_dir: Path) -> set[str]:
    """Return the codes data/ itself names (register and summaries), for checking data/
    when the boundaries cannot be read: then only the boundaries' own problems are listed,
    not a false "unknown area code" for every file."""
    codes: set[str] = set()
    paths = [data_dir / "areas.toml", *sorted((data_dir / "summaries").glob("*.toml"))]
    for path in paths:
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # load_figures reports it
        areas = table.get("areas")
        codes.update(areas if isinstance(areas, dict) else ())
        if isinstance(table.get("code"), str):
            codes.add(table["code"])
    return codes
