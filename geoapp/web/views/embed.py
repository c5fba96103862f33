"""The embeddable map (/embed) and oEmbed (/oembed) for sites that discover embeds."""

from flask import Blueprint, abort, jsonify, render_template, request

from geoapp.inputs.numbers import whole_number
from geoapp.outputs.embed import NotOurs, make_snippet, oembed, options_for_page, read_options
from geoapp.outputs.mapdrawing import SIZES, PictureSpec
from geoapp.outputs.pictures import thumbnail_width
from geoapp.web.views import site
from geoapp.web.views.pages import picture_url, public_base_url, selection_records

blueprint = Blueprint("embed", __name__)


@blueprint.get("/embed", strict_slashes=False)
def embed_page():
    area_set = site().summaries
    options = read_options(request.args, {area.code for area in area_set.areas})
    records = selection_records(options.area, None)
    return render_template("embed.html", options=options, records=records)


def size_argument(name: str) -> int | None:
    """Return a positive integer argument, None when absent; 400 when malformed."""
    text = request.args.get(name)
    if text is None or text == "":
        return None
    pixels = whole_number(text)
    if pixels is None or not 0 < pixels <= 10000:
        abort(400, description=f"{name} must be a whole number of pixels (digits 0-9), 1 to 10000")
    return pixels


def area_code_for(key: str) -> str | None:
    """The code an /areas/<key> address leads to (a code in any case, or a slug), or None."""
    resolved = site().directory.resolve(key)
    return resolved.code if resolved else None


def thumbnail(code: str | None, maxwidth: int | None, maxheight: int | None) -> dict:
    """Return oEmbed's thumbnail: the map's social card (of the area), within the sizes
    asked for; nothing when it cannot fit."""
    width = thumbnail_width(maxwidth, maxheight)
    if width is None:
        return {}
    card = PictureSpec("", size="card", width=width)
    asked = width if width != SIZES["card"].width else None
    return {
        "thumbnail_url": picture_url(code=code, absolute=True, size="card", width=asked),
        "thumbnail_width": width,
        "thumbnail_height": card.pixels()[1],
    }


@blueprint.get("/oembed")
def oembed_endpoint():
    fmt = request.args.get("format", "json").lower()
    if fmt != "json":
        abort(501, description="only format=json is available")
    url = request.args.get("url", "")
    if not url:
        abort(400, description="url is required: the address of a page of this map")
    area_set = site().summaries
    base = public_base_url()
    try:
        options = options_for_page(url, base, area_code_for)
    except NotOurs as error:
        abort(404, description=str(error))
    area = area_set.get(options.area) if options.area else None
    snippet = make_snippet(base, options, area.name if area else None, None)
    maxwidth, maxheight = size_argument("maxwidth"), size_argument("maxheight")
    body = oembed(snippet, base, maxwidth, maxheight)
    body.update(thumbnail(options.area, maxwidth, maxheight))
    return jsonify(body)
