import pytest

from geoapp.outputs.embed import (
    EmbedOptions,
    NotOurs,
    embed_query,
    make_snippet,
    oembed,
    options_for_page,
    read_options,
)

CODES = {"E37000017", "E37000001"}
BASE = "https://map.example.org/"


def test_options_default_when_absent():
    assert read_options({}, CODES) == EmbedOptions()


def test_valid_options_are_read_forgivingly():
    args = {"area": " e37000017 ", "panel": "0", "basemap": "NONE", "interactive": "false"}
    assert read_options(args, CODES) == EmbedOptions("E37000017", False, "none", False)


@pytest.mark.parametrize(
    "args",
    [
        {"area": "<script>alert(1)</script>"},
        {"area": "E99999999"},
        {"panel": "maybe"},
        {"basemap": "javascript:alert(1)"},
        {"interactive": '"><img src=x onerror=alert(1)>'},
        {"unknown": "x"},
    ],
)
def test_unknown_or_malformed_options_fall_back_to_defaults(args):
    assert read_options(args, CODES) == EmbedOptions()


def test_the_query_names_only_what_differs_from_the_defaults():
    assert embed_query(EmbedOptions()) == ""
    options = EmbedOptions(area="E37000017", panel=False, basemap="none", interactive=False)
    assert read_options(dict(p.split("=") for p in embed_query(options).split("&")), CODES) == (
        options
    )


def test_the_snippet_is_an_accessible_lazy_iframe_and_a_link():
    snippet = make_snippet(BASE, EmbedOptions(area="E37000017"), "Hertfordshire", None)
    html = snippet.html
    assert html.startswith('<iframe src="https://map.example.org/embed?area=E37000017" ')
    for part in (
        'title="Hertfordshire: Industrial Strategy',
        'width="100%"',
        'height="500"',
        'loading="lazy"',
        "allowfullscreen",
    ):
        assert part in html
    assert '<a href="https://map.example.org/?area=E37000017">' in html


def test_the_snippet_escapes_names():
    snippet = make_snippet(BASE, EmbedOptions(), 'A "quoted" <name>', 300)
    assert 'title="A &quot;quoted&quot; &lt;name&gt;' in snippet.html
    assert snippet.height == 300


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://map.example.org/", EmbedOptions()),
        ("https://map.example.org/?area=E37000001", EmbedOptions(area="E37000001")),
        (
            "https://map.example.org/embed?area=E37000017&panel=0",
            EmbedOptions(area="E37000017", panel=False),
        ),
        ("https://MAP.example.org/areas/e37000017", EmbedOptions(area="E37000017")),
        # Every form the site answers: trailing slashes, the other scheme, www, default ports.
        ("https://map.example.org/areas/E37000017/", EmbedOptions(area="E37000017")),
        ("http://map.example.org/embed/?area=e37000001", EmbedOptions(area="E37000001")),
        ("https://www.map.example.org", EmbedOptions()),
        ("https://map.example.org:443/areas/E37000017", EmbedOptions(area="E37000017")),
        ("  https://map.example.org/embed//  ", EmbedOptions()),
    ],
)
def test_our_pages_map_to_embed_options(url, expected):
    assert options_for_page(url, BASE, CODES) == expected


def test_area_slugs_resolve_through_the_sites_own_resolver():
    slugs = {"hertfordshire": "E37000017"}

    def resolve(key):
        return slugs.get(key.lower()) or (key.upper() if key.upper() in CODES else None)

    expected = EmbedOptions(area="E37000017")
    assert (
        options_for_page("https://map.example.org/areas/hertfordshire", BASE, resolve) == expected
    )
    assert (
        options_for_page("https://map.example.org/areas/Hertfordshire/", BASE, resolve) == expected
    )
    with pytest.raises(NotOurs):
        options_for_page("https://map.example.org/areas/hertford", BASE, resolve)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/embed",
        "javascript:alert(1)",
        "https://map.example.org/ogc",
        "https://map.example.org/areas/E99999999",
        "ftp://map.example.org/",
        "not a url",
    ],
)
def test_other_urls_are_not_ours(url):
    with pytest.raises(NotOurs):
        options_for_page(url, BASE, CODES)


def test_oembed_has_the_required_rich_fields_within_the_limits():
    snippet = make_snippet(BASE, EmbedOptions(), None, None)
    answer = oembed(snippet, BASE, maxwidth=400, maxheight=300)
    assert answer["version"] == "1.0" and answer["type"] == "rich"
    assert (answer["width"], answer["height"]) == (400, 300)
    assert 'height="300"' in answer["html"] and answer["html"].startswith("<iframe")
    assert answer["provider_url"] == BASE and answer["title"]
    assert oembed(snippet, BASE, None, None)["height"] == 500
