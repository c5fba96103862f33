"""What the server answers per request, as files the browser reads on a static site.

- the point lookup: each set's lookup shapes (the mended full-detail shapes the server's
  STRtree uses, at 6 decimals, about 0.1 m) with a bounding box per area, so the browser
  tests only the few areas whose box holds the point (static/static-site.js);
- search by area and council name: the Finder's entries as a small index;
- postcode search: every postcode's point and the areas it is in (computed here, with the
  server's own rule for seaside postcodes just outside every outline), one file per
  outward code (``data/postcodes/SG1.json``), so a search reads a few kilobytes.

No Flask: takes the Site, returns data and writes files.
"""

from __future__ import annotations

import numpy as np
import shapely

from geoapp.inputs import postcodes
from geoapp.outputs.search import (
    CROWN_DEPENDENCIES,
    KIND_LABELS,
    NORTHERN_IRELAND_CODE,
    Match,
    postcode_message,
)
from geoapp.site.build import Site

DATA_FOLDER = "data"
LOOKUP_DECIMALS = 6
JSON_TYPE = "application/json"


class StaticSite:
    """The template global of an export: pages include static/static-site.js and point it
    at the data files below. Absent when the app serves pages itself."""

    data = f"/{DATA_FOLDER}"

    def lookup_urls(self, set_keys) -> dict[str, str]:
        """Return the URL of each set's lookup shapes, by set."""
        return {key: f"{self.data}/lookup-{key}.json" for key in set_keys}

    def search_url(self) -> str:
        return f"{self.data}/search-index.json"

    def postcodes_url(self) -> str:
        return f"{self.data}/postcodes/"

    def oembed_href(self, base_url: str, path: str) -> str:
        """The static oEmbed answer for the page at ``path`` (see export.oembed_path)."""
        return base_url.rstrip("/") + oembed_path(path)


def oembed_path(page_path: str) -> str:
    """Return where the oEmbed answer of a page lives: "/" → "/oembed/index.json"."""
    return "/oembed" + ("" if page_path == "/" else page_path.rstrip("/"))


def point_panel_path(codes: tuple[str, ...]) -> str:
    """Return where the panel for a point in these areas lives: /panel/at/A+B, or …/none."""
    return "/panel/at/" + ("+".join(codes) if codes else "none")


def rounded_rings(geometry: shapely.Geometry) -> list:
    """Return a (multi)polygon as a list of polygons, each a list of rings of [lon, lat]."""
    polygons = getattr(geometry, "geoms", [geometry])
    result = []
    for polygon in polygons:
        if polygon.is_empty:
            continue
        rings = [polygon.exterior, *polygon.interiors]
        result.append([np.round(np.asarray(r.coords), LOOKUP_DECIMALS).tolist() for r in rings])
    return result


def lookup_shapes(site: Site, set_key: str) -> dict:
    """Return a set's lookup shapes: each area's code, bounding box and polygons."""
    area_set = site.area_sets[set_key]
    shapes = area_set.prepared_shapes
    return {
        "set": set_key,
        "areas": [
            {
                "code": area.code,
                "bbox": [round(v, LOOKUP_DECIMALS) for v in shapes[area.code].bounds],
                "polygons": rounded_rings(shapes[area.code]),
            }
            for area in area_set.areas
        ],
    }


def search_index(site: Site) -> dict:
    """Return the Finder's names as data for the browser: entries (simplified text, rank,
    match) and matches shaped as /api/search's results, plus the postcode messages."""
    finder = site.directory.finder
    matches: list[dict] = []
    position: dict[Match, int] = {}
    entries: list[list] = []
    for entry in finder.entries:
        match = entry.match
        if match not in position:
            position[match] = len(matches)
            matches.append(
                {
                    "label": match.label,
                    "kind": match.kind,
                    "kind_label": match.kind_label,
                    "code": match.code,
                    "codes": list(match.area_codes),
                    **({"note": match.note} if match.note else {}),
                }
            )
        entries.append([entry.text, entry.rank, position[match]])
    area_set = site.summaries
    districts = finder.districts
    return {
        "areas": {area.code: area.name for area in area_set.areas},
        "entries": entries,
        "matches": matches,
        "kind_labels": KIND_LABELS,
        # The server's own sentences, with {postcode} or {query} for the browser to fill.
        "messages": {
            **postcode_messages(),
            "no_match": finder.suggest("{query}", "\x00", 1).message,
        },
        "attribution": {
            "areas": list(area_set.attributions),
            "districts": [districts.attribution] if districts else [],
            "postcodes": list(postcodes.ATTRIBUTION),
        },
        "postcodes": finder.postcodes is not None,
        "postcode_pattern": postcodes.POSTCODE.pattern,
        "partial_pattern": postcodes.PARTIAL_POSTCODE.pattern,
        "northern_ireland": NORTHERN_IRELAND_CODE,
    }


def postcode_messages() -> dict:
    """Return the server's messages for postcodes with no area, with {postcode} to fill."""
    statuses = (postcodes.INVALID, postcodes.INCOMPLETE, postcodes.UNKNOWN)
    messages = {
        status: postcode_message(postcodes.PostcodeAnswer(status, "{postcode}"))
        for status in (*statuses, postcodes.NO_LOCATION_STATUS, postcodes.UNAVAILABLE)
    }
    for prefix in CROWN_DEPENDENCIES:
        answer = postcodes.PostcodeAnswer(postcodes.NO_LOCATION_STATUS, prefix + "{postcode}")
        messages[f"no location {prefix}"] = postcode_message(answer).replace(prefix, "", 1)
    messages["outside"] = "{postcode} is not inside any area of the summaries."
    messages["northern ireland"] = "Every BT postcode is in Northern Ireland."
    return messages


