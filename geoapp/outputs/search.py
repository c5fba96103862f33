"""One search box over area names, council (district) names and postcodes. No Flask.

``Finder.search(query)`` returns ranked, plain results: what matched, of which kind, and
the codes of the summary areas it leads to. A postcode gives a point and the point gives
its areas, exactly as a click on the map does.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import shapely
from pyproj import Geod

from geoapp.inputs import postcodes
from geoapp.inputs.postcodes import PostcodeAnswer, PostcodeIndex
from geoapp.model.areas import Area, AreaSet
from geoapp.model.districts import District, Districts

AREA = "area"
DISTRICT = "district"
POSTCODE = "postcode"
KIND_LABELS = {
    AREA: "Area of the summaries",
    DISTRICT: "Council (local authority district)",
    POSTCODE: "Postcode",
}
#: A postcode outside every area's outline but this close to one is given that area. The
#: outlines are generalised to 500 m and clipped to the coast, so 5,407 postcodes (0.21 %,
#: seaside and small islands) fall outside: half within 63 m, 99.9 % within 3.5 km, the
#: farthest 9.3 km (measured over the May 2025 postcodes).
SNAP_METRES = 10_000
MAX_QUERY = 100
DEFAULT_LIMIT = 10
CROWN_DEPENDENCIES = {"GY": "Guernsey", "JE": "Jersey", "IM": "the Isle of Man"}
NORTHERN_IRELAND_CODE = "N92000002"
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class Match:
    """One search result: what matched, its kind, and the areas it leads to."""

    label: str
    kind: str
    area_codes: tuple[str, ...]
    code: str = ""
    note: str = ""
    approximate: bool = False
    lat: float | None = None
    lon: float | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class SearchResult:
    """The ranked matches of one query, and a message when there are none or a caveat."""

    query: str
    matches: tuple[Match, ...]
    message: str = ""
    postcode: PostcodeAnswer | None = None

    @property
    def uses_postcodes(self) -> bool:
        """True when a postcode's location was used (its attribution must be shown)."""
        return any(m.kind == POSTCODE and m.lat is not None for m in self.matches)

    @property
    def uses_districts(self) -> bool:
        return any(m.kind == DISTRICT for m in self.matches)


@dataclass(frozen=True)
class Entry:
    """A searchable name: its normalised text and the match it yields."""

    text: str
    match: Match
    rank: int


def simplify(text: str) -> str:
    """Return text for matching: ASCII, lower case, "&" as "and", words split by one space.

    "King's Lynn & West Norfolk" → "kings lynn and west norfolk"; "St. Albans" → "st albans".
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’`]", "", ascii_text.lower().replace("&", " and "))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text).split())


def name_variants(name: str) -> list[str]:
    """Return the ways a district's name may be typed: "Bristol, City of" → also "Bristol"."""
    found = re.fullmatch(r"(.+), (City|County) of", name)
    if not found:
        return [name]
    place, kind = found.groups()
    return [name, place, f"{kind} of {place}"]


def match_rank(query: str, text: str) -> int | None:
    """Return how well ``text`` matches ``query`` (both simplified): 0 best, None no match.

    0 the same; 1 starts with it; 2 a word starts with it; 3 every word of the query
    starts a word of the text.
    """
    if text == query:
        return 0
    if text.startswith(query):
        return 1
    if f" {query}" in f" {text}":
        return 2
    words = text.split()
    if all(any(w.startswith(q) for w in words) for q in query.split()):
        return 3
    return None


