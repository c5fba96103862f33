"""A member of staff pastes the snippet into a page on another site: it just works."""

import pytest
from conftest import frame_click_map, open_map
from servers import HostSite

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def host_site():
    site = HostSite()
    yield site
    site.server.shutdown()


def snippet_for(client_url: str, page, area: str = "") -> str:
    """The snippet exactly as the app's embed dialog gives it."""
    open_map(page, client_url + (f"/?area={area}" if area else "/"))
    page.locator(f"[data-embed-area='{area}']").first.click()
    code = page.locator("#embed-code")
    page.wait_for_function("() => document.querySelector('#embed-code').value.includes('iframe')")
    return code.input_value()


def embedded_frame(page):
    frame = page.frame_locator("iframe").first
    frame.locator("#map-view[data-map-ready=true]").wait_for()
    return page.frames[1]


@pytest.mark.parametrize("sandbox", ["", ' sandbox="allow-scripts"'])
def test_the_snippet_works_on_another_site_sandboxed_or_not(page, live_server, host_site, sandbox):
    snippet = snippet_for(live_server, page)
    assert snippet.startswith(f'<iframe src="{live_server}/embed"')
    assert "<a href=" in snippet  # the plain link to the full map follows the frame
    page.goto(host_site.page_with(snippet.replace("<iframe ", f"<iframe{sandbox} ", 1)))
    frame = embedded_frame(page)
    frame_click_map(page, frame, 51.9038, -0.1966)  # Stevenage
    panel = frame.locator("#panel").inner_text()
    for expected in ("Hertfordshire", "609,000", "£34m", "Cell and Gene Therapy Catapult"):
        assert expected in panel
    assert "ONS" in frame.locator(".leaflet-control-attribution").inner_text()
    assert "Contains OS data" in frame.locator("#attribution").text_content()


def test_an_area_snippet_opens_that_area(page, live_server, host_site):
    snippet = snippet_for(live_server, page, area="E37000001")
    assert "embed?area=E37000001" in snippet
    page.goto(host_site.page_with(snippet))
    frame = embedded_frame(page)
    assert "Black Country" in frame.locator("#panel").inner_text()
    assert "Employment figures are not available" in frame.locator("#panel").inner_text()


def test_the_embed_tells_its_parent_its_height(page, live_server, host_site):
    listener = (
        "<script>window.heights = []; addEventListener('message', e => "
        "{ if (e.data && e.data.type === 'geoapp:height') heights.push(e.data.height); });"
        "</script>"
    )
    page.goto(
        host_site.page_with(
            listener
            + f'<iframe sandbox="allow-scripts" src="{live_server}/embed" title="map"></iframe>'
        )
    )
    embedded_frame(page)
    page.wait_for_function("() => window.heights.length > 0")
    assert page.evaluate("window.heights[0]") > 100


def test_other_pages_refuse_to_be_framed_elsewhere(page, live_server, host_site):
    page.goto(host_site.page_with(f'<iframe src="{live_server}/" title="map"></iframe>'))
    page.wait_for_timeout(500)
    frame = page.frames[1]
    assert frame.url.startswith("chrome-error://") or frame.locator("#map_areas").count() == 0


@pytest.mark.parametrize(
    "query",
    [
        "area=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        "basemap=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&panel=%3Csvg%20onload%3Dalert(1)%3E",
        "interactive=javascript:alert(1)&area=E37000017%22%3E%3Cb%20id%3Dinjected%3E",
    ],
)
def test_hostile_embed_options_are_inert(page, live_server, query):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server}/embed?{query}")
    page.wait_for_selector("#map-view[data-map-ready=true]")
    page.wait_for_timeout(200)
    assert dialogs == []
    assert page.locator("#injected, img[src=x], svg[onload]").count() == 0
