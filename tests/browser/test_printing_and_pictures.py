"""Printing an area page on A4, and the pictures of the map, in a real browser under the
site's Content-Security-Policy."""

import pytest
from conftest import open_map
from pdfminer.high_level import extract_text
from pdfminer.pdfpage import PDFPage

pytestmark = pytest.mark.browser


def test_an_area_page_prints_on_a4_without_the_sites_chrome(page, live_server, tmp_path):
    page.goto(f"{live_server}/areas/E37000017")
    page.emulate_media(media="print")
    for hidden in (".site-search", ".breadcrumbs", ".downloads", ".interactive-link"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in (".area-name", ".area-map svg", ".investments", ".source", "#attribution"):
        assert page.locator(shown).first.is_visible(), shown
    assert page.locator(".area-map svg").bounding_box()["height"] < 300  # the small map
    pdf = tmp_path / "hertfordshire.pdf"
    page.pdf(path=str(pdf), format="A4")
    # The printed PDF read with pdfminer.six (the summaries importer's PDF reader).
    text = extract_text(str(pdf))
    assert "£34m" in text and "Contains OS data" in text
    assert "Search" not in text.split("Hertfordshire", 1)[0]
    with pdf.open("rb") as stream:
        assert sum(1 for _page in PDFPage.get_pages(stream)) <= 2


def test_the_pictures_show_on_the_page_under_the_policy(page, live_server):
    page.goto(f"{live_server}/areas/E37000017")
    for url in ("/images/areas/E37000017.png?size=card", "/images/map.svg?size=card"):
        loaded = page.evaluate(
            """url => new Promise(done => {
                 const img = new Image();
                 img.onload = () => done([img.naturalWidth, img.naturalHeight]);
                 img.onerror = () => done(null);
                 img.src = url; document.body.append(img);
               })""",
            url,
        )
        assert loaded is not None, url
        assert loaded[0] == 1200, url


def test_the_picture_links_follow_the_maps_colouring_and_the_dialogs_area(page, live_server):
    open_map(page, live_server)
    page.select_option("#map-measure", "employment_rate_2018")
    link = page.locator(".map-toolbar a[data-picture=png]")
    assert link.get_attribute("href") == "/images/map.png?measure=employment_rate_2018"
    page.get_by_role("button", name="Embed this map").click()
    page.select_option("#embed-area", "E37000017")
    in_dialog = page.locator("#embed-dialog a[data-picture=svg]")
    assert in_dialog.get_attribute("href") == (
        "/images/areas/E37000017.svg?measure=employment_rate_2018"
    )
