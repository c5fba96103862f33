"""The sets of areas the downloads and the OGC API publish, each described once.

- ``areas``: the 41 areas of the December 2018 summaries (``Site.atlas``), with the
  figures of their summary pages and the ONS statistics fields;
- ``leps2021``: the 38 LEPs of April 2021 with ONS statistics, and no summaries.

A Dataset names a set (its collection id, which is also its download's URL name), says
what it is and where its records come from, and lists the fields its outputs lead with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geoapp.inputs.figures import FIGURE_FIELDS
from geoapp.inputs.statistics import DERIVED, PUBLISHED, Statistics
from geoapp.model.areas import Atlas
from geoapp.model.comparison import LEPS_2021, SUMMARIES
from geoapp.outputs.geojson import AreaFeatures, Provenance, summaries_provenance
from geoapp.outputs.tables import AREA_COLUMNS, LEPS_2021_COLUMNS

#: Each published set's key: the OGC collection id and the stem of its download URLs.
#: "areas" predates the second set and is kept for the clients that use it.
COLLECTION_IDS = {SUMMARIES: "areas", LEPS_2021: "leps2021"}

#: The top-level fields of a summary area's record (data/README.md) and their JSON types.
SUMMARY_TYPES = {
    "code": "string",
    "name": "string",
    "area_type": "string",
    "lis_wave": "string",
    "summary_status": "string",
    "period": "string",
    **{name: "integer" for name in FIGURE_FIELDS},
    "investments": "array",
    "case_study": "object",
    "lis_line": "string",
    "summary_note": "string",
    "source": "object",
    "provenance": "object",
}
#: The same for a 2021 LEP: its identity, then the ONS statistics (data/README.md).
STATISTICS_TYPES = {
    "code": "string",
    "name": "string",
    "area_type": "string",
    "ons_statistics": "string",
    **{name: "integer" for name in PUBLISHED},
    **{name: "number" for name in DERIVED},
    "ons_statistics_source": "string",
    "summary_areas": "array",
}


@dataclass(frozen=True)
class Dataset:
    """One published set of areas: what it is, its features and how its outputs look."""

    #: Collection id and URL name of its downloads: "areas", "leps2021".
    key: str
    title: str
    #: What the set holds, where from, and its caveats; the OGC collection's description.
    description: str
    #: The features (with the set's provenance) that every output is built from.
    features: AreaFeatures
    #: The fields every API feature lists, in this order, with their JSON types (others
    #: the records hold follow); and those that every record has.
    property_types: dict[str, str]
    required: tuple[str, ...]
    #: What a field that is null in the API means.
    null_meaning: str
    #: The set's table: column → record field (see geoapp.outputs.tables).
    table_columns: dict[str, str]
    #: Whether its records list investments (then it has an investments table too).
    has_investments: bool
    #: Saved file names: the stem for each area's file, and the whole set's name.
    file_stem: str
    set_file_name: str
    #: Record fields shown, with their headings, in the HTML list of features.
    list_columns: tuple[tuple[str, str], ...]
    #: A few words on the values, after the HTML list's count.
    list_note: str

    @property
    def atlas(self) -> Atlas:
        return self.features.atlas

    @property
    def provenance(self) -> Provenance:
        return self.features.provenance


def slugify(text: str) -> str:
    """Return ``text`` for a file name: "Industrial Strategy: local …" → "industrial-strategy-…"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def summaries_dataset(atlas: Atlas) -> Dataset:
    """Return the ``areas`` set: the summary areas, described as the API always has."""
    publication = atlas.publication
    stem = f"{slugify(publication.title)}-{publication.published.year}"
    return Dataset(
        key=COLLECTION_IDS[SUMMARIES],
        title=atlas.area_set.title,
        description=(
            f"The {len(atlas.areas)} areas of the {publication.title}: England's "
            "Local Enterprise Partnerships as of April 2017, then Scotland, Wales and "
            f"Northern Ireland, each with the figures of its summary page, "
            f"{publication.period}. A field the page did not give is null."
        ),
        features=AreaFeatures(atlas, summaries_provenance(atlas)),
        property_types=SUMMARY_TYPES,
        required=("code", "name", "area_type", "lis_wave", "summary_status", "period"),
        null_meaning="a field the summary page did not give is null",
        table_columns=AREA_COLUMNS,
        has_investments=True,
        file_stem=stem,
        set_file_name=f"{stem}-areas",
        list_columns=(
            ("area_type", "Type"),
            ("summary_status", "Summary"),
            ("population", "Population"),
            ("businesses", "Businesses"),
        ),
        list_note=f"figures {publication.period}",
    )