class Finder:
    """Searches areas, districts and postcodes; built once at start-up."""

    def __init__(
        self, area_set: AreaSet, districts: Districts | None, postcode_index: PostcodeIndex | None
    ):
        self.area_set = area_set
        self.districts = districts
        self.postcodes = postcode_index
        self._entries = self._build_entries()
        self._by_code = {e.match.code: e.match for e in self._entries}
        self._tree = area_set.shape_tree  # the areas' ONS shapes, shared with the OGC API

    def _build_entries(self) -> list[Entry]:
        entries = []
        for area in self.area_set.areas:
            match = Match(area.name, AREA, (area.code,), code=area.code, note=area.type_label)
            entries += [Entry(simplify(area.name), match, 0), Entry(simplify(area.slug), match, 0)]
        for district in self.districts.districts if self.districts else ():
            note = self.district_note(district)
            match = Match(district.name, DISTRICT, district.area_codes, district.code, note)
            entries += [Entry(simplify(v), match, 1) for v in name_variants(district.name)]
        return entries

    @property
    def entries(self) -> list[Entry]:
        """Every searchable name (areas, their slugs, districts' names and variants)."""
        return self._entries

    def district_note(self, district: District) -> str:
        """Return a sentence on how a district sits in its areas, or "" for just one."""
        names = [held_area(self.area_set, code).name for code in district.area_codes]
        if len(names) < 2:
            return ""
        if district.is_split:
            parts = [
                f"{n} ({m.share:.0%})" for n, m in zip(names, district.memberships, strict=True)
            ]
            return f"Split between {' and '.join(parts)}."
        return "Both areas covered all of it: Local Enterprise Partnerships overlapped in 2018."

    def search(self, query: str, limit: int = DEFAULT_LIMIT) -> SearchResult:
        """Return the best matches for ``query``, best first.

        A query with a digit is a code (E37000017) or a postcode; anything else a name.
        Raises ValueError when the query is too long or holds control characters.
        """
        query = check_query(query)
        if not query:
            return SearchResult(query, ())
        by_code = self._by_code.get(query.upper().replace(" ", ""))
        if by_code:
            return SearchResult(query, (by_code,))
        if any("0" <= c <= "9" for c in query):
            return self.search_postcode(query)
        return self.search_names(query, limit)

    def search_names(self, query: str, limit: int) -> SearchResult:
        """Return the areas and districts whose names match, best first."""
        wanted = simplify(query)
        if not wanted:
            return SearchResult(query, (), f"“{query}” is not a name we can search for.")
        ranked: dict[Match, tuple] = {}
        for entry in self._entries:
            rank = match_rank(wanted, entry.text)
            if rank is not None:
                key = (rank, entry.rank, len(entry.match.label), entry.match.label)
                ranked[entry.match] = min(key, ranked.get(entry.match, key))
        matches = sorted(ranked, key=ranked.__getitem__)[:limit]
        if matches:
            return SearchResult(query, tuple(matches))
        return self.suggest(query, wanted, limit)

    def suggest(self, query: str, wanted: str, limit: int) -> SearchResult:
        """Return names close to a query that matched nothing (typos), flagged approximate."""
        texts: dict[str, Match] = {}
        for entry in self._entries:
            texts.setdefault(entry.text, entry.match)
        close = difflib.get_close_matches(wanted, list(texts), n=min(limit, 5), cutoff=0.75)
        matches = tuple(dict.fromkeys(_approximate(texts[text]) for text in close))
        if matches:
            return SearchResult(query, matches, f"Nothing is called “{query}”. Did you mean:")
        message = (
            f"No area, council or postcode matches “{query}”. Try the name of your council "
            "or town's area, or a full postcode such as SG1 1AA."
        )
        return SearchResult(query, (), message)

    def search_postcode(self, query: str) -> SearchResult:
        """Return the areas at a postcode, or a message saying why there are none."""
        answer, areas, note = self.locate_postcode(query)
        if not areas:
            return SearchResult(query, (), note, answer)
        codes = tuple(area.code for area in areas)
        match = Match(
            answer.postcode, POSTCODE, codes, answer.postcode, note, lat=answer.lat, lon=answer.lon
        )
        return SearchResult(query, (match,), postcode=answer)

    def locate_postcode(self, text: str) -> tuple[PostcodeAnswer, list[Area], str]:
        """Return (what is known of the postcode, the areas it is in, a note for people).

        With no areas, the note says why (invalid, unknown, no location, …).
        """
        answer = self.lookup_postcode(text)
        if answer.status == postcodes.NORTHERN_IRELAND:
            nation = self.area_set.get(NORTHERN_IRELAND_CODE)
            if nation:
                return answer, [nation], "Every BT postcode is in Northern Ireland."
        if answer.status != postcodes.FOUND or answer.lon is None or answer.lat is None:
            return answer, [], postcode_message(answer)
        areas, note = self.areas_near(answer.lon, answer.lat)
        if not areas:
            return answer, [], f"{answer.postcode} is not inside any area of the summaries."
        return answer, areas, note

    def lookup_postcode(self, text: str) -> PostcodeAnswer:
        """Return what is known of a postcode (UNAVAILABLE when the server has no index)."""
        if self.postcodes is not None:
            return self.postcodes.lookup(text)
        status, postcode = postcodes.classify(text)
        if status == postcodes.FOUND:
            status = postcodes.UNAVAILABLE
        return PostcodeAnswer(status, postcode)

    def attributions(self, result: SearchResult) -> tuple[str, ...]:
        """Return the attribution lines a result needs: areas, then districts, postcodes."""
        lines = list(self.area_set.attributions)
        if result.uses_districts and self.districts:
            lines.append(self.districts.attribution)
        if result.uses_postcodes:
            lines += postcodes.ATTRIBUTION
        return tuple(dict.fromkeys(lines))

    def to_json(self, result: SearchResult, area_url) -> dict:
        """Return a result as JSON-ready data; ``area_url(code)`` gives an area page's URL."""
        return {
            "query": result.query,
            "count": len(result.matches),
            "results": [match_json(m, self.area_set, area_url) for m in result.matches],
            "message": result.message,
            "attribution": list(self.attributions(result)),
        }

    def areas_near(self, lon: float, lat: float) -> tuple[list[Area], str]:
        """Return (the areas at the point, a note). Outside every area, the nearest within
        SNAP_METRES, with a note saying so."""
        areas = self.area_set.areas_at(lon, lat)
        if areas:
            return areas, ""
        return self.nearest_area(lon, lat)

    def nearest_area(self, lon: float, lat: float) -> tuple[list[Area], str]:
        """Return ([the nearest area] within SNAP_METRES of a point in no area, a note), or
        ([], "") when none is that close."""
        point = shapely.Point(lon, lat)
        nearest = self._tree.query_nearest(point, max_distance=0.25)
        if len(nearest) == 0:
            return [], ""
        area = self.area_set.areas[int(min(nearest))]
        line = shapely.shortest_line(point, area.geometry)
        (x0, y0), (x1, y1) = line.coords
        metres = _GEOD.inv(x0, y0, x1, y1)[2]
        if metres > SNAP_METRES:
            return [], ""
        note = (
            f"This postcode is {metres:,.0f} m outside the simplified outline of {area.name}, "
            "the nearest area; it is shown as in it."
        )
        return [area], note


