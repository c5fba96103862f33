"""Colouring areas by a measure: quantile classes, colour-blind-safe palettes, a legend.

Levels (a rate, a count) get a sequential palette, light to dark as values rise. A change
gets a diverging palette centred on zero: falls in reds, rises in blues, each side split
into its own quantile classes, so the colour says at once whether an area rose or fell.

Plain data in, plain data out: the map page applies the result (static/map.js), and the
list of areas shows the same values, so colour never carries information alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: ColorBrewer YlGnBu, 5 classes: sequential and safe for the common colour-vision
#: deficiencies; light to dark as values rise.
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
#: ColorBrewer RdBu (colour-blind safe), split at zero: each side light to dark as the
#: change grows, and a neutral middle for no change.
FALLS = ("#fddbc7", "#f4a582", "#d6604d", "#b2182b")
RISES = ("#d1e5f0", "#92c5de", "#4393c3", "#2166ac")
NO_CHANGE = "#f7f7f7"
NO_DATA_COLOUR = "#e5e5e5"
CLASSES = 5
CLASSES_PER_SIDE = 3


@dataclass(frozen=True)
class Measure:
    """A measure the map can be coloured by."""

    key: str
    label: str
    unit: str
    decimals: int
    description: str
    #: A change that can be negative: coloured on a diverging scale centred on zero.
    diverging: bool = False


#: The measures offered on the map, in menu order.
MEASURES = {
    m.key: m
    for m in (
        Measure(
            "employment_rate_2017",
            "Employment rate, 2017",
            "%",
            1,
            "Residents aged 16–64 in employment, as a share of all residents aged 16–64, "
            "Jan–Dec 2017 (Annual Population Survey).",
        ),
        Measure(
            "employment_rate_2018",
            "Employment rate, 2018",
            "%",
            1,
            "Residents aged 16–64 in employment, as a share of all residents aged 16–64, "
            "Jan–Dec 2018 (Annual Population Survey).",
        ),
        Measure(
            "employment_rate_change",
            "Change in employment rate, 2017 to 2018",
            "percentage points",
            1,
            "The 2018 employment rate minus the 2017 rate (Annual Population Survey).",
            diverging=True,
        ),
        Measure(
            "ons_enterprises_2018",
            "Enterprises, 2018",
            "enterprises",
            0,
            "VAT- or PAYE-registered enterprises, March 2018 (UK Business Counts).",
        ),
        Measure(
            "enterprises_per_1000_residents",
            "Enterprises per 1,000 residents, 2018",
            "per 1,000 residents aged 16–64",
            1,
            "Enterprises in March 2018 per 1,000 residents aged 16–64 in Jan–Dec 2018.",
        ),
    )
}


def format_value(value: float, measure: Measure) -> str:
    """Return a value as the legend and lists show it, e.g. "68.3 %" or "33,330"."""
    number = f"{value:,.{measure.decimals}f}"
    if measure.unit == "%":
        return f"{number}%"
    if measure.unit == "percentage points":
        # "no change" is 0.0 pp, neither a rise nor a fall
        return f"{value:{'' if value == 0 else '+'},.{measure.decimals}f} pp"
    return number


def quantile_breaks(values: list[float], classes: int = CLASSES) -> list[float]:
    """Return the upper bounds of up to ``classes`` quantile classes (duplicates merged)."""
    if not values:
        return []
    uppers = np.quantile(np.asarray(values, dtype=float), np.linspace(0, 1, classes + 1)[1:])
    return sorted(set(float(u) for u in uppers))


def class_of(value: float, breaks: list[float]) -> int:
    """Return the index of the class holding ``value`` (the first upper bound ≥ value)."""
    return int(np.searchsorted(breaks, value, side="left"))


def sequential_classes(values: list[float]):
    """Return (classify, colours): quantile classes of the values, light to dark."""
    breaks = quantile_breaks(values)
    return (lambda value: class_of(value, breaks)), spread(PALETTE, len(breaks))


def diverging_classes(values: list[float]):
    """Return (classify, colours): falls, no change and rises, each side in quantile
    classes of its own size, ordered from the biggest fall to the biggest rise."""
    falls = quantile_breaks([-v for v in values if v < 0], CLASSES_PER_SIDE)
    rises = quantile_breaks([v for v in values if v > 0], CLASSES_PER_SIDE)
    colours = [*reversed(spread(FALLS, len(falls))), NO_CHANGE, *spread(RISES, len(rises))]

    def classify(value: float) -> int:
        if value < 0:
            return len(falls) - 1 - class_of(-value, falls)
        if value == 0:
            return len(falls)
        return len(falls) + 1 + class_of(value, rises)

    return classify, colours


def colouring(values: dict[str, float | None], measure: Measure) -> dict:
    """Return what the map needs for one measure: each area's colour and the legend.

    Each legend entry spans the lowest to the highest value actually in its class; each
    area names its legend entry (``legend_index``) so the legend can mark it. Areas whose
    value is None are coloured as "no data" and counted in the legend as such.
    """
    known = {code: v for code, v in values.items() if v is not None}
    scale = diverging_classes if measure.diverging else sequential_classes
    classify, colours = scale(list(known.values()))
    members: dict[int, list[float]] = {}
    for value in known.values():
        members.setdefault(classify(value), []).append(value)
    legend: list[dict[str, str]] = []
    position: dict[int, int] = {}
    for index in sorted(members):
        low, high = (format_value(v, measure) for v in (min(members[index]), max(members[index])))
        position[index] = len(legend)
        legend.append(
            {"colour": colours[index], "label": low if low == high else f"{low} to {high}"}
        )
    areas = {
        code: {
            "value": value,
            "text": format_value(value, measure),
            "colour": colours[classify(value)],
            "legend_index": position[classify(value)],
        }
        for code, value in known.items()
    }
    return {
        "key": measure.key,
        "label": measure.label,
        "unit": measure.unit,
        "description": measure.description,
        "scale": "diverging" if measure.diverging else "sequential",
        "legend": legend,
        "no_data": {
            "colour": NO_DATA_COLOUR,
            "label": "No data",
            "count": len(values) - len(known),
        },
        "areas": areas,
    }


def spread(palette: tuple[str, ...], count: int) -> list[str]:
    """Return ``count`` colours from the palette, evenly spaced from light to dark."""
    if count <= 0:
        return []
    if count == 1:
        return [palette[len(palette) // 2]]
    positions = np.linspace(0, len(palette) - 1, count)
    return [palette[int(np.rint(p))] for p in positions]


def map_colourings(area_sets: dict) -> dict:
    """Return, for each set of areas and each measure, the colouring the map applies.

    ``area_sets`` maps a set's key to its AreaSet; values come from the areas' records.
    """
    coloured = {}
    for key, area_set in area_sets.items():
        records = [area_set.record(area) for area in area_set.areas]
        coloured[key] = {
            measure.key: colouring({r["code"]: r.get(measure.key) for r in records}, measure)
            for measure in MEASURES.values()
        }
    return coloured


def measure_rows(area_set) -> list[dict]:
    """Return one row per area with each measure as the legend writes it (None if absent):
    the text equivalent of the colours."""
    rows = []
    for area in area_set.areas:
        record = area_set.record(area)
        texts = {
            key: format_value(record[key], measure) if record.get(key) is not None else None
            for key, measure in MEASURES.items()
        }
        rows.append({"code": area.code, "name": area.name, "values": texts})
    return rows
