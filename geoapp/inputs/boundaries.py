"""Read the boundary manifest and the ONS layers it names, normalised once.

Normalised means: columns ``code``, ``name``, ``area_type``, ``geometry``; CRS WGS 84;
valid polygons with RFC 7946 winding (exterior rings counter-clockwise).
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geoapp.inputs.problems import DataError, Problem

WGS84 = "EPSG:4326"
LAYER_KEYS = ("file", "sha256", "code_field", "name_field", "area_type", "attribution")


@dataclass(frozen=True)
class Layer:
    """One boundary layer as the manifest describes it."""

    key: str
    file: str
    sha256: str
    code_field: str
    name_field: str
    area_type: str
    attribution: str
    dataset: str = ""
    publisher: str = ""
    vintage: str = ""
    only_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SetLayers:
    """What the manifest says of a set of areas: its title, the boundary layers its areas come
    from, and the layer that settles the borders between them."""

    key: str
    title: str
    layers: tuple[Layer, ...]
    #: The country whose land settles the slivers between the set's LEPs and nations.
    border_reference: Layer | None = None

    @property
    def attributions(self) -> tuple[str, ...]:
        """The distinct attribution lines of its layers, in manifest order."""
        return tuple(dict.fromkeys(layer.attribution for layer in self.layers))


@dataclass(frozen=True)
class Manifest:
    """The boundary manifest: every layer it names (the districts' too) and its area sets."""

    layers: dict[str, Layer]
    area_sets: dict[str, SetLayers]


def parse_manifest(path: Path) -> Manifest:
    """Return the manifest's layers and area sets. Raises DataError naming each fault."""
    try:
        manifest = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise DataError([Problem(str(path), "", f"cannot read the manifest: {error}")]) from None
    problems: list[Problem] = []
    layers = read_layers(path, tables(path, manifest, "layers", problems), problems)
    sets: dict[str, SetLayers] = {}
    for key, entry in tables(path, manifest, "area_sets", problems).items():
        area_set = read_area_set_entry(path, key, entry, layers, problems)
        if area_set is not None:
            sets[key] = area_set
    if problems:
        raise DataError(problems)
    return Manifest(layers, sets)


def read_manifest(path: Path) -> dict[str, SetLayers]:
    """Return the area sets the manifest defines. Raises DataError naming each fault."""
    return parse_manifest(path).area_sets


def tables(path: Path, manifest: dict, name: str, problems: list[Problem]) -> dict[str, dict]:
    """Return the ``[name.<key>]`` tables of the manifest; note any that is not a table."""
    found = manifest.get(name, {})
    if not isinstance(found, dict):
        problems.append(Problem(str(path), name, "must be a table of [" + name + ".<key>]"))
        return {}
    wrong = [key for key, entry in found.items() if not isinstance(entry, dict)]
    problems += [Problem(str(path), f"{name}.{key}", "must be a table") for key in wrong]
    return {key: entry for key, entry in found.items() if key not in wrong}


def read_layers(path: Path, entries: dict[str, dict], problems: list[Problem]):
    """Return the manifest's layers by key; note each missing field in ``problems``."""
    layers: dict[str, Layer] = {}
    for key, entry in entries.items():
        missing = [k for k in LAYER_KEYS if not isinstance(entry.get(k), str) or not entry[k]]
        only_codes = entry.get("only_codes", [])
        if not isinstance(only_codes, list) or not all(isinstance(c, str) for c in only_codes):
            problems.append(
                Problem(str(path), f"layers.{key}.only_codes", "must be a list of codes")
            )
            continue
        if missing:
            problems += [Problem(str(path), f"layers.{key}.{k}", "missing") for k in missing]
            continue
        fields = {k: v for k, v in entry.items() if k in Layer.__dataclass_fields__}
        fields["only_codes"] = tuple(only_codes)
        layers[key] = Layer(key=key, **fields)
    return layers


def read_area_set_entry(
    path: Path, key: str, entry: dict, layers: dict[str, Layer], problems: list[Problem]
) -> SetLayers | None:
    """Return one ``[area_sets.<key>]`` as SetLayers, or None after noting its faults."""
    where = f"area_sets.{key}"
    names = entry.get("layers")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        problems.append(Problem(str(path), f"{where}.layers", "must be a list of layer keys"))
        return None
    unknown = [name for name in names if name not in layers]
    for name in unknown:
        problems.append(Problem(str(path), f"{where}.layers", f"no layer {name!r}"))
    reference = entry.get("border_reference")
    if reference is not None and reference not in layers:
        problems.append(Problem(str(path), f"{where}.border_reference", f"no layer {reference!r}"))
        return None
    if unknown:
        return None
    return SetLayers(
        key=key,
        title=entry.get("title", key),
        layers=tuple(layers[name] for name in names),
        border_reference=layers.get(reference) if reference else None,
    )


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_problem(layer: Layer, folder: Path, digest: str | None) -> Problem | None:
    """Return the problem with a layer's file given its SHA-256 (None: no such file), or None."""
    path = folder / layer.file
    if digest is None:
        return Problem(
            str(path),
            "",
            f"boundary file for layer {layer.key!r} not found in {folder}; put the ONS file "
            "there or set GEOAPP_BOUNDARIES_DIR to the folder that holds it",
        )
    if digest != layer.sha256:
        return Problem(
            str(path),
            "sha256",
            f"checksum {digest} does not match the manifest's {layer.sha256}; if this is a "
            "deliberate update, put the new checksum in boundaries/manifest.toml",
        )
    return None


def read_frame(path: Path) -> gpd.GeoDataFrame:
    """Return the file's features as GDAL reads them, every field. Raises DataError."""
    source = f"zip://{path}" if path.suffix.lower() == ".zip" else str(path)
    try:
        return gpd.read_file(source)
    except Exception as error:  # pyogrio raises several types for unreadable files
        raise DataError([Problem(str(path), "", f"GDAL cannot read it: {error}")]) from None


def normalised_layer(layer: Layer, path: Path, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the layer's rows of the file's ``frame`` normalised (see the module docstring),
    as a new frame: ``frame`` is left as it was. Raises DataError."""
    missing = [f for f in (layer.code_field, layer.name_field) if f not in frame.columns]
    if missing:
        raise DataError(
            [Problem(str(path), f, "field not in the file; fix the manifest") for f in missing]
        )
    if frame.crs is None:
        raise DataError([Problem(str(path), "crs", "the file declares no coordinate system")])
    frame = frame.rename(columns={layer.code_field: "code", layer.name_field: "name"})
    if layer.only_codes:
        frame = frame[frame["code"].isin(layer.only_codes)]
    problems = row_problems(frame, layer, path)
    if problems:
        raise DataError(problems)
    frame = frame[["code", "name", "geometry"]].to_crs(WGS84)
    frame["area_type"] = layer.area_type
    frame["geometry"] = normalise_geometry(frame.geometry.values)
    return frame.reset_index(drop=True)


def row_problems(frame: gpd.GeoDataFrame, layer: Layer, path: Path) -> list[Problem]:
    """Return the problems of a layer's rows: no code or name, no shape, not an area."""
    problems = []
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        label = row.code if isinstance(row.code, str) and row.code else f"feature {number}"
        if label == f"feature {number}":
            problems.append(Problem(str(path), layer.code_field, f"missing on {label}"))
        if not isinstance(row.name, str) or not row.name.strip():
            problems.append(Problem(str(path), layer.name_field, f"missing on {label}"))
        if row.geometry is None or row.geometry.is_empty:
            problems.append(Problem(str(path), "geometry", f"no shape for {label}"))
        elif row.geometry.geom_type not in ("Polygon", "MultiPolygon"):
            kind = row.geometry.geom_type
            problems.append(Problem(str(path), "geometry", f"{label} is a {kind}, not an area"))
    return problems


def normalise_geometry(geometries):
    """Return the geometries valid and with RFC 7946 winding (exteriors counter-clockwise)."""
    geometries = shapely.make_valid(geometries)
    return shapely.orient_polygons(geometries, exterior_cw=False)


class BoundaryFiles:
    """The boundary manifest and the files it names, as one build reads them: the manifest
    parsed once, and each file hashed once and read by GDAL once, however many layers
    (the countries file holds two) and steps (the sets, the districts, the checks) use it.

    Make one per build and drop it with the build: it keeps nothing between builds, so a
    reload (a new BoundaryFiles) reads every file again and sees every change.
    """

    def __init__(self, manifest: Path, folder: Path):
        self.manifest_path = manifest
        self.folder = folder
        self._manifest: Manifest | DataError | None = None
        #: By path: the file's SHA-256, or None when there is no such file.
        self._digests: dict[Path, str | None] = {}
        #: By path: the file as GDAL read it (every field), or why it could not be read.
        self._frames: dict[Path, gpd.GeoDataFrame | DataError] = {}

    def manifest(self) -> Manifest:
        """Return the manifest, parsed on first use. Raises DataError naming each fault."""
        if self._manifest is None:
            try:
                self._manifest = parse_manifest(self.manifest_path)
            except DataError as error:
                self._manifest = error
        if isinstance(self._manifest, DataError):
            raise DataError(self._manifest.problems)
        return self._manifest

    def area_sets(self) -> dict[str, SetLayers]:
        """Return what the manifest says of each set of areas, by key. Raises DataError if
        the manifest is bad."""
        return self.manifest().area_sets

    def layer(self, key: str) -> Layer | None:
        """Return the manifest's layer ``key`` (None when absent). Raises DataError if the
        manifest is bad."""
        return self.manifest().layers.get(key)

    def digest(self, path: Path) -> str | None:
        """Return the SHA-256 of the file at ``path``, computed on first use; None if there
        is no such file."""
        if path not in self._digests:
            self._digests[path] = sha256_of(path) if path.is_file() else None
        return self._digests[path]

    def check(self, layer: Layer) -> Problem | None:
        """Return the problem with a layer's file (missing, or checksum mismatch), or None."""
        return file_problem(layer, self.folder, self.digest(self.folder / layer.file))

    def frame(self, path: Path) -> gpd.GeoDataFrame:
        """Return the file as GDAL reads it, read on first use. Raises DataError."""
        if path not in self._frames:
            try:
                self._frames[path] = read_frame(path)
            except DataError as error:
                self._frames[path] = error
        found = self._frames[path]
        if isinstance(found, DataError):
            raise DataError(found.problems)
        return found

    def read_layer(self, layer: Layer) -> gpd.GeoDataFrame:
        """Return one layer normalised (see the module docstring). Raises DataError."""
        problem = self.check(layer)
        if problem:
            raise DataError([problem])
        path = self.folder / layer.file
        return normalised_layer(layer, path, self.frame(path))

    def read_area_set(self, area_set: SetLayers) -> gpd.GeoDataFrame:
        """Return the areas of every layer in the set, one row per area, in code order.

        Raises DataError with every missing or mismatching file and duplicate code.
        """
        problems = [p for layer in area_set.layers if (p := self.check(layer))]
        if problems:
            raise DataError(problems)
        frames = []
        for layer in area_set.layers:
            try:
                frames.append(self.read_layer(layer))
            except DataError as error:  # go on, so every layer's faults are listed together
                problems += error.problems
        if problems:
            raise DataError(problems)
        areas = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=WGS84)
        duplicates = sorted(set(areas["code"][areas["code"].duplicated()]))
        if duplicates:
            raise DataError(
                [Problem(area_set.key, "code", f"duplicate code {c}") for c in duplicates]
            )
        return areas.sort_values("code", kind="stable").reset_index(drop=True)

    def read_border_reference(self, area_set: SetLayers) -> shapely.Geometry | None:
        """Return the set's border reference shape (all its rows merged), or None if it has
        none. Raises DataError."""
        if area_set.border_reference is None:
            return None
        return shapely.union_all(self.read_layer(area_set.border_reference).geometry.values)
