"""Pictures of the map (PNG, SVG) from the app: sizes, the map's colours, legend, title,
date and attribution, strict parameters, caching."""

import gzip
import io
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest
from PIL import Image

from geoapp.model.record import SUMMARIES
from geoapp.outputs.choropleth import PALETTE
from geoapp.outputs.mapdrawing import MEASURE_ALPHA
from geoapp.outputs.pictures import MapPictures, PictureSpec

pytestmark = pytest.mark.real_data

HERTFORDSHIRE = "E37000017"
SVG = "{http://www.w3.org/2000/svg}"


def png(client, url: str) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.content_type == "image/png"
    return Image.open(io.BytesIO(response.data))


def blended(colour: str) -> tuple[int, int, int]:
    """The colour a class fill shows on the white page (filled at MEASURE_ALPHA)."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return tuple(np.rint(rgb * MEASURE_ALPHA + 255 * (1 - MEASURE_ALPHA)).astype(int))


def pixels_of(image: Image.Image, colour: tuple[int, int, int]) -> int:
    pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    return int(np.all(np.abs(pixels.astype(int) - colour) <= 2, axis=1).sum())


@pytest.mark.parametrize(
    ("query", "size"),
    [("", (1200, 1500)), ("?size=card", (1200, 630)), ("?size=card&width=600", (600, 315))],
)
def test_the_map_comes_in_a_report_size_and_a_social_card(client, query, size):
    assert png(client, f"/images/map.png{query}").size == size


def test_a_coloured_picture_uses_the_maps_classes_and_a_plain_one_does_not(client):
    coloured = png(client, "/images/map.png?measure=employment_rate_2018&size=card")
    plain = png(client, "/images/map.png?size=card")
    for colour in PALETTE:
        assert pixels_of(coloured, blended(colour)) > 100, colour
        assert pixels_of(plain, blended(colour)) == 0, colour


def test_png_metadata_names_the_area_and_its_rights(client, area_set):
    image = png(client, f"/images/areas/{HERTFORDSHIRE}.png?size=card")
    assert image.size == (1200, 630)
    assert image.info["Title"] == "Hertfordshire"
    for line in area_set.attributions:
        assert line in image.info["Copyright"]


def svg_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200 and response.content_type == "image/svg+xml"
    root = ElementTree.fromstring(response.data)
    return " ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_the_svg_carries_title_date_legend_and_attribution_as_text(client, area_set):
    text = svg_text(client, "/images/map.svg?measure=employment_rate_2017")
    assert "Industrial Strategy: local summaries" in text
    assert "as published December 2018" in text
    assert "Employment rate, 2017 (%)" in text  # the legend's title
    assert "No data (20 areas)" in text
    colouring = client.get("/images/map.svg?measure=employment_rate_2017")
    for line in area_set.attributions:
        first_words = " ".join(line.split()[:6])
        assert first_words in text, line
    assert colouring.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_an_area_picture_names_the_area_and_its_value(client):
    text = svg_text(client, "/images/areas/E37000001.svg?measure=employment_rate_2018")
    assert "Black Country" in text and "Employment rate, 2018: 68.7%." in text
    text = svg_text(client, "/images/leps2021/E37000048.svg?measure=employment_rate_2018")
    assert "Hertfordshire" in text and "78.5%" in text


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/images/map.png?width=６００", 400, "digits 0-9 only"),
        ("/images/map.png?width=²", 400, "digits 0-9 only"),
        ("/images/map.png?width=50", 400, "from 200 to 2400"),
        ("/images/map.png?width=-600", 400, "whole number"),
        ("/images/map.svg?width=600", 400, "PNG pictures only"),
        ("/images/map.png?size=poster", 400, "size must be one of: report, card"),
        ("/images/map.png?size=card&size=report", 400, "give size once"),
        ("/images/map.png?measure=population", 400, "measure must be one of"),
        ("/images/map.png?set=leps2099", 400, "set must be one of"),
        ("/images/map.gif", 400, "pictures are .png or .svg"),
        ("/images/areas/E99999999.png", 404, "no area E99999999"),
        ("/images/leps2021/E37000017.png", 404, "no area E37000017"),
    ],
)
def test_bad_values_get_a_clear_error(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert message in response.get_json()["message"]


def test_pictures_are_cached_revalidated_and_open_to_any_origin(client):
    url = "/images/map.svg?size=card"
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip"
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert first.headers["Cache-Control"] == "public, max-age=300"
    assert gzip.decompress(first.data).startswith(b"<?xml")
    again = client.get(
        url, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


def test_pictures_are_kept_up_to_a_bound_and_redrawn_the_same(real_app):
    pictures = real_app.extensions["geoapp"].site.pictures
    small = MapPictures(pictures.sets, pictures.version, entries=2)
    specs = [PictureSpec(SUMMARIES, size="card", width=200 + n) for n in range(3)]
    drawn = [small.picture(spec).body for spec in specs]
    assert len(small._done) == 2 and specs[0] not in small._done
    assert small.picture(specs[0]).body == drawn[0]  # drawn again, byte for byte


def test_pages_share_a_social_card_of_their_area(client):
    for page, picture in (
        ("/", "/images/map.png?size=card"),
        ("/areas/E37000017", "/images/areas/E37000017.png?size=card"),
        ("/embed?area=E37000017", "/images/areas/E37000017.png?size=card"),
    ):
        html = client.get(page).get_data(as_text=True)
        assert f'<meta property="og:image" content="http://localhost{picture}">' in html, page
        assert '<meta property="og:image:width" content="1200">' in html
        assert '<meta property="og:image:height" content="630">' in html
        assert '<meta name="twitter:card" content="summary_large_image">' in html
        assert png(client, picture).size == (1200, 630)


def test_the_map_the_embed_dialog_and_area_pages_link_the_pictures(client):
    html = client.get("/?measure=employment_rate_2018").get_data(as_text=True)
    assert 'href="/images/map.png?measure=employment_rate_2018"' in html
    assert 'href="/images/map.svg?measure=employment_rate_2018"' in html
    assert 'data-picture-area="embed-area"' in html  # the dialog's follow its area menu
    area = client.get("/areas/E37000017").get_data(as_text=True)
    for link in ("E37000017.png", "E37000017.svg", "E37000017.png?size=card"):
        assert f'href="/images/areas/{link}"' in area


@pytest.mark.parametrize(
    ("query", "thumbnail"),
    [
        ("", ("/images/areas/E37000017.png?size=card", 1200, 630)),
        ("&maxwidth=600", ("/images/areas/E37000017.png?size=card&width=600", 600, 315)),
        ("&maxheight=300", ("/images/areas/E37000017.png?size=card&width=572", 572, 300)),
        ("&maxwidth=150", None),
    ],
)
def test_oembed_offers_the_social_card_as_its_thumbnail(client, query, thumbnail):
    answer = client.get(f"/oembed?url=http://localhost/areas/E37000017{query}").get_json()
    if thumbnail is None:
        assert "thumbnail_url" not in answer  # it cannot fit the size asked for
        return
    url, width, height = thumbnail
    assert answer["thumbnail_url"] == f"http://localhost{url}"
    assert (answer["thumbnail_width"], answer["thumbnail_height"]) == (width, height)
    assert png(client, url).size == (width, height)
