"""Drawing a picture of the map with matplotlib: a set of areas, coloured by a measure
as the map colours it (geoapp.outputs.choropleth), with a legend, a title, the date and the
attribution; the whole UK or one area among its neighbours. Shapes, colourings and a
PictureSpec in, PNG or SVG bytes out; no Flask.

The UK is drawn from the map's own display shapes (the prepared, simplified topology); one
area from the full-detail prepared shapes, clipped to a frame around it, so a small area
keeps its detail. Both are projected to British National Grid (EPSG:27700), as ONS draws
its maps. matplotlib's object API is used (a Figure per picture, no pyplot), so nothing
global changes, except its settings (rcParams): geoapp.outputs.pictures draws one at a time.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from functools import cached_property
from typing import TypedDict

import numpy as np
import pyproj
import shapely
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.typing import RcKeyType
from PIL import Image, PngImagePlugin

from geoapp.model.areas import AREA_TYPE_LABELS
from geoapp.model.sets import sentence_case

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


@dataclass(frozen=True)
class PictureSize:
    """A picture's size in pixels (PNG; the SVG has the same proportions) and its layout."""

    width: int
    height: int
    dpi: int
    #: "portrait": title on top, legend beside the map; "landscape": text left, map right.
    layout: str


#: A picture for a report page (portrait, 8 × 10 in at 150 dpi) and a social card (the
#: 1200 × 630 that Open Graph and Twitter cards show, 1.91:1).
SIZES = {
    "report": PictureSize(1200, 1500, 150, "portrait"),
    "card": PictureSize(1200, 630, 100, "landscape"),
}
#: Bounds of ``width``, which scales a size keeping its proportions (PNG only).
MIN_WIDTH, MAX_WIDTH = 200, 2400


#: Colours of the plain map (geoapp.outputs.mapping's styles) and of the highlighted area.
class PlainStyle(TypedDict):
    """How the plain map (no measure) draws one type of area."""

    face: str
    edge: str
    alpha: float


PLAIN: dict[str, PlainStyle] = {
    "LEP": {"face": "#4a90d9", "edge": "#1d4f91", "alpha": 0.25},
    "nation": {"face": "#9ca3af", "edge": "#4b5563", "alpha": 0.25},
}
MEASURE_ALPHA = 0.85  # as static/map.js fills a coloured area
SELECTED_EDGE = "#0b0c0c"
SEA = "#ffffff"
TEXT = "#0b0c0c"
MUTED = "#505a5f"
#: Space around an area in its picture, as a share of its extent, so its neighbours show.
AREA_MARGIN = 0.35
BRITISH_NATIONAL_GRID = "EPSG:27700"
#: Render settings that make the bytes depend only on the inputs: SVG ids from a fixed
#: salt, text kept as text (small, searchable, selectable), no creation date.
RC: dict[RcKeyType, str] = {
    "svg.hashsalt": "geoapp",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
}


@dataclass(frozen=True)
class PictureSpec:
    """What to draw: a set of areas, optionally one area of it, a measure, size, format."""

    set_key: str
    code: str | None = None
    measure: str = ""
    size: str = "report"
    format: str = "png"
    #: PNG width in pixels (the height follows); None for the size's own.
    width: int | None = None

    def pixels(self) -> tuple[int, int]:
        """Return the picture's width and height in pixels."""
        size = SIZES[self.size]
        if self.width is None:
            return size.width, size.height
        return self.width, round(size.height * self.width / size.width)


class PictureSet:
    """One set of areas, ready to draw: names, types, colourings and shapes in metres.

    The shapes are projected on first use, so start-up does not pay for pictures nobody
    asked for (MapPictures draws one picture at a time, so this happens once).
    """

    def __init__(self, area_set, display: dict, colourings: dict):
        publication = area_set.publication
        if publication is not None:
            self.title = publication.title
            #: The line under the title of the whole set, and under an area's name.
            self.subtitle = (
                "England's Local Enterprise Partnerships (April 2017), Scotland, Wales and "
                f"Northern Ireland, {publication.period}"
            )
            self.context = f"{publication.title}, {publication.period}"
            #: Said of any measure: where its values come from.
            self.measure_note = "ONS statistics, not part of the BEIS summaries."
        else:
            self.title = area_set.title
            self.subtitle = (
                f"England's {len(area_set.areas)} Local Enterprise Partnerships as of April 2021"
            )
            self.context = "Local Enterprise Partnership as of April 2021"
            self.measure_note = "ONS statistics."
        self.attributions: tuple[str, ...] = area_set.attributions
        self.names = {area.code: area.name for area in area_set.areas}
        self.area_types = {area.code: area.area_type for area in area_set.areas}
        #: The colourings of geoapp.outputs.choropleth, by measure.
        self.colourings = colourings
        self._lonlat_display = {area.code: display[area.code] for area in area_set.areas}
        self._lonlat_detailed = area_set.prepared_shapes

    @cached_property
    def display(self) -> dict[str, shapely.Geometry]:
        """The map's display shapes (simplified), for the whole set."""
        return to_british_national_grid(self._lonlat_display)

    @cached_property
    def detailed(self) -> dict[str, shapely.Geometry]:
        """Full-detail prepared shapes, for one area and its neighbours."""
        return to_british_national_grid(self._lonlat_detailed)


