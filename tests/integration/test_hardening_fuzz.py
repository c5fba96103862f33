"""Bad requests get a 4xx, never a 500, on every route and parameter; no stack traces.

Schemathesis fuzzes the OGC API against its own OpenAPI document; Hypothesis fuzzes every
route of the app (taken from its URL map, so new routes are covered by themselves) with
random path values, query strings, unicode, huge numbers, headers and methods. Bounded
(a few hundred requests each) so the suite stays quick; ``GEOAPP_FUZZ_EXAMPLES=5000``
runs longer, ``--hypothesis-seed=…`` replays a failure.
"""

from __future__ import annotations

import json
import os
import re
from urllib.parse import quote, urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

EXAMPLES = int(os.environ.get("GEOAPP_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,  # no .hypothesis/ folder in the repository; failures print their seed
)
#: Paths whose errors are JSON; the OGC API's too unless a browser asks for HTML.
JSON_PREFIXES = ("/api/", "/oembed", "/downloads/", "/images/")
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    '=HYPERLINK("http://x")',
    "../../etc/passwd",
    "%00",
    "%ZZ",
    "%C0%AF",
    "\x00",
    "\u202e\u0000\ud7ff",
    "E37000017\n",
    "${{7*7}}",
    "{{7*7}}",
]
NUMBERS = [
    "0",
    "-0",
    "1e309",
    "-1e309",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "1" * 400,
    "-" + "9" * 40,
    "0x10",
    "1_000",
    " 51.9 ",
    "51,9",
    "٣",
    "²",
]
VALID = [
    "E37000017",
    "e37000017",
    "hertfordshire",
    "areas",
    "leps2021",
    "summaries2018",
    "SG1 1AA",
    "51.979",
    "-0.229",
    "-0.2,51.8,0.0,52.0",
    "json",
    "html",
    "10",
    "1",
    "http://localhost/?area=E37000017",
    "http://localhost/embed",
]
PARAMETERS = [
    "area",
    "basemap",
    "bbox",
    "bbox-crs",
    "f",
    "format",
    "interactive",
    "lat",
    "limit",
    "lon",
    "maxheight",
    "maxwidth",
    "measure",
    "offset",
    "panel",
    "q",
    "set",
    "url",
]
values = st.one_of(
    st.sampled_from(VALID + HOSTILE + NUMBERS),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(alphabet="0123456789.,-e ", max_size=30),
    st.text(min_size=90, max_size=200),  # around the search's 100-character limit
)
queries = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=10)), values), max_size=6
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "Accept": st.sampled_from(
            ["text/html", "application/json", "*/*", "application/geo+json;q=0.1, text/html", ""]
        ),
        "Accept-Encoding": st.sampled_from(["gzip", "identity", "br;q=1.0, gzip;q=0.5", "x"]),
        "If-None-Match": st.sampled_from(['"abc"', "*", 'W/"x"', '"' + "a" * 300 + '"']),
        "Range": st.sampled_from(["bytes=0-10", "bytes=-1", "bytes=x"]),
    },
)


@pytest.fixture(scope="module")
def route_templates(real_app) -> list[str]:
    """Every route of the app, variables as ``<name>``."""
    return sorted(
        re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", rule.rule) for rule in real_app.url_map.iter_rules()
    )


def fill(template: str, data) -> str:
    """Return the route with each variable replaced by a drawn value, percent-encoded."""
    return re.sub(
        r"<\w+>",
        lambda _: quote(data.draw(values, label="path value"), safe=""),
        template,
    )


#: The Accept headers drawn below that rank HTML above JSON (as browsers send).
BROWSER_ACCEPTS = ("text/html", "application/geo+json;q=0.1, text/html")


def wants_json(path: str, request_headers: dict, query: list) -> bool:
    """Whether an error on this request must be JSON (see the README's "Errors")."""
    if path.startswith(JSON_PREFIXES):
        return True
    if path == "/ogc" or path.startswith("/ogc/"):
        chosen = next((value for name, value in query if name == "f"), None)  # the first
        if chosen in ("json", "html"):
            return chosen == "json"
        return request_headers.get("Accept") not in BROWSER_ACCEPTS
    return False


def oembed_format_refused(path: str, response) -> bool:
    """The one 5xx the specs ask for: oEmbed answers an unsupported ``format`` with 501."""
    return path == "/oembed" and response.status_code == 501


def assert_no_trace(body: str) -> None:
    for marker in ("Traceback", 'File "/', "werkzeug.exceptions", "jinja2.exceptions"):
        assert marker not in body


def assert_clean_error(response, path: str, json_expected: bool) -> None:
    """A 4xx: JSON with a message on the API, a page (or panel fragment) elsewhere."""
    if response.status_code == 304 or response.request.method == "HEAD":
        return
    if json_expected:
        assert response.mimetype == "application/json", (path, response.mimetype)
        assert json.loads(response.get_data(as_text=True))["message"]
    else:
        assert response.mimetype == "text/html", (path, response.mimetype)
        assert response.get_data(as_text=True).strip()


