"""Postcode → point, from a compact index built once from the postcode CSVs.

The source (../shared/postcodes/*.csv, header ``Postcode,lat,long``, see its PROVENANCE.md)
is 67 MB of text. It is read once into three arrays saved with numpy in the cache folder,
then memory-mapped, so a server holds only the pages it touches:

* ``keys.npy``: one uint32 per postcode, sorted. A key is ``outward * 6760 + inward``,
  where ``outward`` is the position of the outward code ("SG1") in the sorted table of
  outward codes kept in ``index.json``, and ``inward`` the inward code ("1AA") read as
  digit × 676 + letter × 26 + letter.
* ``points.npy``: int32 (lat, lon) pairs in 1e-5 degrees, in key order. The source gives
  5 decimals (truncated), so this is exact. Postcodes without a location (an empty
  ``lat``; ``long`` is then ``0.00000``, which is also a real longitude) hold NO_LOCATION.
* ``index.json``: the outward table, counts, and the SHA-256 of the two arrays' files,
  checked each time the index is opened: a damaged index is rebuilt, never used.

Keys are stored without spaces: the source writes 7-character postcodes without one
(``CF101AA``), so input and file keys are both upper-cased and stripped of all spaces.
Northern Ireland (``BT``) postcodes are not in the source (their licence differs) and are
answered "Northern Ireland" from the prefix; a ``BT.csv`` in the folder is not read.

The index folder's name carries a fingerprint of the CSVs (names, sizes, modification
times) and the format version; a changed source builds a new index at the next start-up.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geoapp.inputs.problems import DataError, Problem

log = logging.getLogger(__name__)

FORMAT_VERSION = 2
HEADER = ["Postcode", "lat", "long"]
#: Inward codes: a digit then two letters.
INWARD_CODES = 10 * 26 * 26
#: Marks a postcode the source lists without a location.
NO_LOCATION = np.iinfo(np.int32).min
SCALE = 100_000
#: The index's arrays, each checked against its SHA-256 in index.json when opened.
ARRAY_FILES = ("keys.npy", "points.npy")
#: A full postcode, spaces removed: outward code then inward code. GIR 0AA and the
#: legacy Newport "NPT" postcodes are in the source too.
POSTCODE = re.compile(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR|NPT)[0-9][A-Z]{2}$")
#: The start of a postcode: what someone may have typed so far.
PARTIAL_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?(?:[0-9][A-Z]?)?$")
NORTHERN_IRELAND_PREFIX = "BT"
#: ONS requires all three wherever the postcode data are used (the year is the edition's).
ATTRIBUTION = (
    "Postcode locations: Source: Office for National Statistics licensed under the Open "
    "Government Licence v.3.0",
    "Contains OS data © Crown copyright and database right 2025",
    "Contains Royal Mail data © Royal Mail copyright and database right 2025",
)

FOUND = "found"
NO_LOCATION_STATUS = "no location"
UNKNOWN = "unknown"
INCOMPLETE = "incomplete"
INVALID = "invalid"
NORTHERN_IRELAND = "northern ireland"
UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class PostcodeAnswer:
    """What is known of one postcode: a status, the postcode tidied, and its point if any."""

    status: str
    postcode: str
    lat: float | None = None
    lon: float | None = None


def normalise(text: str) -> str:
    """Return ``text`` upper-cased without any whitespace: " sg1  1aa " → "SG11AA"."""
    return "".join(text.split()).upper()


def format_postcode(key: str) -> str:
    """Return a normalised postcode with its one space: "SG11AA" → "SG1 1AA"."""
    return f"{key[:-3]} {key[-3:]}"


def inward_number(inward: str) -> int:
    """Return the number of an inward code: "1AA" → 676."""
    return (int(inward[0]) * 26 + ord(inward[1]) - 65) * 26 + ord(inward[2]) - 65


def classify(text: str) -> tuple[str, str]:
    """Return (status, tidied postcode) for what the format alone tells.

    The status is INVALID, INCOMPLETE, NORTHERN_IRELAND, or FOUND meaning "look it up".
    """
    key = normalise(text)
    if POSTCODE.match(key):
        status = NORTHERN_IRELAND if key.startswith(NORTHERN_IRELAND_PREFIX) else FOUND
        return status, format_postcode(key)
    if PARTIAL_POSTCODE.match(key):
        return INCOMPLETE, key
    return INVALID, " ".join(text.split())


class PostcodeIndex:
    """Sorted postcode keys and their points; look-ups by binary search."""

    def __init__(self, keys: np.ndarray, points: np.ndarray, outward: list[str], info: dict):
        self._keys = keys
        self._points = points
        self._outward = {code: position for position, code in enumerate(outward)}
        self.info = info

    def __len__(self) -> int:
        return len(self._keys)

    def contents(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Return (outward codes, sorted keys, points): the whole index, for an export."""
        outward = sorted(self._outward, key=self._outward.__getitem__)
        return outward, np.asarray(self._keys), np.asarray(self._points)

    def lookup(self, text: str) -> PostcodeAnswer:
        """Return what is known of the postcode in ``text`` (any case and spacing)."""
        status, postcode = classify(text)
        if status != FOUND:
            return PostcodeAnswer(status, postcode)
        outward, inward = postcode.split(" ")
        position = self._outward.get(outward)
        if position is None:
            return PostcodeAnswer(UNKNOWN, postcode)
        # A numpy scalar of the keys' own type: a Python int would make numpy convert
        # (copy) the whole memory-mapped array before searching it.
        key = np.uint32(position * INWARD_CODES + inward_number(inward))
        index = int(np.searchsorted(self._keys, key))
        if index == len(self._keys) or self._keys[index] != key:
            return PostcodeAnswer(UNKNOWN, postcode)
        lat, lon = (int(v) for v in self._points[index])
        if lat == NO_LOCATION:
            return PostcodeAnswer(NO_LOCATION_STATUS, postcode)
        return PostcodeAnswer(FOUND, postcode, lat / SCALE, lon / SCALE)


