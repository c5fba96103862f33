"""ONS statistics for the LEPs (April 2021 geography): read, validated, and derived rates.

Published values are kept exactly; the rates we derive from them are computed here, never
stored, and rounded to one decimal place (ROUND_HALF_UP) as documented in data/README.md.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from geoapp.inputs.datafiles import DataFiles
from geoapp.inputs.numbers import whole_number
from geoapp.inputs.problems import DataError, Problem

ENGLAND = "E92000001"
#: Record field → (published measure, period).
PUBLISHED = {
    "ons_residents_16_64_2017": ("aps_population_aged_16_64", "Jan 2017-Dec 2017"),
    "ons_employed_16_64_2017": ("aps_in_employment_aged_16_64", "Jan 2017-Dec 2017"),
    "ons_residents_16_64_2018": ("aps_population_aged_16_64", "Jan 2018-Dec 2018"),
    "ons_employed_16_64_2018": ("aps_in_employment_aged_16_64", "Jan 2018-Dec 2018"),
    "ons_enterprises_2018": ("ubc_enterprises_total", "March 2018"),
    # The summaries' concept (aged 16 and over), but ONS's own estimate: never shown as a
    # figure of the summaries (data/README.md).
    "ons_in_employment_16_plus_2017": ("aps_in_employment_aged_16_plus", "Jan 2017-Dec 2017"),
    "ons_in_employment_16_plus_2017_18": ("aps_in_employment_aged_16_plus", "Jul 2017-Jun 2018"),
    "ons_in_employment_16_plus_2018": ("aps_in_employment_aged_16_plus", "Jan 2018-Dec 2018"),
}
DERIVED = (
    "employment_rate_2017",
    "employment_rate_2018",
    "employment_rate_change",
    "enterprises_per_1000_residents",
)
ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class Measure:
    """A published measure: what it counts, where from, and how it was rounded."""

    key: str
    label: str
    unit: str
    dataset: str
    periods: tuple[str, ...]
    rounded_to: int
    caveat: str


@dataclass(frozen=True)
class Statistics:
    """The collection's description, its measures, and each area's published values."""

    title: str
    publisher: str
    extracted_by: str
    licence: str
    licence_url: str
    attribution: str
    caveat: str
    measures: dict[str, Measure]
    values: dict[str, dict[str, int]]  # area code → record field → value

    @property
    def sources(self) -> list[str]:
        """Each distinct dataset with the periods used from it, e.g. "… (March 2018)"."""
        periods: dict[str, list[str]] = {}
        for measure in self.measures.values():
            known = periods.setdefault(measure.dataset, [])
            known += [p for p in measure.periods if p not in known]
        return [f"{dataset} ({', '.join(used)})" for dataset, used in periods.items()]

    def for_area(self, code: str) -> dict[str, int | float]:
        """Return an area's published values and the rates derived from them ({} if none)."""
        published = self.values.get(code, {})
        return {**published, **derive(published)} if published else {}


def one_place(numerator: int, denominator: int, scale: int) -> float:
    """Return numerator / denominator × scale to one decimal place, rounding halves up."""
    exact = Decimal(numerator) * scale / Decimal(denominator)
    return float(exact.quantize(ONE_PLACE, rounding=ROUND_HALF_UP))


def derive(values: dict[str, int]) -> dict[str, float]:
    """Return the derived rates that the published values allow (absent when they don't).

    The change is computed from the unrounded rates, then rounded.
    """
    derived = {}
    for year in ("2017", "2018"):
        employed, residents = (
            values.get(f"ons_{kind}_16_64_{year}") for kind in ("employed", "residents")
        )
        if employed is not None and residents:
            derived[f"employment_rate_{year}"] = one_place(employed, residents, 100)
    if all(
        values.get(f)
        for f in (
            "ons_employed_16_64_2017",
            "ons_residents_16_64_2017",
            "ons_employed_16_64_2018",
            "ons_residents_16_64_2018",
        )
    ):
        change = (
            Decimal(values["ons_employed_16_64_2018"]) * 100 / values["ons_residents_16_64_2018"]
            - Decimal(values["ons_employed_16_64_2017"]) * 100 / values["ons_residents_16_64_2017"]
        )
        derived["employment_rate_change"] = float(change.quantize(ONE_PLACE, ROUND_HALF_UP))
    if values.get("ons_enterprises_2018") is not None and values.get("ons_residents_16_64_2018"):
        derived["enterprises_per_1000_residents"] = one_place(
            values["ons_enterprises_2018"], values["ons_residents_16_64_2018"], 1000
        )
    return derived