def sentence_case(text: str) -> str:
    """Return ``text`` with a lower-case first letter, unless it starts an acronym (VAT)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def rounding_caveats(statistics: Statistics) -> str:
    """Return the measures' caveats, one sentence for the measures that share one."""
    labels: dict[str, list[str]] = {}
    for measure in statistics.measures.values():
        labels.setdefault(measure.caveat, []).append(measure.label)
    sentences = []
    for caveat, named in labels.items():
        names = " and ".join([named[0], *map(sentence_case, named[1:])])
        sentences.append(f"{names}: {sentence_case(caveat)}")
    return " ".join(sentences)


def statistics_description(atlas: Atlas, summaries: Atlas, statistics: Statistics) -> str:
    """Return what the 2021 set is: ONS statistics, not the summaries, on other areas."""
    changed = sum(summaries.get(area.code) is None for area in atlas.areas)
    return (
        f"The {len(atlas.areas)} Local Enterprise Partnerships of England as of April 2021, "
        f"each with official statistics from the {statistics.publisher}: "
        f"{'; '.join(statistics.sources)}. These are ONS statistics, not figures of the "
        f"BEIS {summaries.publication.title} ({summaries.publication.period}), and they "
        f"are on the April 2021 LEP geography: {changed} of these LEPs have a code and "
        "boundary other than those of the summaries' areas (summary_areas names the "
        "summary areas each overlaps). "
        f"{rounding_caveats(statistics)} Employment rates, their change and enterprises "
        "per 1,000 residents aged 16–64 are computed by us from the published values, "
        f"to one decimal place. {statistics.caveat} A statistic ONS did not publish for "
        "an area is null."
    )


def statistics_dataset(atlas: Atlas, summaries: Atlas, statistics: Statistics) -> Dataset:
    """Return the ``leps2021`` set: the 2021 LEPs and their ONS statistics."""
    description = statistics_description(atlas, summaries, statistics)
    provenance = Provenance(
        licence=statistics.licence,
        licence_url=statistics.licence_url,
        source={
            "title": statistics.title,
            "publisher": statistics.publisher,
            "extracted_by": statistics.extracted_by,
            "datasets": statistics.sources,
            "description": description,
        },
        attributions=atlas.attributions,
        version=atlas.version,
    )
    stem = "leps-april-2021-ons-statistics"
    return Dataset(
        key=COLLECTION_IDS[LEPS_2021],
        title=atlas.area_set.title,
        description=description,
        features=AreaFeatures(atlas, provenance),
        property_types=STATISTICS_TYPES,
        required=("code", "name", "area_type", "ons_statistics"),
        null_meaning="a statistic ONS did not publish for the area is null",
        table_columns=LEPS_2021_COLUMNS,
        has_investments=False,
        file_stem=stem,
        set_file_name=stem,
        list_columns=(
            ("employment_rate_2017", "Employment rate 2017 (%)"),
            ("employment_rate_2018", "Employment rate 2018 (%)"),
            ("ons_enterprises_2018", "Enterprises (March 2018)"),
            ("enterprises_per_1000_residents", "Enterprises per 1,000 residents aged 16–64"),
        ),
        list_note="ONS statistics (not the BEIS summaries), rates computed by us",
    )


def build_datasets(area_sets: dict[str, Atlas], statistics: Statistics | None) -> list[Dataset]:
    """Return the published sets in the order the API lists them: the summaries first,
    then the 2021 LEPs when the manifest defines them (and so there are statistics)."""
    summaries = area_sets[SUMMARIES]
    datasets = [summaries_dataset(summaries)]
    if LEPS_2021 in area_sets and statistics is not None:
        datasets.append(statistics_dataset(area_sets[LEPS_2021], summaries, statistics))
    return datasets