def to_british_national_grid(shapes: dict[str, shapely.Geometry]) -> dict:
    """Return the lon/lat shapes in British National Grid metres."""
    transformer = pyproj.Transformer.from_crs("EPSG:4326", BRITISH_NATIONAL_GRID, always_xy=True)

    def project(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return {code: shapely.transform(shape, project) for code, shape in shapes.items()}


def geometry_path(geometry: shapely.Geometry) -> Path | None:
    """Return a (multi)polygon as one matplotlib path, holes included (their rings wind
    the other way, so the non-zero fill leaves them empty); None when it is empty."""
    rings = []
    for polygon in shapely.get_parts(geometry):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        polygon = shapely.orient_polygons(polygon)
        for ring in (polygon.exterior, *polygon.interiors):
            rings.append(Path(np.asarray(ring.coords)[:, :2], closed=True))
    return Path.make_compound_path(*rings) if rings else None


@dataclass(frozen=True)
class Styled:
    """How one area is drawn."""

    face: str
    edge: str
    alpha: float
    width: float = 0.5
    dashed: bool = False


#: Neighbours around an area pictured without a measure: light, so the area stands out.
CONTEXT = Styled("#f3f4f6", "#8b9297", 1.0)


def area_style(code: str, pictured: PictureSet, measure: str) -> Styled:
    """Return the area's style: its class colour for a measure (dashed grey without a value),
    else the plain map's colours for its type."""
    if measure:
        scheme = pictured.colourings[measure]
        value = scheme["areas"].get(code)
        if value is None:
            return Styled(scheme["no_data"]["colour"], "#6f777b", MEASURE_ALPHA, dashed=True)
        return Styled(value["colour"], "#4b5563", MEASURE_ALPHA)
    plain = PLAIN.get(pictured.area_types[code], PLAIN["LEP"])
    return Styled(plain["face"], plain["edge"], plain["alpha"])


def draw_areas(axes, shapes: dict[str, shapely.Geometry], styles: dict[str, Styled]) -> None:
    """Draw the shapes in order, each in its style (later ones on top)."""
    patches, faces, edges, widths, dashes = [], [], [], [], []
    for code, shape in shapes.items():
        path = geometry_path(shape)
        if path is None:
            continue
        style = styles[code]
        patches.append(PathPatch(path))
        faces.append(to_rgba(style.face, style.alpha))
        edges.append(style.edge)
        widths.append(style.width)
        dashes.append((0, (3, 2)) if style.dashed else "solid")
    collection = PatchCollection(
        patches, facecolors=faces, edgecolors=edges, linewidths=widths, linestyles=dashes
    )
    axes.add_collection(collection)


def to_rgba(colour: str, alpha: float) -> tuple[float, float, float, float]:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return red, green, blue, alpha


def fit_frame(bounds, aspect: float, margin: float, least: float = 0.0):
    """Return a frame around ``bounds`` with ``margin`` (a share of the extent) on each side,
    widened or heightened to the given width ÷ height, so the map fills its box at one scale
    in both directions; at least ``least`` metres across."""
    west, south, east, north = bounds
    width, height = (east - west) * (1 + 2 * margin), (north - south) * (1 + 2 * margin)
    width, height = max(width, height * aspect, least), max(height, width / aspect, least)
    width = max(width, height * aspect)
    centre_x, centre_y = (west + east) / 2, (south + north) / 2
    return centre_x - width / 2, centre_y - height / 2, centre_x + width / 2, centre_y + height / 2


def map_shapes(pictured: PictureSet, spec: PictureSpec, aspect: float):
    """Return (shapes in drawing order, their styles, the frame) for the picture."""
    if spec.code is None:
        shapes = dict(pictured.display)
        styles = {code: area_style(code, pictured, spec.measure) for code in shapes}
        return shapes, styles, fit_frame(shapely.total_bounds(list(shapes.values())), aspect, 0.01)
    frame = fit_frame(pictured.detailed[spec.code].bounds, aspect, AREA_MARGIN, 20_000)
    # Neighbours are cut to a box a little larger than the picture: the cut edges fall
    # outside it, and the SVG carries only what shows.
    west, south, east, north = frame
    pad = (east - west) * 0.05
    clip = (west - pad, south - pad, east + pad, north + pad)
    box = shapely.box(*clip)
    shapes = {
        code: shapely.clip_by_rect(shape, *clip)
        for code, shape in pictured.detailed.items()
        if code != spec.code and shape.intersects(box)
    }
    if spec.measure:
        styles = {code: area_style(code, pictured, spec.measure) for code in shapes}
        chosen = area_style(spec.code, pictured, spec.measure)
    else:
        styles = dict.fromkeys(shapes, CONTEXT)
        chosen = Styled(PLAIN["LEP"]["face"], SELECTED_EDGE, 0.6)
    shapes[spec.code] = pictured.detailed[spec.code]
    styles[spec.code] = Styled(chosen.face, SELECTED_EDGE, max(chosen.alpha, 0.6), 2.5)
    return shapes, styles, frame


def headline(pictured: PictureSet, spec: PictureSpec) -> tuple[str, list[str]]:
    """Return the title and the lines under it: what the set is and when, and the measure
    (for one area, its value)."""
    if spec.code is None:
        title, lines = pictured.title, [pictured.subtitle]
    else:
        title, lines = pictured.names[spec.code], [pictured.context]
    if spec.measure:
        scheme = pictured.colourings[spec.measure]
        if spec.code is None and SIZES[spec.size].layout == "landscape":
            # A card has room for the measure's name only; the report page says what it is.
            lines.append(f"Coloured by {sentence_case(scheme['label'])}.")
        elif spec.code is None:
            lines.append(f"Coloured by {sentence_case(scheme['label'])}: {scheme['description']}")
        else:
            value = scheme["areas"].get(spec.code)
            lines.append(f"{scheme['label']}: {value['text'] if value else 'no data'}.")
        lines.append(pictured.measure_note)
    return title, lines


def legend_entries(pictured: PictureSet, spec: PictureSpec) -> tuple[str, list[Patch]]:
    """Return the legend's title and entries: the measure's classes and "no data", or the
    plain map's kinds of area."""
    if spec.measure:
        scheme = pictured.colourings[spec.measure]
        entries = [
            Patch(
                facecolor=to_rgba(e["colour"], MEASURE_ALPHA), edgecolor="#4b5563", label=e["label"]
            )
            for e in scheme["legend"]
        ]
        if scheme["no_data"]["count"]:
            entries.append(
                Patch(
                    facecolor=to_rgba(scheme["no_data"]["colour"], MEASURE_ALPHA),
                    edgecolor="#6f777b",
                    linestyle=(0, (3, 2)),
                    label=f"No data ({scheme['no_data']['count']} areas)",
                )
            )
        unit = scheme["unit"]
        title = scheme["label"] if unit.startswith("per ") else f"{scheme['label']} ({unit})"
        return textwrap.fill(title, 34), entries
    kinds = dict.fromkeys(pictured.area_types[code] for code in pictured.display)
    entries = [
        Patch(
            facecolor=to_rgba(PLAIN[k]["face"], PLAIN[k]["alpha"]),
            edgecolor=PLAIN[k]["edge"],
            label=AREA_TYPE_LABELS.get(k, k),
        )
        for k in kinds
        if k in PLAIN
    ]
    if spec.code is not None:
        entries = [
            Patch(
                facecolor=to_rgba(PLAIN["LEP"]["face"], 0.6),
                edgecolor=SELECTED_EDGE,
                linewidth=2,
                label=pictured.names[spec.code],
            ),
            Patch(facecolor=CONTEXT.face, edgecolor=CONTEXT.edge, label="Neighbouring areas"),
        ]
    return "", entries


def attribution_text(pictured: PictureSet, width: int) -> str:
    return "\n".join(textwrap.fill(line, width) for line in pictured.attributions)


@dataclass(frozen=True)
class Layout:
    """Where things go on a picture, in figure fractions (0–1 from the bottom left)."""

    map_box: tuple[float, float, float, float]
    text_x: float
    text_top: float
    title_size: float
    title_chars: int
    subtitle_chars: int
    legend_gap: float
    attribution_chars: int


LAYOUTS = {
    # Title and subtitle across the top, the map below them, its legend to its right.
    "portrait": Layout((0.03, 0.15, 0.62, 0.70), 0.04, 0.965, 20, 44, 100, 0.03, 150),
    # Text in the left column, the map filling the right.
    "landscape": Layout((0.46, 0.03, 0.52, 0.94), 0.035, 0.93, 26, 26, 58, 0.04, 96),
}
LINE_SPACING = 1.25


def stack_text(figure: Figure, x: float, top: float, blocks) -> float:
    """Write blocks of text (text, font size in points, options) one under another from
    ``top``; return the height fraction where the last one ends."""
    height_points = figure.get_figheight() * 72
    y = top
    for text, points, options in blocks:
        figure.text(x, y, text, fontsize=points, va="top", linespacing=LINE_SPACING, **options)
        lines = text.count("\n") + 1
        y -= (lines * points * LINE_SPACING + points * 0.8) / height_points
    return y


def draw(pictured: PictureSet, spec: PictureSpec) -> Figure:
    """Return the picture as a matplotlib Figure: the map, title, subtitle, legend and the
    attribution lines."""
    size = SIZES[spec.size]
    layout = LAYOUTS[size.layout]
    dpi = size.dpi * spec.pixels()[0] / size.width
    figure = Figure(figsize=(size.width / size.dpi, size.height / size.dpi), dpi=dpi)
    figure.patch.set_facecolor(SEA)
    axes = figure.add_axes(layout.map_box)
    axes.set_axis_off()
    box = layout.map_box
    shapes, styles, frame = map_shapes(pictured, spec, box[2] * size.width / (box[3] * size.height))
    draw_areas(axes, shapes, styles)
    west, south, east, north = frame
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    title, lines = headline(pictured, spec)
    below = stack_text(
        figure,
        layout.text_x,
        layout.text_top,
        [
            (
                textwrap.fill(title, layout.title_chars),
                layout.title_size,
                {"weight": "bold", "color": TEXT},
            ),
            (
                "\n".join(textwrap.fill(line, layout.subtitle_chars) for line in lines),
                layout.title_size * 0.45,
                {"color": MUTED},
            ),
        ],
    )
    portrait = size.layout == "portrait"
    legend_at = (box[0] + box[2], box[1] + box[3]) if portrait else (layout.text_x - 0.01, below)
    legend_title, entries = legend_entries(pictured, spec)
    legend = figure.legend(
        handles=entries,
        loc="upper left",
        bbox_to_anchor=(legend_at[0], legend_at[1] - layout.legend_gap),
        frameon=False,
        fontsize=10,
        title=legend_title or None,
        title_fontsize=10,
        alignment="left",
        handlelength=1.6,
        handleheight=1.2,
    )
    legend.get_title().set_color(TEXT)
    figure.text(
        layout.text_x,
        0.025,
        attribution_text(pictured, layout.attribution_chars),
        fontsize=6.5,
        color=MUTED,
        va="bottom",
        linespacing=1.4,
    )
    return figure


def render(pictured: PictureSet, spec: PictureSpec) -> bytes:
    """Return the picture's bytes: PNG or SVG, with its title and rights in the metadata."""
    title, _lines = headline(pictured, spec)
    rights = " ".join(pictured.attributions)
    with rc_context(RC):
        figure = draw(pictured, spec)
        stream = io.BytesIO()
        if spec.format == "svg":
            svg_metadata = {"Title": title, "Rights": rights, "Date": None, "Creator": "geoapp"}
            FigureCanvasSVG(figure).print_svg(stream, metadata=svg_metadata)
            return pixel_sized(stream.getvalue(), *spec.pixels())
        else:
            metadata = {"Title": title, "Copyright": rights, "Software": "geoapp (matplotlib)"}
            FigureCanvasAgg(figure).print_png(stream)
            return palette_png(stream.getvalue(), metadata)
    return stream.getvalue()


def palette_png(png: bytes, metadata: dict[str, str]) -> bytes:
    """Return the PNG with at most 256 colours, and ``metadata`` as its text chunks.

    A map of flat fills, lines and text needs no more: a third of the bytes of matplotlib's
    full-colour PNG, with no visible difference (no dithering, so fills keep their colour).
    """
    image = Image.open(io.BytesIO(png)).convert("RGB")
    reduced = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    text = PngImagePlugin.PngInfo()
    for key, value in metadata.items():
        text.add_itxt(key, value)
    stream = io.BytesIO()
    reduced.save(stream, "PNG", optimize=True, pnginfo=text)
    return stream.getvalue()


SVG_SIZE = re.compile(rb'<svg([^>]*?) width="[0-9.]+pt" height="[0-9.]+pt"')


def pixel_sized(svg: bytes, width: int, height: int) -> bytes:
    """Return the SVG sized in pixels like the PNG (matplotlib writes points; its viewBox
    keeps the drawing's own units, so it scales)."""
    return SVG_SIZE.sub(rb'<svg\1 width="%d" height="%d"' % (width, height), svg, count=1)
