"""Embed and oEmbed over HTTP: framing headers, discovery, the spec's fields, bad input."""

import html as html_lib
import re
from urllib.parse import parse_qs, urlsplit

import pytest


def frame_ancestors(response) -> str:
    """The frame-ancestors directive of the response's Content-Security-Policy."""
    policy = response.headers["Content-Security-Policy"]
    (directive,) = [d.strip() for d in policy.split(";") if d.strip().startswith("frame-")]
    return directive


def test_the_embed_may_be_framed_by_anyone_and_other_pages_only_by_us(client):
    embed = client.get("/embed")
    assert embed.status_code == 200
    assert frame_ancestors(embed) == "frame-ancestors *"
    for path in ("/", "/panel/E37000017", "/nowhere"):
        assert frame_ancestors(client.get(path)) == "frame-ancestors 'self'", path
    for response in (embed, client.get("/")):
        assert "X-Frame-Options" not in response.headers
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_embed_has_no_site_chrome_but_keeps_the_attribution(client):
    page = client.get("/embed?area=E37000017").get_data(as_text=True)
    assert 'class="site-header"' not in page
    assert "Contains OS data © Crown copyright and database right 2017" in page
    assert "1,116,300" in page  # the opening panel is rendered on the server
    assert 'href="http://localhost/?area=E37000017"' in page


@pytest.mark.parametrize("path", ["/", "/embed?area=E37000001", "/?area=E37000017"])
def test_pages_advertise_oembed_and_the_link_works(client, path):
    page = client.get(path).get_data(as_text=True)
    (href,) = re.findall(
        r'<link rel="alternate" type="application/json\+oembed"[^>]*href="([^"]+)"',
        page,
        flags=re.S,
    )
    href = html_lib.unescape(href)
    parts = urlsplit(href)
    assert parse_qs(parts.query)["url"] == ["http://localhost" + path]
    answer = client.get(f"{parts.path}?{parts.query}")
    assert answer.status_code == 200
    body = answer.get_json()
    for field in (
        "version",
        "type",
        "html",
        "width",
        "height",
        "title",
        "provider_name",
        "provider_url",
    ):
        assert field in body, field
    assert body["version"] == "1.0" and body["type"] == "rich"
    assert isinstance(body["width"], int) and isinstance(body["height"], int)
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_oembed_for_an_area_page_embeds_that_area(client):
    body = client.get("/oembed?url=http://localhost/areas/E37000017&maxwidth=320").get_json()
    assert 'src="http://localhost/embed?area=E37000017"' in body["html"]
    assert body["title"].startswith("Hertfordshire") and body["width"] == 320


def test_a_configured_public_address_is_used_behind_a_proxy():
    from geoapp import create_app

    app = create_app({"tiles_url": "none", "public_base_url": "https://map.example.org/"})
    client = app.test_client()
    body = client.get("/oembed?url=https://map.example.org/embed").get_json()
    assert body["html"].startswith('<iframe src="https://map.example.org/embed"')
    assert client.get("/oembed?url=http://localhost/embed").status_code == 404
    # WordPress sends the address as pasted: any scheme, with or without www.
    for url in (
        "http://map.example.org/areas/hertfordshire",
        "https://www.map.example.org/areas/e37000017/",
        "https://MAP.example.org:443/?area=E37000017",
    ):
        body = client.get("/oembed", query_string={"url": url}).get_json()
        assert 'src="https://map.example.org/embed?area=E37000017"' in body["html"], url


#: Every form of address the site answers for Hertfordshire, and the whole map.
ADDRESS_FORMS = [
    ("/areas/E37000017", "E37000017"),
    ("/areas/e37000017", "E37000017"),
    ("/areas/hertfordshire", "E37000017"),
    ("/areas/hertfordshire/", "E37000017"),
    ("/areas/E37000017/", "E37000017"),
    ("/?area=e37000017", "E37000017"),
    ("/embed/?area=E37000017", "E37000017"),
    ("/embed", None),
    ("", None),
]


@pytest.mark.parametrize(("path", "code"), ADDRESS_FORMS)
def test_oembed_answers_every_address_form_the_site_answers(client, path, code):
    site = client.get(path or "/", follow_redirects=True)
    assert site.status_code == 200, path
    body = client.get("/oembed", query_string={"url": "http://localhost" + path}).get_json()
    expected = f"embed?area={code}" if code else 'embed"'
    assert expected in body["html"], path


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("url=http://localhost/&format=xml", 501),
        ("url=http://localhost/&format=XML", 501),
        ("url=https://elsewhere.example.com/embed", 404),
        ("url=http://localhost/ogc", 404),
        ("format=json", 400),
        ("url=http://localhost/&maxwidth=abc", 400),
        ("url=http://localhost/&maxheight=-5", 400),
    ],
)
def test_oembed_refuses_what_it_cannot_answer(client, query, status):
    response = client.get(f"/oembed?{query}")
    assert response.status_code == status
    assert response.get_json()["message"]


HOSTILE = [
    "area=%3Cscript%3Ealert(1)%3C/script%3E",
    "basemap=%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E",
    "panel=%3Csvg/onload=alert(1)%3E&interactive=%27%3Balert(1)%2F%2F",
    "area=E37000017%22%20onmouseover=%22alert(1)",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_options_are_never_reflected(client, query):
    for path in ("/embed", "/"):
        page = client.get(f"{path}?{query}").get_data(as_text=True)
        assert "alert(1)" not in page.replace(html_lib.escape("alert(1)"), "")
        assert "onerror=" not in page and "<script>alert" not in page
