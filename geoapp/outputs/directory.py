"""The ways in besides the map: area pages, the list of areas and search. No Flask.

Built once at start-up from the summaries' areas: districts and their areas, the postcode index,
the search and a small map of each area. Views ask it for plain data and render it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from geoapp.config import Settings
from geoapp.inputs.boundaries import BoundaryFiles
from geoapp.inputs.postcodes import PostcodeIndex, load_postcode_index
from geoapp.model.areas import Area, AreaSet
from geoapp.model.districts import District, Districts, load_districts
from geoapp.outputs.areamaps import AreaMap, build_area_maps
from geoapp.outputs.search import MAX_QUERY, Finder, held_area

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shared:
    """A district of an area that another area also covers (wholly, or part of it)."""

    district: District
    share: float
    others: tuple[tuple[Area, float], ...]

    @property
    def split(self) -> bool:
        return self.district.is_split


@dataclass(frozen=True)
class AreaPage:
    """Everything an area's page shows, besides the record's figures."""

    area: Area
    record: dict
    map: AreaMap
    districts: tuple[District, ...]
    shared: tuple[Shared, ...]


@dataclass(frozen=True)
class Resolved:
    """Where an /areas/<key> address leads: an area code, and whether to redirect there."""

    code: str
    redirect: bool


class Directory:
    """Area pages, the list and search over one set of areas. Built once and never changed."""

    def __init__(
        self,
        area_set: AreaSet,
        finder: Finder,
        districts: Districts | None,
        maps: dict[str, AreaMap],
    ):
        self.area_set = area_set
        self.finder = finder
        self.districts = districts
        self.maps = maps
        self._by_slug = {area.slug: area.code for area in area_set.areas}

    def resolve(self, key: str) -> Resolved | None:
        """Return where ``key`` (a code in any case, or a slug) leads, or None."""
        if self.area_set.get(key):
            return Resolved(key, redirect=False)
        code = key.upper() if self.area_set.get(key.upper()) else self._by_slug.get(key.lower())
        return Resolved(code, redirect=True) if code else None

    def suggestions(self, key: str, limit: int = 5) -> list[Area]:
        """Return areas a mistyped /areas/<key> may have meant (by name; none for codes)."""
        if any("0" <= c <= "9" for c in key):
            return []
        try:
            result = self.finder.search(key.replace("-", " ")[:MAX_QUERY])
        except ValueError:
            return []
        codes = dict.fromkeys(code for m in result.matches for code in m.area_codes)
        return [held_area(self.area_set, code) for code in list(codes)[:limit]]

    def page(self, code: str) -> AreaPage | None:
        """Return the page of the area with this code, or None."""
        area = self.area_set.get(code)
        if area is None:
            return None
        in_area = self.districts.in_area(code) if self.districts else []
        shared = tuple(self.shared_district(d, code) for d in in_area if len(d.memberships) > 1)
        return AreaPage(
            area=area,
            record=self.area_set.record(area),
            map=self.maps[code],
            districts=tuple(in_area),
            shared=shared,
        )

    def shared_district(self, district: District, code: str) -> Shared:
        others = tuple(
            (held_area(self.area_set, m.area_code), m.share)
            for m in district.memberships
            if m.area_code != code
        )
        return Shared(district, district.share_in(code), others)

    def records(self) -> list[dict]:
        """Return every area's record, in code order (the list of areas)."""
        return [self.area_set.record(area) for area in self.area_set.areas]

    @property
    def attributions(self) -> tuple[str, ...]:
        """The district boundaries' attribution when districts are used and it is not
        already among the set's lines (for the UK BUC layers of 2017 it is the same)."""
        if not self.districts or self.districts.attribution in self.area_set.attributions:
            return ()
        return (self.districts.attribution,)


def build_directory(
    settings: Settings,
    area_set: AreaSet,
    last_good_postcodes: PostcodeIndex | None = None,
    files: BoundaryFiles | None = None,
) -> Directory:
    """Load districts and postcodes and prepare search and maps. Raises DataError.

    ``last_good_postcodes`` (a running server's index) is kept when the postcodes folder
    has gone missing. ``files`` are the build's boundary files (a fresh read without).
    """
    timings = {}
    started = time.perf_counter()
    files = files or BoundaryFiles(settings.boundaries_manifest, settings.boundaries_dir)
    districts = load_districts(files, area_set, settings.cache_dir)
    timings["districts"] = time.perf_counter() - started
    postcode_index = load_postcode_index(
        settings.postcodes_dir, settings.cache_dir, last_good_postcodes
    )
    timings["postcodes"] = time.perf_counter() - started - sum(timings.values())
    finder = Finder(area_set, districts, postcode_index)
    maps = build_area_maps(area_set)
    timings["search and maps"] = time.perf_counter() - started - sum(timings.values())
    log.info("directory built: %s", ", ".join(f"{k} {v:.3f} s" for k, v in timings.items()))
    return Directory(area_set, finder, districts, maps)
