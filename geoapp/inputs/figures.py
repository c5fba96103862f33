"""Read and validate data/: the register of areas and the published summary pages.

Every fault is collected and raised together as a DataError (file, field, reason), so
whoever edits the data sees all of them at once.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from geoapp.inputs.datafiles import DataFiles
from geoapp.inputs.problems import DataError, Problem

#: The figures of a summary page, in the order the page gives them.
FIGURE_FIELDS = (
    "population",
    "businesses",
    "people_in_employment",
    "employment_change_since_2010",
    "living_wage_beneficiaries",
    "apprenticeship_starts_last_year",
)
EMPLOYMENT_FIELDS = FIGURE_FIELDS[2:]
#: Figures that may be negative (a change can be a fall).
SIGNED_FIELDS = {"employment_change_since_2010"}
STATUSES = ("complete", "partial")
#: Whether a person has checked an imported file against its PDF.
PROVENANCE_STATUSES = ("imported", "reviewed")
SHA256 = re.compile(r"[0-9a-f]{64}")
WEB_ADDRESS = re.compile(r"https?://\S+", re.IGNORECASE)
#: "£2.5m", "£34m", "£45bn", "£500", and as some pages print them, "£600,000", "£1.5 million".
#: ASCII digits only: "£１m" (a full-width 1) is not a sum as printed.
AMOUNT_PATTERN = re.compile(
    r"£(?:([0-9]{1,3}(?:,[0-9]{3})+)|([0-9]+(?:\.[0-9]+)?)(k|m|bn| million| billion)?)"
)
MULTIPLIERS = {
    None: 1,
    "k": 1_000,
    "m": 1_000_000,
    " million": 1_000_000,
    "bn": 1_000_000_000,
    " billion": 1_000_000_000,
}


@dataclass(frozen=True)
class Amount:
    """A sum of money as printed ("£2.5m") and in pounds (2500000)."""

    text: str
    gbp: int


@dataclass(frozen=True)
class Investment:
    """An "Industrial Strategy highlight": what it funds and its amount, if the page gave one."""

    funds: str
    amount: Amount | None


@dataclass(frozen=True)
class CaseStudy:
    name: str
    place: str
    description: str
    amount: Amount | None


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    published: dt.date
    urls: tuple[str, ...]


@dataclass(frozen=True)
class Provenance:
    """Where an imported file was read from: the PDF (address or file name), its SHA-256,
    the day it was read, and ``imported`` until a person marks it ``reviewed``."""

    file: str
    sha256: str
    read: dt.date
    status: str


@dataclass(frozen=True)
class Summary:
    """What is known of one area's summary page. Unknown figures are absent from ``figures``."""

    status: str
    source: Source
    figures: dict[str, int]
    investments: tuple[Investment, ...]
    case_study: CaseStudy | None
    lis_line: str
    note: str
    #: Present when the file was written by ``geoapp summaries import``.
    provenance: Provenance | None = None

    @property
    def has_employment(self) -> bool:
        return any(name in self.figures for name in EMPLOYMENT_FIELDS)


@dataclass(frozen=True)
class Publication:
    """The publication as a whole: the local summaries of 3 December 2018."""

    title: str
    publisher: str
    published: dt.date
    period: str
    licence: str
    licence_url: str
    attribution: str
    national_amount: Amount
    national_line: str
    #: The government's announcement that published every summary (optional).
    announcement_title: str = ""
    announcement_url: str = ""


@dataclass(frozen=True)
class Figures:
    """Everything in data/: the publication, each area's LIS wave and the known summaries."""

    publication: Publication
    lis_waves: dict[str, str]
    summaries: dict[str, Summary]


def parse_amount(text: object) -> Amount:
    """Return the Amount for a printed sum such as "£2.5m". Raises ValueError if malformed."""
    match = AMOUNT_PATTERN.fullmatch(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"amount {text!r} is not a sum like '£2.5m', '£34m' or '£45bn'")
    grouped, number, unit = match.groups()
    pounds = Decimal(grouped.replace(",", "")) if grouped else Decimal(number) * MULTIPLIERS[unit]
    if pounds != pounds.to_integral_value():
        raise ValueError(f"amount {text!r} is not a whole number of pounds")
    return Amount(text=match.string, gbp=int(pounds))


