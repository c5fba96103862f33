"""Joining the ONS statistics (2021 LEPs) to both sets of areas, and linking the two sets.

A 2017 LEP shows the statistics only when the 2021 set has the same code (and so the same
boundary); otherwise its record says which 2021 areas the statistics cover instead. Each
2021 LEP says which 2018 summary areas it overlaps.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import shapely

from geoapp.inputs.diskcache import cache_key, cached_text, shapes_digest
from geoapp.inputs.statistics import Statistics
from geoapp.model.areas import Area

#: A 2021 LEP "covers" a 2017 one (and the reverse) when it holds this share of its area.
COUNTERPART_SHARE = 0.10
BNG = "EPSG:27700"


def in_metres(areas: tuple[Area, ...]) -> dict[str, shapely.Geometry]:
    series = gpd.GeoSeries([a.geometry for a in areas], index=[a.code for a in areas], crs=4326)
    return dict(series.to_crs(BNG).items())


def counterparts(
    areas: tuple[Area, ...], others: tuple[Area, ...], cache_dir: Path | None = None
) -> dict[str, list[Area]]:
    """Return, for each area, the other set's areas that hold ≥ COUNTERPART_SHARE of it.

    Cached in ``cache_dir`` by the shapes of both sets (a second to compute).
    """
    key = cache_key(
        shapes_digest({a.code: a.geometry for a in areas}),
        shapes_digest({o.code: o.geometry for o in others}),
        COUNTERPART_SHARE,
        BNG,
    )
    found = json.loads(
        cached_text(cache_dir, "counterparts", key, lambda: json.dumps(overlapping(areas, others)))
    )
    by_code = {other.code: other for other in others}
    return {code: [by_code[c] for c in codes] for code, codes in found.items()}


def overlapping(areas: tuple[Area, ...], others: tuple[Area, ...]) -> dict[str, list[str]]:
    """Return, for each area, the codes of the other set's areas holding enough of it."""
    mine, theirs = in_metres(areas), in_metres(others)
    tree = shapely.STRtree(list(theirs.values()))
    found = {}
    for area in areas:
        shape = mine[area.code]
        hits = tree.query(shape, predicate="intersects")
        shares = {
            others[i].code: shapely.intersection(shape, theirs[others[i].code]).area / shape.area
            for i in hits
        }
        found[area.code] = [o.code for o in others if shares.get(o.code, 0) >= COUNTERPART_SHARE]
    return found


def links(areas: list[Area]) -> list[dict]:
    return [{"code": a.code, "name": a.name} for a in areas]


def statistics_fields(statistics: Statistics, code: str) -> dict:
    """The published values and derived rates of one area, with where they come from."""
    return {
        "ons_statistics": "published",
        **statistics.for_area(code),
        "ons_statistics_source": statistics.title,
    }


def records_for_2018(
    areas: tuple[Area, ...],
    leps2021: tuple[Area, ...],
    statistics: Statistics,
    cache_dir: Path | None = None,
) -> dict[str, dict]:
    """Return the statistics part of each 2018 summary area's record."""
    codes2021 = {a.code for a in leps2021}
    leps = tuple(a for a in areas if a.area_type == "LEP")
    covering = counterparts(leps, leps2021, cache_dir)
    records: dict[str, dict] = {}
    for area in areas:
        if area.area_type != "LEP":
            records[area.code] = {"ons_statistics": "not published"}
        elif area.code in codes2021 and area.code in statistics.values:
            records[area.code] = statistics_fields(statistics, area.code)
        else:
            records[area.code] = {
                "ons_statistics": "different area",
                "ons_statistics_areas": links(covering[area.code]),
            }
    return records


def records_for_2021(
    leps2021: tuple[Area, ...],
    areas2018: tuple[Area, ...],
    statistics: Statistics,
    cache_dir: Path | None = None,
) -> dict[str, dict]:
    """Return the statistics part of each 2021 LEP's record, and its 2018 summary areas."""
    leps2018 = tuple(a for a in areas2018 if a.area_type == "LEP")
    summary_areas = counterparts(leps2021, leps2018, cache_dir)
    return {
        area.code: {
            **(
                statistics_fields(statistics, area.code)
                if area.code in statistics.values
                else {"ons_statistics": "not published"}
            ),
            "summary_areas": links(summary_areas[area.code]),
        }
        for area in leps2021
    }
