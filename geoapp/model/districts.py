"""Which 2018 summary area(s) each local authority district lies in, computed from geometry.

The rule, measured on the December 2017 districts against the April 2017 LEPs (areas in
EPSG:27700, see ../shared/boundaries/PROVENANCE.md):

* An English district belongs to every LEP holding at least ``MIN_SHARE`` (5 %) of its
  area. The two layers were generalised separately, so a district spills over its LEP's
  edge by line-generalisation slivers of up to 3.8 % (Epsom and Ewell in London); 5 % is
  just above that noise.
* That gives 295 districts in one LEP and 31 in two: the 31 overlap districts, which lie
  ≥ 95 % (``WHOLE_SHARE``) in each of their two LEPs, plus three Hampshire districts
  that Enterprise M3 and Solent really did split: Winchester (EM3 81 %, Solent 19 %),
  Test Valley (90 % / 10 %) and New Forest (94 % / 5.5 %). Those three count as *split*,
  not overlapping: each LEP held only part of them.
* Known limit: East Hampshire was split too, but its 3.7 % in Solent cannot be told apart
  from a sliver, so it counts as Enterprise M3 only. Isles of Scilly lies 89 % in
  Cornwall and Isles of Scilly (the small islands were generalised differently) and
  counts as in it, as does any district that no LEP holds 5 % of (its largest share wins).
* Scottish, Welsh and Northern Irish districts belong to their nation, by the first
  letter of their GSS code (S, W, N): exact, with no geometry needed.

Computing the shares takes about half a second, so the result is cached as JSON in the
cache folder, keyed by the SHA-256 of the three boundary layers and this rule.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.strtree import STRtree

from geoapp.inputs.boundaries import BoundaryFiles, Layer, parse_manifest
from geoapp.inputs.diskcache import cache_key, cached_text
from geoapp.inputs.problems import DataError
from geoapp.model.areas import AreaSet

#: The manifest layer holding the districts (not part of any area set).
DISTRICT_LAYER = "lad2017"
#: A district belongs to an area holding at least this share of its area.
MIN_SHARE = 0.05
#: A district at least this share inside an area lies wholly in it (the rest is slivers).
WHOLE_SHARE = 0.95
#: An equal-area-enough CRS for Great Britain, in which shares of area are measured.
AREA_CRS = "EPSG:27700"
#: Districts outside England belong to their nation, by the first letter of their code.
NATION_BY_PREFIX = {"S": "S92000003", "W": "W92000004", "N": "N92000002"}
#: Bump when the rule changes, so cached results are recomputed.
RULE_VERSION = "1"


@dataclass(frozen=True)
class Membership:
    """A district's place in one area: the area's code and the share of the district in it."""

    area_code: str
    share: float

    @property
    def whole(self) -> bool:
        """True when the district lies (all but slivers) inside the area."""
        return self.share >= WHOLE_SHARE


@dataclass(frozen=True)
class District:
    """One local authority district (council area) and the summary areas it is in."""

    code: str
    name: str
    memberships: tuple[Membership, ...]

    @property
    def area_codes(self) -> tuple[str, ...]:
        """The codes of its areas, largest share first."""
        return tuple(m.area_code for m in self.memberships)

    @property
    def is_split(self) -> bool:
        """True when two or more areas each hold only part of it (e.g. Winchester)."""
        return len(self.memberships) > 1 and not all(m.whole for m in self.memberships)

    def share_in(self, area_code: str) -> float:
        """Return the share of the district inside the area (0 when not in it)."""
        return next((m.share for m in self.memberships if m.area_code == area_code), 0.0)


class Districts:
    """Every district, with lookups by code and by area. Built once and never changed."""

    def __init__(self, districts, attribution: str):
        self.districts: tuple[District, ...] = tuple(sorted(districts, key=lambda d: d.name))
        self.attribution = attribution
        self._by_code = {d.code: d for d in self.districts}

    def get(self, code: str) -> District | None:
        """Return the district with this GSS code, or None."""
        return self._by_code.get(code)

    def in_area(self, area_code: str) -> list[District]:
        """Return the districts in the area, by name."""
        return [d for d in self.districts if area_code in d.area_codes]

    def shared(self, area_code: str) -> list[District]:
        """Return the districts the area shares with at least one other area, by name."""
        return [d for d in self.in_area(area_code) if len(d.memberships) > 1]


def area_shares(districts: gpd.GeoSeries, areas: gpd.GeoSeries) -> list[dict[int, float]]:
    """Return, for each district, {area position: share of the district's area inside it}.

    Both are measured in AREA_CRS; only areas that intersect a district appear.
    """
    district_shapes = districts.to_crs(AREA_CRS).values
    area_shapes = areas.to_crs(AREA_CRS).values
    pairs = STRtree(area_shapes).query(district_shapes, predicate="intersects")
    left, right = pairs
    overlap = shapely.area(shapely.intersection(district_shapes[left], area_shapes[right]))
    whole = shapely.area(district_shapes)
    shares: list[dict[int, float]] = [{} for _ in range(len(district_shapes))]
    for d, a, amount in zip(left.tolist(), right.tolist(), overlap.tolist(), strict=True):
        if amount > 0:
            shares[d][a] = amount / whole[d]
    return shares


def memberships_from_shares(shares: dict[str, float]) -> tuple[Membership, ...]:
    """Return the memberships the rule keeps (see the module docstring), largest first."""
    ranked = sorted(shares.items(), key=lambda item: (-item[1], item[0]))
    kept = [(code, share) for code, share in ranked if share >= MIN_SHARE] or ranked[:1]
    return tuple(Membership(code, round(share, 4)) for code, share in kept)


def assign_districts(districts: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> list[District]:
    """Return every district with its areas.

    ``districts`` has columns code, name, geometry; ``areas`` code, area_type, geometry.
    English districts are measured against the LEP areas; the others take their nation,
    when that nation is one of ``areas``.
    """
    leps = areas[areas["area_type"] == "LEP"].reset_index(drop=True)
    english = districts[districts["code"].str.startswith("E")].reset_index(drop=True)
    result = []
    for row, shares in zip(
        english.itertuples(index=False), area_shares(english.geometry, leps.geometry), strict=True
    ):
        named = {leps["code"][position]: share for position, share in shares.items()}
        result.append(District(row.code, row.name, memberships_from_shares(named)))
    present = set(areas["code"])
    for row in districts[~districts["code"].str.startswith("E")].itertuples(index=False):
        nation = NATION_BY_PREFIX.get(row.code[:1])
        memberships = (Membership(nation, 1.0),) if nation is not None and nation in present else ()
        result.append(District(row.code, row.name, memberships))
    return result


def manifest_layer(manifest: Path, key: str) -> Layer | None:
    """Return the manifest's layer ``key`` (None when absent). Raises DataError if invalid."""
    return parse_manifest(manifest).layers.get(key)


def districts_key(layer: Layer, area_set: AreaSet) -> str:
    """Return a short hash of everything the result depends on: inputs and the rule."""
    parts = [layer.sha256, *(area_layer.sha256 for area_layer in area_set.layers.layers)]
    return cache_key(*parts, MIN_SHARE, WHOLE_SHARE, AREA_CRS, RULE_VERSION)


def areas_frame(area_set: AreaSet) -> gpd.GeoDataFrame:
    """Return the set's areas as a frame with code, area_type and geometry (WGS 84)."""
    return gpd.GeoDataFrame(
        {
            "code": [a.code for a in area_set.areas],
            "area_type": [a.area_type for a in area_set.areas],
        },
        geometry=[a.geometry for a in area_set.areas],
        crs="EPSG:4326",
    )


def to_json(districts: list[District]) -> str:
    return json.dumps(
        [[d.code, d.name, [[m.area_code, m.share] for m in d.memberships]] for d in districts]
    )


def from_json(text: str) -> list[District]:
    return [
        District(code, name, tuple(Membership(a, s) for a, s in memberships))
        for code, name, memberships in json.loads(text)
    ]


def load_districts(files: BoundaryFiles, area_set: AreaSet, cache_dir: Path) -> Districts | None:
    """Return every district with its areas; None when the manifest names no district layer.

    Raises DataError if the district file is missing or does not match its checksum.
    """
    layer = files.layer(DISTRICT_LAYER)
    if layer is None:
        return None
    problem = files.check(layer)
    if problem:
        raise DataError([problem])

    def assign() -> str:
        return to_json(assign_districts(files.read_layer(layer), areas_frame(area_set)))

    text = cached_text(cache_dir, "districts", f"{districts_key(layer, area_set)}.json", assign)
    return Districts(from_json(text), layer.attribution)
