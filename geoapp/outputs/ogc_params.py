"""The query parameters of the OGC API, checked: ``f``, and the items' limit, offset, bbox.

Values arrive as {name: [values]} (every value of a repeated parameter); faults raise
OgcError with the HTTP status and the OGC exception code to send.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from geoapp.inputs.numbers import decimal_number, whole_number

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
DEFAULT_LIMIT = 10
MAX_LIMIT = 10_000
#: The largest offset read (18 digits); beyond every collection anyway.
MAX_OFFSET = 10**18
FORMATS = ("json", "html")


class OgcError(Exception):
    """A request the API refuses: HTTP status, OGC exception code and a description."""

    def __init__(self, status: int, code: str, description: str):
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


def bad_parameter(name: str, reason: str) -> OgcError:
    return OgcError(400, "InvalidParameterValue", f"{name}: {reason}")


@dataclass(frozen=True)
class ItemsQuery:
    """The paging and filter of an items request: limit, offset and an optional bbox."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0
    bbox: tuple[float, ...] | None = None

    def parameters(self, **changes) -> dict[str, str]:
        """Return the query as URL parameters, with ``changes`` (e.g. offset=20) applied."""
        values = {"limit": self.limit, "offset": self.offset, **changes}
        if self.bbox is not None:
            values["bbox"] = ",".join(repr(v) for v in self.bbox)
        return {name: str(value) for name, value in values.items()}


def single(args: Mapping[str, list[str]], name: str) -> str | None:
    """Return the one value of a parameter, None if absent; a repeated one is refused."""
    values = args.get(name, [])
    if len(values) > 1:
        raise bad_parameter(name, "give it once")
    return values[0].strip() if values else None


def parse_whole(text: str, name: str, low: int, high: int) -> int:
    """Return ``text`` as a whole number from ``low`` to ``high``; raises OgcError."""
    value = whole_number(text)
    if value is None:
        raise bad_parameter(name, f"must be a whole number in digits 0-9, not {text!r}")
    if not low <= value <= high:
        raise bad_parameter(name, f"must be from {low} to {high}, not {value}")
    return value


def parse_bbox(text: str) -> tuple[float, ...]:
    """Return the 4 (or 6, with heights) numbers of a CRS84 bbox; raises OgcError.

    A box whose west edge is east of its east edge crosses the antimeridian, as the
    standard allows.
    """
    read = [decimal_number(part) for part in text.split(",")]
    numbers = tuple(n for n in read if n is not None)
    if len(numbers) not in (4, 6) or len(numbers) < len(read):
        raise bad_parameter(
            "bbox", "must be 4 numbers, west,south,east,north in CRS84 (or 6, with heights)"
        )
    if not all(math.isfinite(n) for n in numbers):
        raise bad_parameter("bbox", "numbers must be finite")
    west, south, east, north = numbers if len(numbers) == 4 else numbers[:2] + numbers[3:5]
    if not all(-180 <= x <= 180 for x in (west, east)):
        raise bad_parameter("bbox", "longitudes must be from -180 to 180")
    if not all(-90 <= y <= 90 for y in (south, north)):
        raise bad_parameter("bbox", "latitudes must be from -90 to 90")
    if south > north:
        raise bad_parameter("bbox", "south must not be greater than north")
    if len(numbers) == 6 and numbers[2] > numbers[5]:
        raise bad_parameter("bbox", "the lower height must not be greater than the upper")
    return numbers


def parse_items_query(args: Mapping[str, list[str]]) -> ItemsQuery:
    """Return the ItemsQuery of a request's parameters; raises OgcError for bad values.

    Parameters the API does not define are ignored, so clients that add their own keep
    working (Part 1 Core's /req/core/query-param-unknown would refuse them).
    """
    limit, offset, bbox = (single(args, name) for name in ("limit", "offset", "bbox"))
    crs = single(args, "bbox-crs")
    if crs is not None and crs != CRS84:
        raise bad_parameter("bbox-crs", f"only {CRS84} is supported")
    return ItemsQuery(
        limit=DEFAULT_LIMIT if limit is None else parse_whole(limit, "limit", 1, MAX_LIMIT),
        offset=0 if offset is None else parse_whole(offset, "offset", 0, MAX_OFFSET),
        bbox=None if bbox is None else parse_bbox(bbox),
    )


def parse_format(args: Mapping[str, list[str]]) -> str | None:
    """Return the format asked for with ``f`` ("json" or "html"), or None; raises OgcError."""
    value = single(args, "f")
    if value is not None and value not in FORMATS:
        raise bad_parameter("f", f"must be one of {', '.join(FORMATS)}")
    return value