def held_area(area_set: AreaSet, code: str) -> Area:
    """Return the area of a code the data itself names (a district's or a match's areas,
    all taken from the set). Raises KeyError if the set has no such area."""
    area = area_set.get(code)
    if area is None:
        raise KeyError(f"no area {code!r} in {area_set.key}")
    return area


def match_json(match: Match, area_set: AreaSet, area_url) -> dict:
    """Return a match as JSON-ready data; ``area_url(code)`` gives each area's page URL."""
    data: dict[str, object] = {
        "label": match.label,
        "kind": match.kind,
        "kind_label": match.kind_label,
        "code": match.code,
        "areas": [
            {"code": code, "name": held_area(area_set, code).name, "url": area_url(code)}
            for code in match.area_codes
        ],
    }
    if match.note:
        data["note"] = match.note
    if match.approximate:
        data["approximate"] = True
    if match.lat is not None:
        data.update(lat=match.lat, lon=match.lon)
    return data


def _approximate(match: Match) -> Match:
    return Match(match.label, match.kind, match.area_codes, match.code, match.note, True)


def check_query(query: str) -> str:
    """Return the query trimmed. Raises ValueError if too long or holding control characters."""
    if len(query) > MAX_QUERY:
        raise ValueError(f"the search is too long: at most {MAX_QUERY} characters, please")
    if any(unicodedata.category(c) == "Cc" for c in query):
        raise ValueError("the search holds control characters; type plain text, please")
    return " ".join(query.split())


def postcode_message(answer: PostcodeAnswer) -> str:
    """Return the sentence that explains a postcode with no areas, for people."""
    postcode = answer.postcode
    if answer.status == postcodes.INVALID:
        return f"“{postcode}” is not a postcode. A full postcode looks like SG1 1AA."
    if answer.status == postcodes.INCOMPLETE:
        return f"“{postcode}” is only the start of a postcode: type all of it, e.g. SG1 1AA."
    if answer.status == postcodes.UNKNOWN:
        return (
            f"We don't know the postcode {postcode}. Check it, or search for your council instead."
        )
    if answer.status == postcodes.UNAVAILABLE:
        return (
            "Postcode search is not available on this server. Search for your council or "
            "area by name instead."
        )
    place = CROWN_DEPENDENCIES.get(postcode[:2])
    if place and answer.status == postcodes.NO_LOCATION_STATUS:
        return f"{postcode} is in {place}, which was not part of the summaries."
    return (
        f"We know the postcode {postcode}, but our data give it no location (some, such as "
        "PO boxes, have none), so we cannot say which area it is in. Search for your "
        "council instead."
    )
