"""The area record: its fields declared once, and the frozen record every output reads.

Each field says which sets' records hold it, its JSON type, its column in the set's CSV
table and what it means. The CSV columns (outputs/tables.py), the OGC API's schema and
queryables (outputs/ogc.py, openapi.py), the data dictionary (data/README.md, checked by
tests/integration/test_docs.py) and the templates (``Record.from_summaries``) all derive
from this list, so a field cannot be added in one place and forgotten in another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from geoapp.inputs.figures import FIGURE_FIELDS
from geoapp.inputs.statistics import DERIVED, PUBLISHED

#: The sets of areas by key (the boundary manifest's ``[area_sets]``): the 41 areas of the
#: December 2018 summaries, and the 38 LEPs of April 2021 with ONS statistics only.
SUMMARIES = "summaries2018"
LEPS_2021 = "leps2021"
BOTH = frozenset({SUMMARIES, LEPS_2021})
ONLY_SUMMARIES = frozenset({SUMMARIES})
ONLY_2021 = frozenset({LEPS_2021})
NEITHER: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Field:
    """One field of the area record (``case_study.name`` for a part of an object,
    ``investments[].funds`` for a part of each item of a list)."""

    name: str
    #: JSON type of a top-level field: string, integer, number, array or object.
    kind: str
    #: The data dictionary's words for its type, and what it means.
    words: str
    meaning: str
    #: The sets whose records hold it.
    sets: frozenset[str] = BOTH
    #: The sets whose OGC API lists it among the fields it leads with (with its type);
    #: the other fields a set's records hold follow by themselves, in record order.
    leads_in: frozenset[str] = NEITHER
    #: The sets every record of which has it.
    required_in: frozenset[str] = NEITHER
    #: Its column in the set's CSV table ("" for none), and that column's type in words.
    column: str = ""
    column_words: str = ""

    @property
    def top_level(self) -> bool:
        return "." not in self.name

    @property
    def table_words(self) -> str:
        return self.column_words or self.words.removesuffix(", optional")


def field(name: str, kind: str, words: str, meaning: str, **options) -> Field:
    """Return a Field whose CSV column, unless given, is its name (nested: none)."""
    top_level = "." not in name and kind not in {"array", "object"}
    options.setdefault("column", name if top_level else "")
    return Field(name, kind, words, meaning, **options)


def identity_fields() -> tuple[Field, ...]:
    leads = {"leads_in": BOTH, "required_in": BOTH}
    return (
        field(
            "code",
            "string",
            "text",
            "ONS GSS code of the area (`E37…` LEP as of April 2017; `S92000003`, "
            "`W92000004`, `N92000002` nations)",
            **leads,
        ),
        field(
            "name",
            "string",
            "text",
            "name of the area in the ONS boundary layer of that date",
            **leads,
        ),
        field(
            "area_type",
            "string",
            "text",
            "`LEP` (Local Enterprise Partnership) or `nation`",
            **leads,
        ),
    )


FIGURE_MEANINGS = {
    "population": "population, as printed on the summary page",
    "businesses": "number of businesses, as printed",
    "people_in_employment": "people in employment, as printed",
    "employment_change_since_2010": "change in people in employment since 2010 "
    "(negative for a fall)",
    "living_wage_beneficiaries": "workers directly benefiting from the National Living "
    "and Minimum Wages",
    "apprenticeship_starts_last_year": "apprenticeship starts in the year before publication",
}


def summary_fields() -> tuple[Field, ...]:
    """The fields of the summaries' records: the page's figures and where they come from."""
    own = {"sets": ONLY_SUMMARIES, "leads_in": ONLY_SUMMARIES}
    required = {**own, "required_in": ONLY_SUMMARIES}
    part = {"sets": ONLY_SUMMARIES}
    return (
        field(
            "lis_wave",
            "string",
            "text",
            "the area's Local Industrial Strategy wave, as announced by December 2018",
            **required,
        ),
        field(
            "summary_status",
            "string",
            "text",
            "`complete` (whole page held), `partial` (part of the page held) or `not available`",
            **required,
        ),
        field(
            "period",
            "string",
            "text",
            "`as published December 2018`: every figure is as the page printed it on that date",
            **required,
        ),
        *(
            field(name, "integer", "integer, optional", FIGURE_MEANINGS[name], **own)
            for name in FIGURE_FIELDS
        ),
        field(
            "investments",
            "array",
            "list, optional",
            'the page\'s "Industrial Strategy highlights", in page order',
            **own,
        ),
        field(
            "investments[].funds",
            "string",
            "text",
            "what the investment funds, as printed after the amount (e.g. `for the "
            "redevelopment of Hatfield train station.`); for the partial Black Country copy, "
            "a paraphrase",
            **part,
        ),
        field(
            "investments[].amount_text",
            "string",
            "text, optional",
            "the amount as printed, e.g. `£2.5m`; absent when the page gave none",
            **part,
        ),
        field(
            "investments[].amount_gbp",
            "integer",
            "integer, optional",
            "the same amount in pounds, e.g. `2500000`",
            **part,
        ),
        field("case_study", "object", "object, optional", "the page's case study", **own),
        field(
            "case_study.name",
            "string",
            "text",
            "its name, as printed",
            column="case_study_name",
            **part,
        ),
        field(
            "case_study.place",
            "string",
            "text, optional",
            "where it is: the councils (ONS districts) its description names, in page "
            "order, separated by `, `",
            column="case_study_place",
            **part,
        ),
        field(
            "case_study.description",
            "string",
            "text",
            "its description as printed (Black Country: a paraphrase of the partial copy)",
            column="case_study_description",
            **part,
        ),
        field(
            "case_study.amount_text",
            "string",
            "text, optional",
            "the amount as printed",
            column="case_study_amount_text",
            **part,
        ),
        field(
            "case_study.amount_gbp",
            "integer",
            "integer, optional",
            "the same amount in pounds",
            column="case_study_amount_gbp",
            **part,
        ),
        field(
            "lis_line",
            "string",
            "text, optional",
            "the page's sentence on the area's Local Industrial Strategy",
            **own,
        ),
        field(
            "summary_note",
            "string",
            "text, optional",
            "what is missing from a partial page, and why",
            **own,
        ),
        field(
            "source",
            "object",
            "object, optional",
            "where the figures come from (present when any figure is held)",
            **own,
        ),
        field(
            "source.title",
            "string",
            "text",
            "title of the page or copy",
            column="source_title",
            **part,
        ),
        field(
            "source.publisher",
            "string",
            "text",
            "who published it",
            column="source_publisher",
            **part,
        ),
        field(
            "source.published",
            "string",
            "date (ISO 8601)",
            "date of publication",
            column="source_published",
            **part,
        ),
        field(
            "source.urls",
            "array",
            "list of text",
            "web addresses (`http://` or `https://`) of copies we read, when not the original",
            column="source_urls",
            column_words="text (addresses separated by spaces)",
            **part,
        ),
        field(
            "provenance",
            "object",
            "object, optional",
            "present when the file was written by `geoapp summaries import`",
            **own,
        ),
        field(
            "provenance.file",
            "string",
            "text",
            "the PDF it was read from: its web address, or its file name",
            column="provenance_file",
            **part,
        ),
        field(
            "provenance.sha256",
            "string",
            "text",
            "the PDF's SHA-256",
            column="provenance_sha256",
            **part,
        ),
        field(
            "provenance.read",
            "string",
            "date (ISO 8601)",
            "the day it was read",
            column="provenance_read",
            **part,
        ),
        field(
            "provenance.status",
            "string",
            "text",
            "`imported` (as the importer read it) or `reviewed` (a person has checked every "
            "value against the PDF)",
            column="provenance_status",
            **part,
        ),
    )


STATISTIC_MEANINGS = {
    "ons_residents_16_64_2017": "residents aged 16–64, Jan–Dec 2017 (Annual Population "
    "Survey; rounded to 100 by ONS)",
    "ons_employed_16_64_2017": "of whom in employment, Jan–Dec 2017 (same survey and rounding)",
    "ons_residents_16_64_2018": "residents aged 16–64, Jan–Dec 2018",
    "ons_employed_16_64_2018": "of whom in employment, Jan–Dec 2018",
    "ons_enterprises_2018": "VAT- or PAYE-registered enterprises, March 2018 (UK Business "
    "Counts; rounded to 5 by ONS)",
    "ons_in_employment_16_plus_2017": "people in employment aged 16 and over, Jan–Dec 2017 "
    "(Annual Population Survey, table T01:7; rounded to 100 by ONS): the concept of the "
    "summaries' `people_in_employment`, but ONS's own estimate, period and weighting, so "
    "never shown as a summary figure",
    "ons_in_employment_16_plus_2017_18": "the same, Jul 2017–Jun 2018",
    "ons_in_employment_16_plus_2018": "the same, Jan–Dec 2018",
    "employment_rate_2017": "**computed by us**: `ons_employed_16_64_2017` ÷ "
    "`ons_residents_16_64_2017` × 100, in %, to one decimal place (halves rounded up)",
    "employment_rate_2018": "**computed by us**, the same for 2018",
    "employment_rate_change": "**computed by us**: the 2018 rate minus the 2017 rate, from "
    "the unrounded rates, in percentage points to one decimal place (so it can differ by "
    "0.1 from the difference of the rounded rates)",
    "enterprises_per_1000_residents": "**computed by us**: `ons_enterprises_2018` ÷ "
    "`ons_residents_16_64_2018` × 1,000, to one decimal place",
}


def statistics_fields() -> tuple[Field, ...]:
    """The ONS statistics fields, in both sets' records, and how the two sets link."""
    leads = {"leads_in": ONLY_2021}
    return (
        field(
            "ons_statistics",
            "string",
            "text",
            "ONS statistics for this area (not part of the summaries): `published` (the "
            "values below are present), `different area` (its code and boundary changed by "
            "April 2021, the statistics' geography: see `ons_statistics_areas`) or `not "
            "published` (nations: ONS publishes these by LEP for England only)",
            required_in=ONLY_2021,
            **leads,
        ),
        *(
            field(name, "integer", "integer, optional", STATISTIC_MEANINGS[name], **leads)
            for name in PUBLISHED
        ),
        *(
            field(
                name,
                "number",
                "number, optional",
                STATISTIC_MEANINGS[name],
                column_words="number (one decimal place)",
                **leads,
            )
            for name in DERIVED
        ),
        field(
            "ons_statistics_source",
            "string",
            "text, optional",
            "the collection the statistics come from (details in `ons/measures.toml`)",
            **leads,
        ),
        field(
            "ons_statistics_areas",
            "array",
            "list, optional",
            "for `different area`: the April 2021 LEPs holding at least 10 % of this area, "
            "whose statistics apply instead",
            sets=ONLY_SUMMARIES,
        ),
        field(
            "ons_statistics_areas[].code",
            "string",
            "text",
            "their ONS code (2021)",
            sets=ONLY_SUMMARIES,
            column="ons_statistics_area_codes",
            column_words="text (codes of the April 2021 LEPs separated by spaces; for "
            "`different area`)",
        ),
        field("ons_statistics_areas[].name", "string", "text", "their name", sets=ONLY_SUMMARIES),
        field(
            "summary_areas",
            "array",
            "list, optional",
            "(2021 LEPs only) the December 2018 summary areas holding at least 10 % of this LEP",
            sets=ONLY_2021,
            leads_in=ONLY_2021,
        ),
        field(
            "summary_areas[].code",
            "string",
            "text",
            "their ONS code (April 2017)",
            sets=ONLY_2021,
            column="summary_area_codes",
            column_words="text (codes of the December 2018 summary areas holding at least "
            "10 % of this LEP, separated by spaces; join to `areas.csv` on `code`)",
        ),
        field("summary_areas[].name", "string", "text", "their name", sets=ONLY_2021),
    )


