"""The sets of areas: each area of a set joined with what is known of its summary page.

The map, the panel, the area pages, the downloads and the API all read these records,
so their numbers cannot drift apart.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.strtree import STRtree

from geoapp.geometry.lookup import PointLookup
from geoapp.geometry.prepare import REPAIR_RULE, repair_borders
from geoapp.inputs.boundaries import BoundaryFiles, SetLayers
from geoapp.inputs.datafiles import DataFiles
from geoapp.inputs.diskcache import cache_key, cached_text, shapes_digest
from geoapp.inputs.figures import FIGURE_FIELDS, Amount, Figures, Publication, Summary, load_figures
from geoapp.inputs.problems import DataError, Problem
from geoapp.model.record import Record, leading_types, required_fields, table_columns

AREA_TYPE_LABELS = {"LEP": "Local Enterprise Partnership", "nation": "Nation"}


@dataclass(frozen=True)
class Area:
    """One area of the summaries: its identity, its shape (full detail, WGS 84) and figures."""

    code: str
    name: str
    area_type: str
    lis_wave: str
    summary: Summary | None
    geometry: shapely.Geometry

    @property
    def type_label(self) -> str:
        return AREA_TYPE_LABELS.get(self.area_type, self.area_type)

    @property
    def slug(self) -> str:
        """A readable alias of the name: "Stoke-on-Trent and Staffordshire" → "stoke-on-trent-…"."""
        ascii_name = unicodedata.normalize("NFKD", self.name).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


@dataclass(frozen=True)
class Provenance:
    """What travels with a set of areas in every file and API answer: where its records
    come from, under which licence, with which attribution lines, and the data version."""

    licence: str
    licence_url: str
    source: dict
    attributions: tuple[str, ...]
    version: str

    def members(self) -> dict:
        """Return the foreign members that carry attribution, licence and source in a file."""
        return {
            "attribution": list(self.attributions),
            "licence": {"name": self.licence, "url": self.licence_url},
            "source": self.source,
            "data_version": self.version,
        }


@dataclass(frozen=True, eq=False)
class AreaSet:
    """A set of areas: the areas of one date in code order, each with its record, built
    once at start-up and never changed, so it is shared by every request and output.

    Two sets are published: the 41 areas of the December 2018 summaries (``SUMMARIES``) and
    the 38 LEPs of April 2021 with ONS statistics (``LEPS_2021``).
    """

    #: The manifest's key (``SUMMARIES``, ``LEPS_2021``), and the set's public name: the OGC
    #: collection id and the stem of its download URLs ("areas" predates the second set).
    key: str
    collection_id: str
    #: What the manifest says of it: title and boundary layers.
    layers: SetLayers
    areas: tuple[Area, ...]
    #: Each area's record by code (geoapp/model/record.py).
    records: Mapping[str, Record]
    #: The summaries' publication; None for a set that has no summaries (2021 LEPs).
    publication: Publication | None
    #: Licence, source, attribution lines and data version, as every output carries them.
    provenance: Provenance
    #: Full-detail shapes with the borders between layers mended (see geometry/prepare.py):
    #: what the point lookup and the map use. Downloads keep each area's ONS ``geometry``.
    prepared_shapes: Mapping[str, shapely.Geometry]
    #: What the set holds, where from, and its caveats; the OGC collection's description.
    description: str
    #: What a field that is null in the API means.
    null_meaning: str
    #: Saved file names: the stem for each area's file, and the whole set's name.
    file_stem: str
    set_file_name: str
    #: Record fields shown, with their headings, in the HTML list of features.
    list_columns: tuple[tuple[str, str], ...]
    #: A few words on the values, after the HTML list's count.
    list_note: str
    #: An STRtree over each area's ONS ``geometry``, in area order, built once: the OGC
    #: API's bbox queries and search's nearest area use it.
    shape_tree: STRtree = field(init=False, repr=False)
    _by_code: dict[str, Area] = field(init=False, repr=False)
    _lookup: PointLookup = field(init=False, repr=False)

    def __post_init__(self):
        # Derived once from the fields above; frozen, so set through object.__setattr__.
        object.__setattr__(self, "_by_code", {area.code: area for area in self.areas})
        ons_shapes = [area.geometry for area in self.areas]
        object.__setattr__(self, "shape_tree", STRtree(ons_shapes))
        shapes = [self.prepared_shapes[area.code] for area in self.areas]
        # Where nothing was mended (the 2021 LEPs) the lookup's shapes are the very same
        # objects, so it shares the tree; mended shapes get a tree of their own.
        same = all(p is s for p, s in zip(shapes, ons_shapes, strict=True))
        object.__setattr__(self, "_lookup", PointLookup(shapes, self.shape_tree if same else None))

    @property
    def title(self) -> str:
        return self.layers.title

    @property
    def version(self) -> str:
        return self.provenance.version

    @property
    def attributions(self) -> tuple[str, ...]:
        """Every attribution line the areas need: boundaries, summaries, then statistics."""
        return self.provenance.attributions

    @property
    def has_summaries(self) -> bool:
        """Whether its records hold the summaries' fields (and so list investments)."""
        return self.publication is not None

    @property
    def property_types(self) -> dict[str, str]:
        """The fields every API feature leads with, in order, with their JSON types."""
        return leading_types(self.key)

    @property
    def required(self) -> tuple[str, ...]:
        """The fields every record of the set has."""
        return required_fields(self.key)

    @property
    def table_columns(self) -> dict[str, str]:
        """The set's CSV table: column → record field (see geoapp.outputs.tables)."""
        return table_columns(self.key)

    def coverage(self) -> dict[str, int]:
        """Return how many areas have their summary page held in full, in part or not at all
        (``complete``, ``partial``, ``not available``): pages say this, never a fixed count."""
        counts = {"complete": 0, "partial": 0, "not available": 0}
        for area in self.areas:
            counts[area.summary.status if area.summary else "not available"] += 1
        return counts

    def get(self, code: str) -> Area | None:
        """Return the area with this ONS code, or None."""
        return self._by_code.get(code)

    def areas_at(self, lon: float, lat: float) -> list[Area]:
        """Return every area containing the point (two where LEPs overlapped)."""
        return [self.areas[i] for i in self._lookup.indexes_at(lon, lat)]

    def record(self, area: Area) -> Record:
        """Return the area's record, built once (see geoapp/model/record.py)."""
        return self.records[area.code]