@FUZZ
@given(data=st.data(), query=queries, request_headers=headers)
def test_every_route_answers_bad_values_with_a_4xx(
    real_app, route_templates, data, query, request_headers
):
    path = fill(data.draw(st.sampled_from(route_templates), label="route"), data)
    client = real_app.test_client()
    response = client.get(
        path, query_string=urlencode(query), headers={**request_headers, "Accept-Encoding": "x"}
    )
    assert response.status_code < 500 or oembed_format_refused(path, response), (
        path,
        query,
        response.status_code,
    )
    # Binary downloads (GeoPackage, zip, PNG) are read as text only to look for a trace.
    assert_no_trace(response.get_data().decode("utf-8", "replace"))
    if response.status_code >= 400:
        assert_clean_error(response, path, wants_json(path, request_headers, query))


@FUZZ
@given(
    path=st.one_of(
        # Never "//…": a client would read what follows as a host name.
        st.text(max_size=80).map(lambda text: "/" + quote(text, safe="/").lstrip("/")),
        st.text(alphabet="/%.az09-_~", max_size=60).map(lambda text: "/" + text.lstrip("/")),
        st.sampled_from(
            ["/api/", "/ogc/", "/downloads/", "/images/", "/areas/", "/panel/", "/assets/"]
        ).flatmap(
            lambda prefix: st.text(max_size=40).map(lambda text: prefix + quote(text, safe=""))
        ),
    ),
    query=queries,
)
def test_random_paths_get_a_clean_404_or_4xx(real_app, path, query):
    response = real_app.test_client().get(path, query_string=urlencode(query))
    assert response.status_code < 500, (path, response.status_code)
    body = response.get_data(as_text=True)
    assert_no_trace(body)


METHODS = ["POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND", "BREW", "CONNECT"]


@pytest.mark.parametrize("method", METHODS)
def test_unknown_methods_get_405_with_allow_on_every_route(real_app, route_templates, method):
    client = real_app.test_client()
    for template in route_templates:
        path = re.sub(r"<\w+>", "E37000017", template)
        response = client.open(path, method=method)
        assert response.status_code == 405, (method, path, response.status_code)
        assert "GET" in response.headers["Allow"]
        expected = "application/json" if path.startswith(JSON_PREFIXES) else None
        if expected:
            assert response.mimetype == expected, path
        assert_no_trace(response.get_data(as_text=True))


def test_head_and_options_work_everywhere(real_app, route_templates):
    client = real_app.test_client()
    for template in route_templates:
        path = re.sub(r"<\w+>", "E37000017", template)
        assert client.head(path).status_code < 500, path
        assert client.options(path).status_code == 200, path


def test_the_500_page_has_no_trace_and_is_json_on_the_api(real_app):
    """An unexpected error (simulated) gives the plain 500 page or JSON, never a trace."""
    failing = type(real_app)(real_app.import_name)
    # Same error handlers as the app; a route that always fails.
    from geoapp.web import errors

    errors.register(failing)
    failing.extensions = real_app.extensions
    failing.jinja_loader = real_app.jinja_loader
    failing.add_url_rule("/api/boom", "boom", lambda: 1 / 0)
    failing.logger.disabled = True
    response = failing.test_client().get("/api/boom")
    assert response.status_code == 500
    assert response.get_json()["message"]
    assert_no_trace(response.get_data(as_text=True))


# ---- The OGC API, against its own OpenAPI document.


def bbox_breaks_a_rule_openapi_cannot_state(case) -> bool:
    """True for a bbox whose latitudes are beyond ±90, whose south is above its north or
    whose lower height is above its upper: OpenAPI 3.0 gives all of an array's items one
    range (-180 to 180 here), so such boxes are valid to the document, and rightly refused
    by the API with a 400."""
    bbox = (case.query or {}).get("bbox")
    if isinstance(bbox, str):
        bbox = bbox.split(",")
    try:
        bbox = [float(number) for number in bbox]
    except (TypeError, ValueError):
        return False
    if len(bbox) not in (4, 6):
        return False
    south, north = (bbox[1], bbox[3]) if len(bbox) == 4 else (bbox[1], bbox[4])
    heights_reversed = len(bbox) == 6 and bbox[2] > bbox[5]
    return heights_reversed or not (-90 <= south <= 90 and -90 <= north <= 90 and south <= north)


def ogc_operations(app):
    schema = schemathesis.openapi.from_wsgi("/ogc/openapi?f=json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_the_ogc_api_is_fuzzed_against_its_openapi_document(real_app):
    operations = ogc_operations(real_app)
    assert len(operations) >= 6
    for operation in operations:

        @settings(
            max_examples=max(EXAMPLES // 4, 10),
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy())
        def check(case):
            # gzip off: the WSGI transport hands schemathesis the raw (compressed) bytes.
            excluded = (
                [positive_data_acceptance] if bbox_breaks_a_rule_openapi_cannot_state(case) else []
            )
            response = case.call_and_validate(
                headers={"Accept-Encoding": "identity"}, excluded_checks=excluded
            )
            assert_no_trace(response.text)

        check()