class _Reader:
    """Reads one TOML file, noting each problem against that file instead of stopping."""

    def __init__(self, path: Path, problems: list[Problem], files: DataFiles | None = None):
        self.path, self.problems = path, problems
        #: The build's data files (each read once), or None to read this one afresh.
        self.files = files

    def load(self) -> dict | None:
        try:
            text = self.files.read_text(self.path) if self.files else None
            return tomllib.loads(
                text if text is not None else self.path.read_text(encoding="utf-8")
            )
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            self.fault("", f"cannot read the file: {error}")
            return None

    def fault(self, field: str, reason: str) -> None:
        self.problems.append(Problem(str(self.path), field, reason))

    def text(self, table: dict, field: str, prefix: str = "", required: bool = True) -> str:
        value = table.get(field)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fault(prefix + field, "missing" if value is None else "must be non-empty text")
            return ""
        return value.strip()

    def choice(self, table: dict, field: str, choices: tuple[str, ...], prefix: str = "") -> str:
        """Return the field's value if it is one of ``choices``; else note a fault, return ""."""
        value = table.get(field)
        if value not in choices:
            self.fault(prefix + field, f"must be one of {', '.join(choices)}, not {value!r}")
            return ""
        return value

    def amount(self, table: dict, field: str, prefix: str) -> Amount | None:
        if field not in table:
            return None
        try:
            return parse_amount(table[field])
        except ValueError as error:
            self.fault(prefix + field, str(error))
            return None

    def date(self, table: dict, field: str, prefix: str) -> dt.date:
        value = table.get(field)
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.fault(prefix + field, "must be a date such as 2018-12-03")
            return dt.date.min
        return value


def read_publication(reader: _Reader, table: object) -> Publication | None:
    """Return the [publication] table as a Publication, or None after noting its faults."""
    if not isinstance(table, dict):
        reader.fault("publication", "missing")
        return None
    p = "publication."
    keys = ("title", "publisher", "period", "licence", "licence_url", "attribution")
    texts = {key: reader.text(table, key, p) for key in keys}
    national_amount = reader.amount(table, "national_amount", p)
    if national_amount is None and "national_amount" not in table:
        reader.fault(p + "national_amount", "missing")
    national_line = reader.text(table, "national_line", p)
    published = reader.date(table, "published", p)
    for key in ("announcement_title", "announcement_url"):
        texts[key] = reader.text(table, key, p, required=False)
    if texts["announcement_url"] and not texts["announcement_url"].startswith("https://"):
        reader.fault(p + "announcement_url", "must be an https:// address")
        texts["announcement_url"] = ""
    if national_amount is None:
        return None
    return Publication(
        published=published, national_amount=national_amount, national_line=national_line, **texts
    )


def check_printed_names(reader: _Reader, code: str, entry: object, seen: dict) -> None:
    """``printed_names`` (optional): the titles a summary page may print for the area, which
    ``geoapp summaries import`` recognises it by; a name may belong to one area only."""
    names = entry.get("printed_names", []) if isinstance(entry, dict) else []
    where = f"areas.{code}.printed_names"
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        reader.fault(where, "must be a list of names")
        return
    for name in names:
        other = seen.setdefault(name.casefold(), code)
        if other != code:
            reader.fault(where, f"{name!r} is also a printed name of {other}")


def read_register(
    path: Path, known_codes: set[str], problems: list[Problem], files: DataFiles | None = None
):
    """Return (Publication, {code: LIS wave}) from areas.toml; note faults in ``problems``."""
    reader = _Reader(path, problems, files)
    register = reader.load()
    if register is None:
        return None, {}
    publication = read_publication(reader, register.get("publication"))
    areas = register.get("areas", {})
    if not isinstance(areas, dict):
        reader.fault("areas", "must be a table of [areas.<code>] entries")
        areas = {}
    waves: dict[str, str] = {}
    printed: dict[str, str] = {}
    for code, entry in areas.items():
        if code not in known_codes:
            reader.fault(f"areas.{code}", "unknown area code: no boundary has it")
            continue
        waves[code] = (
            reader.text(entry, "lis_wave", f"areas.{code}.") if isinstance(entry, dict) else ""
        )
        check_printed_names(reader, code, entry, printed)
    for code in sorted(known_codes - set(areas)):
        reader.fault(f"areas.{code}", "area missing from the register")
    return publication, waves


def read_figures(reader: _Reader, table: object) -> dict[str, int]:
    """Return the known figures of a [figures] table; unknown ones are simply left out."""
    if not isinstance(table, dict):
        reader.fault("figures", "missing: give at least the figures the page shows")
        return {}
    figures = {}
    for field, value in table.items():
        where = f"figures.{field}"
        if field not in FIGURE_FIELDS:
            reader.fault(where, f"unknown figure; known: {', '.join(FIGURE_FIELDS)}")
        elif not isinstance(value, int) or isinstance(value, bool):
            reader.fault(where, f"must be a whole number as printed, not {value!r}")
        elif value < 0 and field not in SIGNED_FIELDS:
            reader.fault(where, f"must not be negative ({value})")
        else:
            figures[field] = value
    return figures


