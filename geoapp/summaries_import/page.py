"""Read the fields of a summary page from its paragraphs, strictly: never a guess.

Each field is taken only when the page prints it in the one form we know, exactly once.
Anything else is left out and listed with the reason (``ReadPage.missing``), so a person
can read it off the PDF. A page that is not a summary, or whose title names no area we
know, is refused (``NotASummary``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from geoapp.inputs.figures import AMOUNT_PATTERN, parse_amount

HIGHLIGHTS_HEADING = re.compile(r"Industrial Strategy highlights include:?", re.IGNORECASE)
POINTER = re.compile(r"^For more examples\b", re.IGNORECASE)
NATIONAL = re.compile(r"^We have committed more than £", re.IGNORECASE)
CASE_STUDY = re.compile(r"^Case study:\s*(.+)$", re.IGNORECASE)
#: A number as printed, taken whole (possessive: "1.1m" is never read as "1").
NUMBER = r"([0-9][0-9,.]*+)"
#: How each figure is printed. ``(?<![0-9,.£])`` so a figure is never the tail of another.
FIGURE_PATTERNS = {
    "population": rf"\bPopulation:?\s+{NUMBER}(?!\s*(?:m|k|bn|million)\b)",
    "businesses": rf"\bBusinesses:?\s+{NUMBER}(?!\s*(?:m|k|bn|million)\b)",
    "people_in_employment": rf"(?<![0-9,.£]){NUMBER}\s+people\s+in\s+employment",
    "employment_change_since_2010": (
        rf"\ban?\s+(increase|rise|fall|decrease|reduction)\s+of\s+{NUMBER}\s+since\s+2010"
    ),
    "living_wage_beneficiaries": (
        rf"(?<![0-9,.£]){NUMBER}\s+workers\s+directly\s+benefiting\s+from\s+the\s+National\s+"
        r"Living\s+and\s+Minimum\s+Wages?"
    ),
    "apprenticeship_starts_last_year": (
        rf"(?<![0-9,.£]){NUMBER}\s+apprenticeships?\s+starts?\s+last\s+year"
    ),
}
FALLS = {"fall", "decrease", "reduction"}
COUNT = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})*|[0-9]+")
LEADING_AMOUNT = re.compile(rf"^(?P<amount>{AMOUNT_PATTERN.pattern})\s+(?P<funds>\S.*)$")
ANY_AMOUNT = re.compile(r"£\s?[0-9][0-9,.]*(?:\s?(?:k|m|bn|million|billion)\b)?")
MIN_HIGHLIGHTS, MAX_HIGHLIGHTS = 2, 5


class NotASummary(Exception):
    """The page is not an Industrial Strategy local summary of an area we know."""


@dataclass
class ReadPage:
    """What was read from one page: the area, its fields, and what could not be read."""

    code: str
    title: str
    figures: dict[str, int] = field(default_factory=dict)
    investments: list[dict] = field(default_factory=list)
    case_study: dict = field(default_factory=dict)
    lis_line: str = ""
    missing: list[tuple[str, str]] = field(default_factory=list)  # (field, reason)

    def leave_out(self, name: str, reason: str) -> None:
        self.missing.append((name, reason))


def normalised(name: str) -> str:
    """Return a name reduced for comparison: case, accents, "&", punctuation and a
    trailing "Local Enterprise Partnership" or "LEP" do not matter."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text.replace("&", " and ")).strip()
    return re.sub(r"\s+(local enterprise partnership|lep)$", "", text)


def area_of(title: str, names: dict[str, list[str]]) -> str:
    """Return the code whose printed names include ``title``. Raises NotASummary."""
    wanted = normalised(title)
    found = {code for code, known in names.items() if wanted in {normalised(n) for n in known}}
    if len(found) != 1:
        raise NotASummary(
            f"its title {title!r} is not the name of an area in data/areas.toml"
            if not found
            else f"its title {title!r} names {len(found)} areas: {', '.join(sorted(found))}"
        )
    return found.pop()


def count(text: str) -> int | None:
    """Return a count printed as "1,116,300" or "58305"; None for any other form."""
    text = text.removesuffix(".")  # the end of a sentence
    return int(text.replace(",", "")) if COUNT.fullmatch(text) else None


def printed_number(match: re.Match[str]) -> str:
    """Return the number a FIGURE_PATTERNS match found: its last group (each pattern ends
    with NUMBER's group; some have a word before it)."""
    return match.group(match.lastindex or 0)


def read_figures(page: ReadPage, text: str) -> None:
    for name, pattern in FIGURE_PATTERNS.items():
        matches = list(re.finditer(pattern, text, flags=re.IGNORECASE))
        if not matches:
            page.leave_out(f"figures.{name}", "not printed in the form the importer knows")
            continue
        printed = {printed_number(m) for m in matches}
        if len(printed) > 1:
            values = ", ".join(sorted(printed))
            page.leave_out(f"figures.{name}", f"printed {len(printed)} times differently: {values}")
            continue
        number = count(printed_number(matches[0]))
        if number is None:
            page.leave_out(f"figures.{name}", f"{printed_number(matches[0])!r} is not a count")
            continue
        if name == "employment_change_since_2010" and matches[0].group(1).lower() in FALLS:
            number = -number
        page.figures[name] = number


