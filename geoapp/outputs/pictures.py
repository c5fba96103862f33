"""Pictures of the map (PNG, SVG) as the site serves them: the options a request may
choose, checked strictly, and the pictures drawn on first request (geoapp.outputs.mapdrawing) and
then kept, a bounded number, one drawing at a time. No Flask.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from geoapp.inputs.numbers import whole_number
from geoapp.model.record import SUMMARIES
from geoapp.model.sets import slugify
from geoapp.outputs.choropleth import MEASURES
from geoapp.outputs.downloads import Download, make_download
from geoapp.outputs.mapdrawing import (
    FORMATS,
    MAX_WIDTH,
    MIN_WIDTH,
    SIZES,
    PictureSet,
    PictureSpec,
    render,
)


class PictureError(ValueError):
    """A picture was asked for with a value we do not offer; the message says which."""


def read_width(text: str | None) -> int | None:
    """Return ``width`` as a whole number of pixels (ASCII digits only), or None if absent.

    Raises PictureError for anything else, or a width outside MIN_WIDTH..MAX_WIDTH.
    """
    if text is None:
        return None
    width = whole_number(text)
    if width is None or not MIN_WIDTH <= width <= MAX_WIDTH:
        raise PictureError(
            f"width must be a whole number of pixels from {MIN_WIDTH} to {MAX_WIDTH} "
            "(digits 0-9 only)"
        )
    return width


def read_spec(args, set_key: str, code: str | None, extension: str, known_codes) -> PictureSpec:
    """Return the PictureSpec a request names, or raise PictureError saying what is wrong.

    ``args`` maps each query parameter to the list of its values; each may appear once.
    """
    for name in ("measure", "size", "width"):
        if len(args.get(name, [])) > 1:
            raise PictureError(f"give {name} once")
    value = {name: values[0] for name, values in args.items() if values}
    if extension not in FORMATS:
        raise PictureError(f"pictures are {' or '.join('.' + f for f in FORMATS)}")
    if code is not None and code not in known_codes:
        raise PictureError(f"there is no area {code!r} in this set of areas")
    measure = value.get("measure", "")
    if measure and measure not in MEASURES:
        raise PictureError(f"measure must be one of: {', '.join(MEASURES)} (or none)")
    size = value.get("size", "report")
    if size not in SIZES:
        raise PictureError(f"size must be one of: {', '.join(SIZES)}")
    width = read_width(value.get("width"))
    if width is not None and extension != "png":
        raise PictureError("width applies to PNG pictures only (an SVG scales by itself)")
    return PictureSpec(set_key, code, measure, size, extension, width)


class MapPictures:
    """The pictures of every set of areas, drawn on first request and kept (the most recently
    used ``entries``); one drawing at a time, since matplotlib's settings are global."""

    def __init__(self, sets: dict[str, PictureSet], version: str, entries: int = 64):
        self.sets = sets
        self.version = version
        self._entries = entries
        self._done: OrderedDict[PictureSpec, Download] = OrderedDict()
        self._lock = threading.Lock()

    def picture(self, spec: PictureSpec) -> Download:
        """Return the picture as a file to send (bytes, type, ETag, name), drawing it the
        first time it is asked for."""
        with self._lock:
            if spec not in self._done:
                body = render(self.sets[spec.set_key], spec)
                self._done[spec] = make_download(
                    self.file_name(spec),
                    FORMATS[spec.format],
                    body,
                    self.version,
                    compress=spec.format == "svg",
                )
                while len(self._done) > self._entries:
                    self._done.popitem(last=False)
            self._done.move_to_end(spec)
            return self._done[spec]

    def file_name(self, spec: PictureSpec) -> str:
        """Return the name the picture is saved as, e.g. "map-2018-hertfordshire-card.png"."""
        pictured = self.sets[spec.set_key]
        where = slugify(pictured.names[spec.code]) if spec.code else "uk"
        which = "" if spec.set_key == SUMMARIES else spec.set_key
        parts = ["industrial-strategy-map-2018", which, where, spec.measure, spec.size]
        width = f"-{spec.width}px" if spec.width else ""
        return "-".join(filter(None, parts)).replace("_", "-") + f"{width}.{spec.format}"


def thumbnail_width(maxwidth: int | None, maxheight: int | None) -> int | None:
    """Return the widest social card within maxwidth × maxheight (its own size at most), or
    None when it would be narrower than MIN_WIDTH (oEmbed: a thumbnail must fit both)."""
    card = SIZES["card"]
    width = min(card.width, maxwidth or card.width)
    while (
        width >= MIN_WIDTH
        and maxheight
        and PictureSpec("", size="card", width=width).pixels()[1] > maxheight
    ):
        width -= 1
    return width if width >= MIN_WIDTH else None