def read_measures(
    path: Path, problems: list[Problem], files: DataFiles
) -> tuple[dict, dict[str, Measure]]:
    """Return (collection table, measures) from measures.toml; note faults in ``problems``."""
    try:
        document = tomllib.loads(files.read_text(path))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problems.append(Problem(str(path), "", f"cannot read the file: {error}"))
        return {}, {}
    collection = document.get("collection", {})
    for field in ("title", "publisher", "licence", "attribution"):
        if not isinstance(collection.get(field), str) or not collection[field]:
            problems.append(Problem(str(path), f"collection.{field}", "missing"))
    measures = {}
    for key, entry in document.get("measures", {}).items():
        missing = [
            f
            for f in ("label", "unit", "dataset", "periods", "rounded_to", "caveat")
            if f not in entry
        ]
        problems += [Problem(str(path), f"measures.{key}.{f}", "missing") for f in missing]
        rounded_to = entry.get("rounded_to")
        if not missing and (not isinstance(rounded_to, int) or rounded_to < 1):
            problems.append(
                Problem(str(path), f"measures.{key}.rounded_to", "must be a whole number above 0")
            )
        elif not missing:
            measures[key] = Measure(
                key=key,
                label=entry["label"],
                unit=entry["unit"],
                dataset=entry["dataset"],
                periods=tuple(entry["periods"]),
                rounded_to=rounded_to,
                caveat=entry["caveat"],
            )
    return collection, measures


def read_value(row: dict, measure: Measure | None, where: str, path: Path, problems) -> int | None:
    """Return a row's value as a whole number, or None after noting why it is unusable."""
    text = (row.get("value") or "").strip()
    value = whole_number(text)
    if value is None:
        problems.append(
            Problem(str(path), where, f"value must be a whole number in digits 0-9, not {text!r}")
        )
        return None
    if measure and value % measure.rounded_to:
        problems.append(
            Problem(
                str(path), where, f"{value} is not rounded to {measure.rounded_to} as published"
            )
        )
        return None
    return value


def load_statistics(
    folder: Path, known_codes: set[str], files: DataFiles | None = None
) -> Statistics:
    """Return the statistics in ``folder`` (measures.toml, statistics.csv), validated;
    ``files`` are the build's data files (each read once), made afresh without.

    Area codes must be in ``known_codes`` (or England). Raises DataError with every problem.
    """
    files = files or DataFiles(folder)
    problems: list[Problem] = []
    collection, measures = read_measures(folder / "measures.toml", problems, files)
    fields = {pair: field for field, pair in PUBLISHED.items()}
    values: dict[str, dict[str, int]] = {}
    path = folder / "statistics.csv"
    try:
        rows = list(csv.DictReader(files.table_text(path)))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        rows = []
        problems.append(Problem(str(path), "", f"cannot read the file: {error}"))
    for line, row in enumerate(rows, start=2):
        code, measure, period = row.get("area_code"), row.get("measure"), row.get("period")
        where = f"line {line}"
        if None in row:  # csv puts cells beyond the header under None
            problems.append(Problem(str(path), where, "more cells than the header has columns"))
            continue
        if code not in known_codes and code != ENGLAND:
            problems.append(Problem(str(path), f"{where}: area_code", f"unknown area {code!r}"))
            continue
        if measure is None or period is None or (measure, period) not in fields:
            problems.append(
                Problem(
                    str(path),
                    f"{where}: measure",
                    f"unknown measure or period {measure!r}, {period!r}",
                )
            )
            continue
        value = read_value(row, measures.get(measure), f"{where}: value", path, problems)
        field = fields[(measure, period)]
        if field in values.get(code, {}):
            problems.append(Problem(str(path), where, f"a second {measure} {period} for {code}"))
        elif value is not None:
            values.setdefault(code, {})[field] = value
    if problems:
        raise DataError(problems)
    return Statistics(
        title=collection["title"],
        publisher=collection["publisher"],
        extracted_by=collection.get("extracted_by", ""),
        licence=collection["licence"],
        licence_url=collection.get("licence_url", ""),
        attribution=collection["attribution"],
        caveat=collection.get("caveat", ""),
        measures=measures,
        values=values,
    )