def read_investments(reader: _Reader, entries: object) -> tuple[Investment, ...]:
    if not isinstance(entries, list):
        reader.fault("investments", "must be a list of [[investments]] tables")
        return ()
    investments = []
    for index, entry in enumerate(entries, start=1):
        prefix = f"investments[{index}]."
        if not isinstance(entry, dict):
            reader.fault(prefix[:-1], "must be a table")
            continue
        funds = reader.text(entry, "funds", prefix)
        investments.append(Investment(funds=funds, amount=reader.amount(entry, "amount", prefix)))
    return tuple(investments)


def read_case_study(reader: _Reader, table: object) -> CaseStudy | None:
    if table is None:
        return None
    if not isinstance(table, dict):
        reader.fault("case_study", "must be a table")
        return None
    p = "case_study."
    return CaseStudy(
        name=reader.text(table, "name", p),
        # An imported page may name no place the importer can recognise: left out.
        place=reader.text(table, "place", p, required=False),
        description=reader.text(table, "description", p),
        amount=reader.amount(table, "amount", p),
    )


def read_source(reader: _Reader, table: object) -> Source | None:
    if not isinstance(table, dict):
        reader.fault("source", "missing: every figure needs its source")
        return None
    urls = table.get("urls", [])
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        reader.fault("source.urls", "must be a list of addresses")
        urls = []
    # Pages link to these: only web addresses, never javascript: or data: ones.
    for url in [u for u in urls if not WEB_ADDRESS.fullmatch(u)]:
        reader.fault("source.urls", f"{url!r} is not an http:// or https:// address")
    urls = [u for u in urls if WEB_ADDRESS.fullmatch(u)]
    return Source(
        title=reader.text(table, "title", "source."),
        publisher=reader.text(table, "publisher", "source."),
        published=reader.date(table, "published", "source."),
        urls=tuple(urls),
    )


def read_provenance(reader: _Reader, table: object) -> Provenance | None:
    if table is None:
        return None
    if not isinstance(table, dict):
        reader.fault("provenance", "must be a table")
        return None
    p = "provenance."
    sha256 = reader.text(table, "sha256", p)
    if sha256 and not SHA256.fullmatch(sha256):
        reader.fault(p + "sha256", f"{sha256!r} is not a SHA-256 (64 lower-case hex digits)")
    status = reader.choice(table, "status", PROVENANCE_STATUSES, p)
    return Provenance(
        file=reader.text(table, "file", p),
        sha256=sha256,
        read=reader.date(table, "read", p),
        status=status,
    )


def read_summary(
    path: Path, known_codes: set[str], problems: list[Problem], files: DataFiles | None = None
):
    """Return (code, Summary) for one summaries/*.toml file, or None after noting faults."""
    reader = _Reader(path, problems, files)
    table = reader.load()
    if table is None:
        return None
    before = len(problems)
    code = reader.text(table, "code")
    if code and code not in known_codes:
        reader.fault("code", f"unknown area code {code!r}")
    # Every part is read, and its faults noted, in the file's order before any is judged.
    status = reader.choice(table, "status", STATUSES)
    source = read_source(reader, table.get("source"))
    figures = read_figures(reader, table.get("figures"))
    investments = read_investments(reader, table.get("investments", []))
    case_study = read_case_study(reader, table.get("case_study"))
    lis_line = reader.text(table, "lis_line", required=False)
    note = reader.text(table, "note", required=False)
    provenance = read_provenance(reader, table.get("provenance"))
    if len(problems) > before or source is None:  # a missing source is a noted fault too
        return None
    summary = Summary(status, source, figures, investments, case_study, lis_line, note, provenance)
    return code, summary


def load_figures(data_dir: Path, known_codes: set[str], files: DataFiles | None = None) -> Figures:
    """Return everything in ``data_dir`` validated against the boundary codes; ``files``
    are the build's data files (each read once), made afresh without.

    Raises DataError listing every problem in every file.
    """
    files = files or DataFiles(data_dir)
    problems: list[Problem] = []
    publication, waves = read_register(data_dir / "areas.toml", known_codes, problems, files)
    summaries: dict[str, Summary] = {}
    for path in sorted((data_dir / "summaries").glob("*.toml")):
        result = read_summary(path, known_codes, problems, files)
        if result is None:
            continue
        code, summary = result
        if code in summaries:
            problems.append(Problem(str(path), "code", f"a second summary for {code}"))
        summaries[code] = summary
    if problems or publication is None:
        raise DataError(problems)
    return Figures(publication=publication, lis_waves=waves, summaries=summaries)