#: Every field of the area record, in the data dictionary's order.
FIELDS: tuple[Field, ...] = (*identity_fields(), *summary_fields(), *statistics_fields())
TOP_LEVEL = {f.name: f for f in FIELDS if f.top_level}


def leading_types(set_key: str) -> dict[str, str]:
    """Return the fields the set's OGC API leads with and their JSON types, in order."""
    return {f.name: f.kind for f in FIELDS if set_key in f.leads_in}


def required_fields(set_key: str) -> tuple[str, ...]:
    """Return the fields every record of the set has."""
    return tuple(f.name for f in FIELDS if set_key in f.required_in)


def table_columns(set_key: str) -> dict[str, str]:
    """Return the set's CSV columns: column name → record field (``[]`` for each item of a
    list), in column order."""
    return {f.column: f.name for f in FIELDS if f.column and set_key in f.sets}


def dictionary_rows(fields: Iterable[Field]) -> list[str]:
    """Return the data dictionary's table of record fields, as Markdown lines."""
    rows = ["| field | type | meaning |", "| --- | --- | --- |"]
    return rows + [f"| `{f.name}` | {f.words} | {f.meaning} |" for f in fields]


def table_rows(set_key: str) -> list[str]:
    """Return the data dictionary's table of the set's CSV columns, as Markdown lines."""
    rows = ["| column | record field | type |", "| --- | --- | --- |"]
    by_name = {f.name: f for f in FIELDS}
    for column, name in table_columns(set_key).items():
        rows.append(f"| `{column}` | `{name}` | {by_name[name].table_words} |")
    return rows


class Record(dict):
    """An area's record: plain JSON-ready data, built once with its set and never changed.

    A dict, so that JSON encoders, Jinja and ``{**record}`` read it as they read any
    mapping; every method that would change it raises TypeError.
    """

    __slots__ = ("set_key",)

    def __init__(self, fields: Mapping, set_key: str):
        unknown = [
            name for name in fields if name not in TOP_LEVEL or set_key not in TOP_LEVEL[name].sets
        ]
        if unknown:
            raise ValueError(
                f"fields not declared for {set_key} in geoapp/model/record.py: {unknown}"
            )
        super().__init__(fields)
        self.set_key = set_key

    @property
    def from_summaries(self) -> bool:
        """Whether this is a record of the summaries' areas (those have summary fields)."""
        return self.set_key == SUMMARIES

    def __reduce__(self):
        # copy and pickle rebuild it through __init__, not item by item.
        return (Record, (dict(self), self.set_key))

    def _frozen(self, *args, **kwargs):
        raise TypeError("an area record is built once and never changed")

    __setitem__ = __delitem__ = _frozen
    clear = pop = popitem = setdefault = update = _frozen
    __ior__ = _frozen