def amount_record(amount: Amount | None) -> dict:
    return {} if amount is None else {"amount_text": amount.text, "amount_gbp": amount.gbp}


def summary_record(area: Area, publication: Publication | None) -> dict:
    """Return the area's record as plain JSON-ready data; unknown figures are left out.

    This is the shape documented in data/README.md and used by every output. Without a
    publication (a set that has no summaries) it is just the area's identity.
    """
    identity = {"code": area.code, "name": area.name, "area_type": area.area_type}
    if publication is None:
        return identity
    record: dict[str, Any] = {
        **identity,
        "lis_wave": area.lis_wave,
        "summary_status": area.summary.status if area.summary else "not available",
        "period": publication.period,
    }
    summary = area.summary
    if summary is None:
        return record
    record.update(
        {name: summary.figures[name] for name in FIGURE_FIELDS if name in summary.figures}
    )
    record["investments"] = [
        {"funds": i.funds, **amount_record(i.amount)} for i in summary.investments
    ]
    if summary.case_study:
        study = summary.case_study
        record["case_study"] = {
            "name": study.name,
            "place": study.place,
            "description": study.description,
            **amount_record(study.amount),
        }
    if summary.lis_line:
        record["lis_line"] = summary.lis_line
    if summary.note:
        record["summary_note"] = summary.note
    record["source"] = {
        "title": summary.source.title,
        "publisher": summary.source.publisher,
        "published": summary.source.published.isoformat(),
        "urls": list(summary.source.urls),
    }
    if summary.provenance:
        made = summary.provenance
        record["provenance"] = {
            "file": made.file,
            "sha256": made.sha256,
            "read": made.read.isoformat(),
            "status": made.status,
        }
    return record