def source_files(folder: Path) -> list[Path]:
    """Return the postcode CSVs in ``folder``, sorted; Northern Ireland's is left out."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.csv") if p.name.upper() != "BT.CSV")


def fingerprint(files: list[Path]) -> str:
    """Return a short hash of the files' names, sizes and modification times."""
    digest = hashlib.sha256(f"format {FORMAT_VERSION}".encode())
    for path in files:
        stat = path.stat()
        digest.update(f"\n{path.name} {stat.st_size} {stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def read_csv(path: Path) -> pd.DataFrame:
    """Return one CSV's rows as Postcode (text), lat and long (floats). Raises DataError."""
    try:
        frame = pd.read_csv(
            path, dtype={"Postcode": object, "lat": "float64", "long": "float64"}, engine="c"
        )
    except (OSError, ValueError, pd.errors.ParserError) as error:
        raise DataError([Problem(str(path), "", f"cannot read it: {error}")]) from None
    if list(frame.columns) != HEADER:
        found = ",".join(map(str, frame.columns))
        raise DataError([Problem(str(path), "header", f"expected Postcode,lat,long, not {found}")])
    return frame


def split_postcodes(postcodes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (outward codes packed in uint32, inward numbers, mask of real postcodes).

    Vectorised over bytes: spaces anywhere and lower case are allowed, as in normalise().
    """
    try:
        raw = np.asarray(postcodes, dtype="S9")
    except UnicodeEncodeError:  # not a postcode anyway: keep it, as "?", to be skipped
        raw = np.asarray([str(p).encode("ascii", "replace") for p in postcodes], dtype="S9")
    chars = raw.view(np.uint8).reshape(len(raw), 9).copy()
    chars[(chars >= ord("a")) & (chars <= ord("z"))] -= 32
    blank = (chars == ord(" ")) | (chars == 0)
    # Move spaces to the end of each row, keeping the order of everything else.
    chars = np.take_along_axis(chars, np.argsort(blank, axis=1, kind="stable"), axis=1)
    chars[np.sort(blank, axis=1)] = 0
    length = (chars != 0).sum(axis=1)
    rows = np.arange(len(chars))
    tail = np.clip(length - 3, 0, 6)
    digit = chars[rows, tail].astype(np.int32) - ord("0")
    letter1 = chars[rows, tail + 1].astype(np.int32) - ord("A")
    letter2 = chars[rows, tail + 2].astype(np.int32) - ord("A")
    outward = chars[:, :4].copy()
    outward[np.arange(4)[None, :] >= tail[:, None]] = 0
    alnum = (outward == 0) | ((outward >= ord("0")) & (outward <= ord("9")))
    alnum |= (outward >= ord("A")) & (outward <= ord("Z"))
    valid = (length >= 5) & (length <= 7) & alnum.all(axis=1)
    valid &= (digit >= 0) & (digit <= 9) & (letter1 >= 0) & (letter1 < 26)
    valid &= (letter2 >= 0) & (letter2 < 26)
    inward = np.where(valid, (digit * 26 + letter1) * 26 + letter2, 0).astype(np.int32)
    return outward.view(np.uint32).ravel(), inward, valid


def scaled(values: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """Return degrees as int32 1e-5 degrees, NO_LOCATION where ``missing``."""
    whole = np.round(np.nan_to_num(values) * SCALE).astype(np.int32)
    return np.where(missing, NO_LOCATION, whole).astype(np.int32)


def read_compact(path: Path) -> tuple[np.ndarray, ...]:
    """Return one CSV as arrays (outward, inward, valid, points): about 17 bytes a row,
    so the whole source never sits in memory as text. Raises DataError."""
    frame = read_csv(path)
    outward, inward, valid = split_postcodes(frame["Postcode"].to_numpy(dtype=object))
    lat, lon = frame["lat"].to_numpy(), frame["long"].to_numpy()
    missing = np.isnan(lat)
    points = np.column_stack([scaled(lat, missing), scaled(lon, missing)])
    return outward, inward, valid, points


def read_sources(files: list[Path]) -> tuple[list[str], np.ndarray, np.ndarray, dict]:
    """Return (outward table, sorted keys, points, counts) read from the CSVs."""
    parts = list(zip(*(read_compact(path) for path in files), strict=True))
    outward, inward, valid, points = (np.concatenate(part) for part in parts)
    table, position = np.unique(outward[valid], return_inverse=True)
    names = [t.tobytes().rstrip(b"\0").decode("ascii") for t in table.view(np.uint8).reshape(-1, 4)]
    keys = (position.astype(np.int64) * INWARD_CODES + inward[valid]).astype(np.uint32)
    points = points[valid]
    order = np.argsort(keys, kind="stable")
    keys, points = keys[order], points[order]
    first = np.concatenate([[True], keys[1:] != keys[:-1]])
    counts = {
        "rows": len(valid),
        "skipped_not_postcodes": int((~valid).sum()),
        "skipped_duplicates": int((~first).sum()),
    }
    keys, points = keys[first], np.ascontiguousarray(points[first])
    counts["postcodes"] = len(keys)
    counts["without_location"] = int((points[:, 0] == NO_LOCATION).sum())
    return names, keys, points, counts


def build_index(files: list[Path], target: Path) -> dict:
    """Build the index of ``files`` into the folder ``target`` (created); return its info.

    Written to a temporary folder first and renamed, so a reader never sees half an
    index, and two processes building at once both end up with a whole one.
    """
    started = time.perf_counter()
    outward, keys, points, counts = read_sources(files)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        np.save(building / "keys.npy", keys)
        np.save(building / "points.npy", points)
        info = {
            "format": FORMAT_VERSION,
            "sha256": {name: file_sha256(building / name) for name in ARRAY_FILES},
            "files": len(files),
            **counts,
            "bytes": sum(p.stat().st_size for p in building.iterdir()),
            "build_seconds": round(time.perf_counter() - started, 2),
            "outward": outward,
        }
        (building / "index.json").write_text(json.dumps(info), encoding="utf-8")
        try:
            os.rename(building, target)
        except OSError:
            if not target.is_dir():
                raise
            replace_unless_whole(target, building)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return info


def replace_unless_whole(target: Path, built: Path) -> None:
    """Put the folder ``built`` in place of ``target``, unless ``target`` is by now a whole
    index (another process built the same one meanwhile): a damaged one is replaced."""
    try:
        open_index(target)
        return
    except (OSError, ValueError):
        pass
    damaged = target.with_name(f".damaged-{target.name}-{os.getpid()}")
    os.rename(target, damaged)
    try:
        os.rename(built, target)
    finally:
        shutil.rmtree(damaged, ignore_errors=True)


def file_sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def open_index(folder: Path) -> PostcodeIndex:
    """Return the index in ``folder``, memory-mapped, after checking its files' checksums.

    Raises OSError (missing or unreadable) or ValueError (damaged, or another format).
    """
    info = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    expected = info.get("sha256") if isinstance(info, dict) else None
    if not isinstance(expected, dict):
        raise ValueError(f"{folder} is not a postcode index of format {FORMAT_VERSION}")
    for name in ARRAY_FILES:
        if file_sha256(folder / name) != expected.get(name):
            raise ValueError(f"{folder / name} does not match its checksum")
    keys = np.load(folder / "keys.npy", mmap_mode="r")
    points = np.load(folder / "points.npy", mmap_mode="r")
    if keys.dtype != np.uint32 or points.shape != (len(keys), 2):
        raise ValueError(f"{folder} is not a postcode index of format {FORMAT_VERSION}")
    return PostcodeIndex(keys, points, info.pop("outward"), info)


def remove_stale(cache_dir: Path, keep: Path) -> None:
    """Delete older postcode indexes (other fingerprints) from the cache folder."""
    for old in cache_dir.glob("postcodes-*"):
        if old != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def load_postcode_index(
    postcodes_dir: Path, cache_dir: Path, last_good: PostcodeIndex | None = None
) -> PostcodeIndex | None:
    """Return the postcode index, building it first if the CSVs changed since the last build
    or the index on disk is damaged.

    When ``postcodes_dir`` holds no CSVs, returns ``last_good`` (the index a running server
    already has, kept across a reload, with a warning), or None: postcode search off.
    Raises DataError if a CSV cannot be read. A cache folder that cannot be written costs
    only memory: the index is then built and held in memory.
    """
    files = source_files(postcodes_dir)
    if not files and last_good is not None:
        log.warning(
            "no postcode CSVs in %s: keeping the postcode index already loaded "
            "(%d postcodes); postcode search stays on",
            postcodes_dir,
            len(last_good),
        )
        return last_good
    if not files:
        log.warning("no postcode CSVs in %s: postcode search is off", postcodes_dir)
        return None
    folder = cache_dir / f"postcodes-v{FORMAT_VERSION}-{fingerprint(files)}"
    try:
        return open_index(folder)
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as error:
        log.warning("the postcode index is damaged (%s): rebuilding it", error)
    log.warning("building the postcode index from %s (once; it takes a few seconds)", postcodes_dir)
    try:
        info = build_index(files, folder)
    except OSError as error:
        log.warning(
            "cannot write the postcode index to %s (%s); holding it in memory", folder, error
        )
        outward, keys, points, counts = read_sources(files)
        return PostcodeIndex(keys, points, outward, counts)
    remove_stale(cache_dir, folder)
    log.warning("postcode index built in %.1f s: %s", info["build_seconds"], folder)
    return open_index(folder)
