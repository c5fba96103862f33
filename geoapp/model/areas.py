"""The one data shape: each area of a set joined with what is known of its summary page.

The map, the panel, the area pages, the downloads and the API all read these records,
so their numbers cannot drift apart.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely

from geoapp.geometry.lookup import PointLookup
from geoapp.geometry.prepare import REPAIR_RULE, repair_borders
from geoapp.inputs.boundaries import AreaSet, read_area_set, read_border_reference, read_manifest
from geoapp.inputs.diskcache import cache_key, cached_text, shapes_digest
from geoapp.inputs.figures import FIGURE_FIELDS, Amount, Figures, Publication, Summary, load_figures
from geoapp.inputs.problems import DataError, Problem

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


class Atlas:
    """All areas of one set, in code order, with the publication they come from.

    Built once at start-up and never changed, so it can be shared between requests.
    """

    def __init__(
        self,
        area_set: AreaSet,
        publication: Publication,
        areas,
        version: str,
        prepared_shapes: dict[str, shapely.Geometry] | None = None,
    ):
        self.area_set = area_set
        #: The summaries' publication; None for a set that has no summaries (2021 LEPs).
        self.publication = publication
        self.areas: tuple[Area, ...] = tuple(areas)
        self.version = version
        #: Full-detail shapes with the borders between layers mended (see prepare.py): what
        #: the point lookup and the map use. Downloads keep each area's ONS ``geometry``.
        self.prepared_shapes = prepared_shapes or {a.code: a.geometry for a in self.areas}
        self._by_code = {area.code: area for area in self.areas}
        self._lookup = PointLookup([self.prepared_shapes[a.code] for a in self.areas])
        self._more_records: dict[str, dict] = {}
        self._more_attributions: tuple[str, ...] = ()

    def add_records(self, records: dict[str, dict], attribution: str) -> None:
        """Add fields to each area's record (the ONS statistics), and their attribution.

        Called once while the site is built, before any request is served.
        """
        self._more_records = {**self._more_records, **records}
        self._more_attributions = (*self._more_attributions, attribution)

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

    @property
    def attributions(self) -> tuple[str, ...]:
        """Every attribution line the areas need: boundaries, summaries, then statistics."""
        summaries = (self.publication.attribution,) if self.publication else ()
        return (*self.area_set.attributions, *summaries, *self._more_attributions)

    def properties(self, area: Area) -> dict:
        """Return the area's record (see area_properties), with any added fields."""
        return {**area_properties(area, self.publication), **self._more_records.get(area.code, {})}


def amount_record(amount: Amount | None) -> dict:
    return {} if amount is None else {"amount_text": amount.text, "amount_gbp": amount.gbp}


def area_properties(area: Area, publication: Publication | None) -> dict:
    """Return the area's record as plain JSON-ready data; unknown figures are left out.

    This is the shape documented in data/README.md and used by every output. Without a
    publication (a set that has no summaries) it is just the area's identity.
    """
    identity = {"code": area.code, "name": area.name, "area_type": area.area_type}
    if publication is None:
        return identity
    record = {
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


def data_version(area_set: AreaSet, data_dir: Path) -> str:
    """Return a short hash of the inputs: boundary checksums and every data file's bytes."""
    digest = hashlib.sha256()
    for layer in area_set.layers:
        digest.update(layer.sha256.encode())
    for path in sorted([*data_dir.rglob("*.toml"), *data_dir.rglob("*.csv")]):
        digest.update(path.relative_to(data_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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


def manifest_area_set(manifest: Path, set_key: str) -> AreaSet:
    """Return the manifest's area set ``set_key``. Raises DataError if it has none."""
    sets = read_manifest(manifest)
    if set_key not in sets:
        reason = f"no [area_sets.{set_key}]; the app needs it (sets: {', '.join(sets) or 'none'})"
        raise DataError([Problem(str(manifest), f"area_sets.{set_key}", reason)])
    return sets[set_key]


def load_plain_atlas(manifest: Path, boundaries_dir: Path, set_key: str, version: str) -> Atlas:
    """Read one area set that has no summaries (the 2021 LEPs). Raises DataError."""
    area_set = manifest_area_set(manifest, set_key)
    frame = read_area_set(area_set, boundaries_dir)
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
    return Atlas(area_set=area_set, publication=None, areas=areas, version=version)


def load_atlas(
    manifest: Path,
    boundaries_dir: Path,
    data_dir: Path,
    set_key: str,
    cache_dir: Path | None = None,
) -> Atlas:
    """Read, validate and join one area set. Raises DataError listing every problem."""
    area_set = manifest_area_set(manifest, set_key)
    frame = read_area_set(area_set, boundaries_dir)
    figures = load_figures(data_dir, set(frame["code"]))
    areas = join_areas(frame, figures)
    reference = read_border_reference(area_set, boundaries_dir)
    return Atlas(
        area_set=area_set,
        publication=figures.publication,
        areas=areas,
        version=data_version(area_set, data_dir),
        prepared_shapes=mended_shapes(areas, reference, cache_dir),
    )