def join_areas(frame: gpd.GeoDataFrame, figures: Figures) -> tuple[Area, ...]:
    """Return one Area per boundary row, joined to the figures on the ONS code."""
    return tuple(
        Area(
            code=row.code,
            name=row.name,
            area_type=row.area_type,
            lis_wave=figures.lis_waves.get(row.code, ""),
            summary=figures.summaries.get(row.code),
            geometry=row.geometry,
        )
        for row in frame.itertuples(index=False)
    )


def mended_shapes(
    areas: tuple[Area, ...], reference, cache_dir: Path | None = None
) -> dict[str, shapely.Geometry]:
    """Return every area's shape, nations mended against the LEPs along ``reference``.

    Cached in ``cache_dir`` by the input shapes and the repair's rule (a second to compute).
    """
    shapes = {area.code: area.geometry for area in areas}
    if reference is None:
        return shapes

    def mend() -> str:
        leps = {a.code: a.geometry for a in areas if a.area_type == "LEP"}
        nations = {a.code: a.geometry for a in areas if a.area_type == "nation"}
        mended = {**shapes, **repair_borders(leps, nations, reference)}
        return json.dumps({code: shapely.to_wkb(shape, hex=True) for code, shape in mended.items()})

    key = cache_key(shapes_digest(shapes), shapes_digest({"": reference}), REPAIR_RULE)
    stored = json.loads(cached_text(cache_dir, "mended-shapes", key, mend))
    return {code: shapely.from_wkb(stored[code]) for code in shapes}


def manifest_area_set(files: BoundaryFiles, set_key: str) -> SetLayers:
    """Return the manifest's area set ``set_key``. Raises DataError if it has none."""
    sets = files.area_sets()
    if set_key not in sets:
        reason = f"no [area_sets.{set_key}]; the app needs it (sets: {', '.join(sets) or 'none'})"
        raise DataError([Problem(str(files.manifest_path), f"area_sets.{set_key}", reason)])
    return sets[set_key]


@dataclass(frozen=True)
class JoinedAreas:
    """The areas of one set as read from the boundaries and joined to the figures: what
    an AreaSet is built from (geoapp/model/sets.py), before the records are made."""

    layers: SetLayers
    areas: tuple[Area, ...]
    #: The summaries' publication; None for a set without summaries.
    publication: Publication | None
    prepared_shapes: dict[str, shapely.Geometry]


def read_plain_areas(files: BoundaryFiles, set_key: str) -> JoinedAreas:
    """Read one area set that has no summaries (the 2021 LEPs). Raises DataError."""
    layers = manifest_area_set(files, set_key)
    frame = files.read_area_set(layers)
    areas = tuple(
        Area(
            code=row.code,
            name=row.name,
            area_type=row.area_type,
            lis_wave="",
            summary=None,
            geometry=row.geometry,
        )
        for row in frame.itertuples(index=False)
    )
    return JoinedAreas(layers, areas, None, {area.code: area.geometry for area in areas})


def read_summary_areas(
    files: BoundaryFiles,
    data: DataFiles,
    set_key: str,
    cache_dir: Path | None = None,
) -> tuple[JoinedAreas, str]:
    """Read, validate and join the summaries' areas; return them and the data version (a
    hash of the boundaries and of every data file, from the bytes the figures were read
    from). Raises DataError listing every problem."""
    layers = manifest_area_set(files, set_key)
    frame = files.read_area_set(layers)
    figures = load_figures(data.folder, set(frame["code"]), data)
    areas = join_areas(frame, figures)
    reference = files.read_border_reference(layers)
    joined = JoinedAreas(
        layers, areas, figures.publication, mended_shapes(areas, reference, cache_dir)
    )
    return joined, data.version(layer.sha256 for layer in layers.layers)
