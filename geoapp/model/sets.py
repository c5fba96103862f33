"""The published sets of areas, each built once with its records, provenance and words.

- ``SUMMARIES`` (collection ``areas``): the 41 areas of the December 2018 summaries, with
  the figures of their summary pages and the ONS statistics fields;
- ``LEPS_2021`` (collection ``leps2021``): the 38 LEPs of April 2021 with ONS statistics,
  and no summaries.

Every record is made here, once, from the joined areas (geoapp/model/areas.py) and the
statistics (geoapp/model/comparison.py); nothing changes a set after it is built.
"""

from __future__ import annotations

import re
from pathlib import Path

from geoapp.inputs.boundaries import BoundaryFiles
from geoapp.inputs.datafiles import DataFiles
from geoapp.inputs.figures import Publication
from geoapp.inputs.statistics import Statistics, load_statistics
from geoapp.model.areas import (
    AreaSet,
    JoinedAreas,
    Provenance,
    read_plain_areas,
    read_summary_areas,
    summary_record,
)
from geoapp.model.comparison import records_for_2018, records_for_2021
from geoapp.model.record import LEPS_2021, SUMMARIES, Record

#: Each set's public name: the OGC collection id and the stem of its download URLs.
#: "areas" predates the second set and is kept for the clients that use it.
COLLECTION_IDS = {SUMMARIES: "areas", LEPS_2021: "leps2021"}


def slugify(text: str) -> str:
    """Return ``text`` for a file name: "Industrial Strategy: local …" → "industrial-strategy-…"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def sentence_case(text: str) -> str:
    """Return ``text`` with a lower-case first letter, unless it starts an acronym (VAT)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def records_of(joined: JoinedAreas, set_key: str, added: dict[str, dict]) -> dict[str, Record]:
    """Return each area's record: its own fields, then those ``added`` (the statistics)."""
    return {
        area.code: Record(
            {**summary_record(area, joined.publication), **added.get(area.code, {})}, set_key
        )
        for area in joined.areas
    }


def summaries_provenance(
    publication: Publication, attributions: tuple[str, ...], version: str
) -> Provenance:
    """Return the provenance of the summary areas: the publication's licence and source."""
    return Provenance(
        licence=publication.licence,
        licence_url=publication.licence_url,
        source={
            "title": publication.title,
            "publisher": publication.publisher,
            "published": publication.published.isoformat(),
            "period": publication.period,
        },
        attributions=attributions,
        version=version,
    )


def summaries_set(
    joined: JoinedAreas,
    version: str,
    added: dict[str, dict],
    added_attributions: tuple[str, ...] = (),
) -> AreaSet:
    """Return the summaries' set (collection ``areas``), described as the API always has."""
    publication = joined.publication
    assert publication is not None, "the summaries' areas come with their publication"
    stem = f"{slugify(publication.title)}-{publication.published.year}"
    attributions = (*joined.layers.attributions, publication.attribution, *added_attributions)
    return AreaSet(
        key=SUMMARIES,
        collection_id=COLLECTION_IDS[SUMMARIES],
        layers=joined.layers,
        areas=joined.areas,
        records=records_of(joined, SUMMARIES, added),
        publication=publication,
        provenance=summaries_provenance(publication, attributions, version),
        prepared_shapes=joined.prepared_shapes,
        description=(
            f"The {len(joined.areas)} areas of the {publication.title}: England's "
            "Local Enterprise Partnerships as of April 2017, then Scotland, Wales and "
            f"Northern Ireland, each with the figures of its summary page, "
            f"{publication.period}. A field the page did not give is null."
        ),
        null_meaning="a field the summary page did not give is null",
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


def statistics_description(joined: JoinedAreas, summaries: AreaSet, statistics: Statistics) -> str:
    """Return what the 2021 set is: ONS statistics, not the summaries, on other areas."""
    changed = sum(summaries.get(area.code) is None for area in joined.areas)
    publication = summaries.publication
    assert publication is not None
    return (
        f"The {len(joined.areas)} Local Enterprise Partnerships of England as of April 2021, "
        f"each with official statistics from the {statistics.publisher}: "
        f"{'; '.join(statistics.sources)}. These are ONS statistics, not figures of the "
        f"BEIS {publication.title} ({publication.period}), and they "
        f"are on the April 2021 LEP geography: {changed} of these LEPs have a code and "
        "boundary other than those of the summaries' areas (summary_areas names the "
        "summary areas each overlaps). "
        f"{rounding_caveats(statistics)} Employment rates, their change and enterprises "
        "per 1,000 residents aged 16–64 are computed by us from the published values, "
        f"to one decimal place. {statistics.caveat} A statistic ONS did not publish for "
        "an area is null."
    )


def statistics_set(
    joined: JoinedAreas, summaries: AreaSet, statistics: Statistics, added: dict[str, dict]
) -> AreaSet:
    """Return the 2021 LEPs' set (collection ``leps2021``) and their ONS statistics."""
    description = statistics_description(joined, summaries, statistics)
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
        attributions=(*joined.layers.attributions, statistics.attribution),
        version=summaries.version,
    )
    stem = "leps-april-2021-ons-statistics"
    return AreaSet(
        key=LEPS_2021,
        collection_id=COLLECTION_IDS[LEPS_2021],
        layers=joined.layers,
        areas=joined.areas,
        records=records_of(joined, LEPS_2021, added),
        publication=None,
        provenance=provenance,
        prepared_shapes=joined.prepared_shapes,
        description=description,
        null_meaning="a statistic ONS did not publish for the area is null",
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


def load_area_sets(
    settings, files: BoundaryFiles | None = None
) -> tuple[dict[str, AreaSet], Statistics | None]:
    """Return the sets of areas by key, in the order the API lists them (the 2018
    summaries, then the 2021 LEPs when the manifest defines them), and the ONS statistics
    (data/ons/) both carry, or None without the 2021 set. Raises DataError listing every
    problem.

    ``files`` are the build's boundary files (read afresh without).
    """
    files = files or BoundaryFiles(settings.boundaries_manifest, settings.boundaries_dir)
    # Each data file read once: the figures, the statistics and the data version share them.
    data = DataFiles(settings.data_dir)
    joined, version = read_summary_areas(files, data, SUMMARIES, settings.cache_dir)
    if LEPS_2021 not in files.area_sets():
        return {SUMMARIES: summaries_set(joined, version, {})}, None
    joined2021 = read_plain_areas(files, LEPS_2021)
    codes2021 = {a.code for a in joined2021.areas}
    statistics = load_statistics(settings.data_dir / "ons", codes2021, data)
    cache = settings.cache_dir
    summaries = summaries_set(
        joined,
        version,
        records_for_2018(joined.areas, joined2021.areas, statistics, cache),
        (statistics.attribution,),
    )
    added2021 = records_for_2021(joined2021.areas, joined.areas, statistics, cache)
    leps2021 = statistics_set(joined2021, summaries, statistics, added2021)
    return {SUMMARIES: summaries, LEPS_2021: leps2021}, statistics


def load_summaries(
    manifest: Path, boundaries_dir: Path, data_dir: Path, cache_dir: Path | None = None
) -> AreaSet:
    """Return the summaries' set alone, without the ONS statistics (a manifest with only
    that set gives the same). Raises DataError listing every problem."""
    files = BoundaryFiles(manifest, boundaries_dir)
    joined, version = read_summary_areas(files, DataFiles(data_dir), SUMMARIES, cache_dir)
    return summaries_set(joined, version, {})