def postcode_areas(site: Site, points: np.ndarray) -> tuple[list[tuple[int, ...]], dict]:
    """Return, for each (lat, lon) in ``points``, the indexes of the summary areas at it, and
    the notes of postcodes given the nearest area (the server's Finder.areas_near rule)."""
    area_set = site.summaries
    shapes = [area_set.prepared_shapes[a.code] for a in area_set.areas]
    tree = shapely.STRtree(shapes)
    geometries = shapely.points(points[:, 1], points[:, 0])
    point_index, area_index = tree.query(geometries, predicate="intersects")
    found: list[list[int]] = [[] for _ in range(len(points))]
    for p, a in zip(point_index.tolist(), area_index.tolist(), strict=True):
        found[p].append(a)
    notes = {}
    finder = site.directory.finder
    codes = {area.code: i for i, area in enumerate(area_set.areas)}
    for p in (i for i, hit in enumerate(found) if not hit):
        near, note = finder.nearest_area(float(points[p, 1]), float(points[p, 0]))
        found[p] = [codes[area.code] for area in near]
        if note:
            notes[p] = note
    return [tuple(sorted(hit)) for hit in found], notes


def postcode_files(site: Site, outward_codes=None) -> dict[str, dict]:
    """Return the postcode index split by outward code: {"SG1": {...}, …}.

    ``outward_codes`` keeps only those (for quick tests); None keeps all.
    Each file: ``areas`` the distinct lists of area codes its postcodes are in, and
    ``postcodes`` by inward code: [lat, lon, position in ``areas``, note?], or 0 for a
    postcode without a location.
    """
    index = site.directory.finder.postcodes
    if index is None:
        return {}
    outward, keys, points = index.contents()
    if outward_codes is not None:
        wanted = [i for i, name in enumerate(outward) if name in set(outward_codes)]
        chosen = np.isin(keys // postcodes.INWARD_CODES, wanted)
        keys, points = keys[chosen], points[chosen]
    located = points[:, 0] != postcodes.NO_LOCATION
    # Exact: the index holds 1e-5 degrees, so each value prints with at most 5 decimals.
    degrees = (points.astype(np.float64) / postcodes.SCALE).tolist()
    areas_at, notes = postcode_areas(site, np.asarray(degrees)[located])
    found = dict(zip(np.flatnonzero(located).tolist(), range(len(areas_at)), strict=True))
    codes = [area.code for area in site.summaries.areas]
    inward_codes = [inward_code(n) for n in range(postcodes.INWARD_CODES)]
    files: dict[str, dict] = {}
    combos: dict[str, dict] = {}
    outward_of = (keys // postcodes.INWARD_CODES).tolist()
    inward_of = (keys % postcodes.INWARD_CODES).tolist()
    for row, (out, inward) in enumerate(zip(outward_of, inward_of, strict=True)):
        name = outward[out]
        if name not in files:
            files[name], combos[name] = {"areas": [], "postcodes": {}}, {}
        at = found.get(row)
        if at is None:
            files[name]["postcodes"][inward_codes[inward]] = 0
            continue
        combo = combos[name].setdefault(areas_at[at], len(combos[name]))
        value = [*degrees[row], combo]
        if at in notes:
            value.append(notes[at])
        files[name]["postcodes"][inward_codes[inward]] = value
    for name, file in files.items():
        file["areas"] = [[codes[i] for i in combo] for combo in combos[name]]
    return files


def inward_code(number: int) -> str:
    """Return the inward code of its number: 676 → "1AA" (postcodes.inward_number's inverse)."""
    digit, letters = divmod(number, 26 * 26)
    first, second = divmod(letters, 26)
    return f"{digit}{chr(65 + first)}{chr(65 + second)}"


def overlap_points(site: Site) -> list[tuple[str, tuple[str, ...], float, float]]:
    """Return (set, codes, lon, lat): a point inside each group of areas that overlap, so
    the export can save the panel of every combination the point lookup can give."""
    found = []
    for set_key, area_set in site.area_sets.items():
        shapes = [area_set.prepared_shapes[a.code] for a in area_set.areas]
        tree = shapely.STRtree(shapes)
        left, right = tree.query(shapes, predicate="overlaps")
        for i, j in zip(left.tolist(), right.tolist(), strict=True):
            if i >= j:
                continue
            common = shapely.intersection(shapes[i], shapes[j])
            for part in getattr(common, "geoms", [common]):
                if part.area <= 0 or part.geom_type != "Polygon":
                    continue
                point = part.representative_point()
                codes = tuple(a.code for a in area_set.areas_at(point.x, point.y))
                found.append((set_key, codes, point.x, point.y))
    unique = {(s, codes): (s, codes, x, y) for s, codes, x, y in found}
    return list(unique.values())


def data_files(site: Site, outward_codes=None) -> dict[str, object]:
    """Return the data files of a static site by path under data/ (``outward_codes``: only
    those postcode files; None for all)."""
    files: dict[str, object] = {
        f"lookup-{key}.json": lookup_shapes(site, key) for key in site.area_sets
    }
    files["search-index.json"] = search_index(site)
    for out, data in postcode_files(site, outward_codes).items():
        files[f"postcodes/{out}.json"] = data
    return files
