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

from geoapp.problems import DataError, Problem

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
class AreaSet:
    """A named set of areas built from one or more layers."""

    key: str
    title: str
    layers: tuple[Layer, ...]
    #: The country whose land settles the slivers between the set's LEPs and nations.
    border_reference: Layer | None = None

    @property
    def attributions(self) -> tuple[str, ...]:
        """The distinct attribution lines of its layers, in manifest order."""
        return tuple(dict.fromkeys(layer.attribution for layer in self.layers))


def read_manifest(path: Path) -> dict[str, AreaSet]:
    """Return the area sets the manifest defines. Raises DataError naming each fault."""
    try:
        manifest = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DataError([Problem(str(path), "", f"cannot read the manifest: {error}")]) from None
    problems: list[Problem] = []
    layers: dict[str, Layer] = {}
    for key, entry in manifest.get("layers", {}).items():
        missing = [k for k in LAYER_KEYS if not isinstance(entry.get(k), str) or not entry[k]]
        if missing:
            problems += [Problem(str(path), f"layers.{key}.{k}", "missing") for k in missing]
            continue
        fields = {k: v for k, v in entry.items() if k in Layer.__dataclass_fields__}
        fields["only_codes"] = tuple(entry.get("only_codes", ()))
        layers[key] = Layer(key=key, **fields)
    sets: dict[str, AreaSet] = {}
    for key, entry in manifest.get("area_sets", {}).items():
        unknown = [name for name in entry.get("layers", []) if name not in layers]
        for name in unknown:
            problems.append(Problem(str(path), f"area_sets.{key}.layers", f"no layer {name!r}"))
        reference = entry.get("border_reference")
        if reference is not None and reference not in layers:
            problems.append(
                Problem(str(path), f"area_sets.{key}.border_reference", f"no layer {reference!r}")
            )
        elif not unknown:
            chosen = tuple(layers[name] for name in entry["layers"])
            sets[key] = AreaSet(
                key=key,
                title=entry.get("title", key),
                layers=chosen,
                border_reference=layers.get(reference) if reference else None,
            )
    if problems:
        raise DataError(problems)
    return sets


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_layer_file(layer: Layer, folder: Path) -> Problem | None:
    """Return the problem with a layer's file (missing, or checksum mismatch), or None."""
    path = folder / layer.file
    if not path.is_file():
        return Problem(
            str(path),
            "",
            f"boundary file for layer {layer.key!r} not found in {folder}; put the ONS file "
            "there or set GEOAPP_BOUNDARIES_DIR to the folder that holds it",
        )
    actual = sha256_of(path)
    if actual != layer.sha256:
        return Problem(
            str(path),
            "sha256",
            f"checksum {actual} does not match the manifest's {layer.sha256}; if this is a "
            "deliberate update, put the new checksum in boundaries/manifest.toml",
        )
    return None


def read_layer(layer: Layer, folder: Path) -> gpd.GeoDataFrame:
    """Return one layer normalised (see the module docstring). Raises DataError."""
    path = folder / layer.file
    problem = check_layer_file(layer, folder)
    if problem:
        raise DataError([problem])
    source = f"zip://{path}" if path.suffix.lower() == ".zip" else str(path)
    try:
        frame = gpd.read_file(source)
    except Exception as error:  # pyogrio raises several types for unreadable files
        raise DataError([Problem(str(path), "", f"GDAL cannot read it: {error}")]) from None
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
    frame = frame[["code", "name", "geometry"]].to_crs(WGS84)
    frame["area_type"] = layer.area_type
    frame["geometry"] = normalise_geometry(frame.geometry.values)
    return frame.reset_index(drop=True)


def normalise_geometry(geometries):
    """Return the geometries valid and with RFC 7946 winding (exteriors counter-clockwise)."""
    geometries = shapely.make_valid(geometries)
    return shapely.orient_polygons(geometries, exterior_cw=False)


def read_border_reference(area_set: AreaSet, folder: Path) -> shapely.Geometry | None:
    """Return the set's border reference shape (all its rows merged), or None if it has none."""
    if area_set.border_reference is None:
        return None
    return shapely.union_all(read_layer(area_set.border_reference, folder).geometry.values)


def read_area_set(area_set: AreaSet, folder: Path) -> gpd.GeoDataFrame:
    """Return the areas of every layer in the set, one row per area, in code order.

    Raises DataError with every missing or mismatching file and duplicate code.
    """
    problems = [p for layer in area_set.layers if (p := check_layer_file(layer, folder))]
    if problems:
        raise DataError(problems)
    frames = [read_layer(layer, folder) for layer in area_set.layers]
    areas = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=WGS84)
    duplicates = sorted(set(areas["code"][areas["code"].duplicated()]))
    if duplicates:
        raise DataError([Problem(area_set.key, "code", f"duplicate code {c}") for c in duplicates])
    return areas.sort_values("code", kind="stable").reset_index(drop=True)