def read_highlight(page: ReadPage, index: int, text: str) -> None:
    where = f"investments[{index}]"
    match = LEADING_AMOUNT.match(text)
    if match:
        try:
            amount = parse_amount(match["amount"]).text
        except ValueError as error:
            page.leave_out(where, str(error))
            return
        page.investments.append({"amount": amount, "funds": match["funds"]})
    elif text.startswith("£") or ANY_AMOUNT.search(text):
        sum_ = ANY_AMOUNT.search(text)
        shown = sum_[0] if sum_ else text[:12]
        page.leave_out(where, f"its amount {shown!r} is not a sum like '£2.5m' at its start")
    else:
        page.investments.append({"funds": text})


def read_highlights(page: ReadPage, paragraphs: Sequence[str]) -> None:
    if not MIN_HIGHLIGHTS <= len(paragraphs) <= MAX_HIGHLIGHTS:
        page.leave_out(
            "investments",
            f"found {len(paragraphs)} highlights; a page has {MIN_HIGHLIGHTS} to {MAX_HIGHLIGHTS}",
        )
        return
    for index, text in enumerate(paragraphs, start=1):
        read_highlight(page, index, text)


def places_in(text: str, place_names: Iterable[str]) -> list[str]:
    """Return the known place names printed in ``text``, in order, each once (longest first,
    so "East Hampshire" is not also read as "Hampshire")."""
    names = sorted({n for n in place_names if n}, key=len, reverse=True)
    if not names:
        return []
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    return list(dict.fromkeys(m[1] for m in pattern.finditer(text)))


def read_case_study(page: ReadPage, name: str, paragraphs: Sequence[str], place_names) -> None:
    description = " ".join(paragraphs)
    if not description:
        page.leave_out("case_study", "its description was not found")
        return
    study = {"name": name}
    places = places_in(description, place_names)
    if places:
        study["place"] = ", ".join(places)
    else:
        page.leave_out("case_study.place", "no place the importer knows is named in it")
    amounts = list(dict.fromkeys(m[0] for m in ANY_AMOUNT.finditer(description)))
    if len(amounts) == 1:
        try:
            study["amount"] = parse_amount(amounts[0]).text
        except ValueError as error:
            page.leave_out("case_study.amount", str(error))
    elif len(amounts) > 1:
        page.leave_out("case_study.amount", f"it names {len(amounts)} sums: {', '.join(amounts)}")
    study["description"] = description
    page.case_study = study


def index_of(paragraphs: Sequence[str], pattern: re.Pattern, start: int = 0) -> int | None:
    return next((i for i in range(start, len(paragraphs)) if pattern.search(paragraphs[i])), None)


def check_is_summary(paragraphs: Sequence[str]) -> int:
    """Return where the highlights heading is. Raises NotASummary if the page lacks the
    parts every summary prints."""
    heading = index_of(paragraphs, HIGHLIGHTS_HEADING)
    text = "\n".join(paragraphs)
    lacking = [
        label
        for label, found in (
            ("'Industrial Strategy highlights include'", heading is not None),
            ("'Population'", re.search(r"\bPopulation\b", text)),
            ("'Businesses'", re.search(r"\bBusinesses\b", text)),
        )
        if not found
    ]
    if lacking or heading is None:
        raise NotASummary(f"not an Industrial Strategy local summary: no {', '.join(lacking)}")
    return heading


def read_page(
    paragraphs: Sequence[str], title: str, names: dict[str, list[str]], place_names=()
) -> ReadPage:
    """Return the fields read from a summary page's paragraphs (in reading order).

    ``names`` maps each area code to the names a page may print as its title;
    ``place_names`` are the places a case study's description may name.
    Raises NotASummary for any other page.
    """
    paragraphs = list(paragraphs)
    heading = check_is_summary(paragraphs)
    page = ReadPage(code=area_of(title, names), title=title)
    text = "\n".join(paragraphs)
    read_figures(page, text)
    jobs = index_of(paragraphs, re.compile(FIGURE_PATTERNS["people_in_employment"]), heading)
    end = jobs if jobs is not None else index_of(paragraphs, re.compile(r"^Population"), heading)
    read_highlights(page, paragraphs[heading + 1 : end])
    case = index_of(paragraphs, CASE_STUDY)
    pointer = index_of(paragraphs, POINTER)
    national = index_of(paragraphs, NATIONAL)
    stop = next(
        (i for i in (pointer, national) if i is not None and case is not None and i > case), None
    )
    named = CASE_STUDY.match(paragraphs[case]) if case is not None else None
    if case is None or named is None:
        page.leave_out("case_study", "no 'Case study:' heading")
    else:
        read_case_study(page, named[1], paragraphs[case + 1 : stop], place_names)
    read_lis_line(page, paragraphs, pointer, national)
    return page


def read_lis_line(page: ReadPage, paragraphs: Sequence[str], pointer, national) -> None:
    """The Local Industrial Strategy line: the paragraph between the map pointer and the
    national line (a nation's page words it its own way)."""
    if pointer is None or national is None or national <= pointer:
        page.leave_out("lis_line", "the map pointer and the national line were not found")
        return
    between = list(dict.fromkeys(paragraphs[pointer + 1 : national]))
    if len(between) != 1:
        page.leave_out("lis_line", f"{len(between)} paragraphs where one was expected")
        return
    page.lis_line = between[0]
