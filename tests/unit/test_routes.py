"""The table of route families (geoapp/web/routes.py): every route has one, its paths agree
with its endpoints, the README lists it as it is, and its rules say who gets CORS."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from geoapp.config import PROJECT_ROOT
from geoapp.web import routes
from geoapp.web.app import check_route_families
from geoapp.web.routes import Cors, ErrorFormat
from geoapp.web.views import BLUEPRINT_MODULES

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def url_map():
    """The app's routes, without its data: create_app registers exactly these blueprints."""
    app = Flask(__name__, static_folder=None)
    for module in BLUEPRINT_MODULES:
        app.register_blueprint(module.blueprint)
    return app.url_map


def static_prefix(rule: str) -> str:
    """The part of a rule before its first argument: "/downloads/areas/<code>.geojson" →
    "/downloads/areas/"."""
    return rule.split("<", 1)[0]


def test_every_route_has_a_family(url_map):
    endpoints = [rule.endpoint for rule in url_map.iter_rules()]
    assert routes.missing_families(endpoints) == []
    for endpoint in endpoints:
        owners = [family.name for family in routes.FAMILIES if family.has_endpoint(endpoint)]
        assert len(owners) == 1, (endpoint, owners)


def test_every_family_names_only_routes_that_exist(url_map):
    endpoints = {rule.endpoint for rule in url_map.iter_rules()}
    blueprints = {endpoint.split(".")[0] for endpoint in endpoints}
    for family in routes.FAMILIES:
        for name in family.endpoints:
            blueprint, view = name.split(".")
            assert (blueprint in blueprints) if view == "*" else (name in endpoints), name


def test_a_route_without_a_family_stops_the_app():
    app = Flask(__name__, static_folder=None)
    app.add_url_rule("/new", "new.thing", lambda: "")
    with pytest.raises(ValueError, match=r"new\.thing"):
        check_route_families(app)


def test_each_route_path_is_in_its_own_family(url_map):
    """A request no route matched is told apart by its path: it must land in the family
    its routes' endpoints are in (the same error format either way)."""
    for rule in url_map.iter_rules():
        by_path = routes.family_of_path(static_prefix(rule.rule))
        assert by_path is routes.family_of_endpoint(rule.endpoint), rule.rule


@pytest.mark.parametrize(
    ("path", "family"),
    [
        ("/nowhere", routes.PAGES),
        ("/areas/x/y", routes.PAGES),
        ("/embed", routes.EMBED),
        ("/embedx", routes.PAGES),
        ("/panel/at/x/y", routes.PANELS),
        ("/oembedx", routes.API),
        ("/api/nope", routes.API),
        ("/downloads/nope", routes.FILES),
        ("/images/nope", routes.FILES),
        ("/ogc", routes.OGC),
        ("/ogc/nope", routes.OGC),
        ("/ogcx", routes.PAGES),
        ("/assets/a/b", routes.ASSETS),
        ("/data/postcodes/SG1.json", routes.STATIC_DATA),
    ],
)
def test_paths_no_route_matched_find_their_family(path, family):
    assert routes.family_of_path(path) is family


def test_a_request_no_route_matched_gets_only_its_error_format():
    unmatched = routes.family_of_request(None, "/embed")
    assert unmatched.frame_ancestors == routes.OWN_SITE
    assert unmatched.errors is ErrorFormat.PAGE
    api = routes.family_of_request(None, "/api/nope")
    assert api.cors is Cors.JSON_ERRORS
    assert routes.allows_cors(api, "GET", 404, json_error=True)
    assert not routes.allows_cors(routes.family_of_request(None, "/ogc/x"), "GET", 404)
    assert routes.family_of_request(None, "/nowhere").cors is Cors.NONE


@pytest.mark.parametrize(
    ("family", "method", "status", "json_error", "expected"),
    [
        (routes.PAGES, "GET", 200, False, False),
        (routes.EMBED, "GET", 200, False, False),
        (routes.PANELS, "GET", 200, False, True),
        (routes.PANELS, "GET", 304, False, True),
        (routes.PANELS, "GET", 404, False, False),  # the panel's error fragment
        (routes.ASSETS, "OPTIONS", 200, False, False),
        (routes.API, "HEAD", 200, False, True),
        (routes.API, "GET", 400, True, True),
        (routes.FILES, "OPTIONS", 200, False, True),
        (routes.OGC, "GET", 404, False, True),  # the OGC API's error page for browsers
    ],
)
def test_who_gets_cors(family, method, status, json_error, expected):
    assert routes.allows_cors(family, method, status, json_error) is expected


def test_only_the_embed_may_be_framed_by_any_site():
    framable = [f.name for f in routes.FAMILIES if f.frame_ancestors == routes.ANY_SITE]
    assert framable == ["embed"]


def readme_families() -> dict[str, list[str]]:
    """Return the rows of README's "Route families" table: family name → its other cells."""
    section = README.split("### Route families", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \|(.*)\|$", section, flags=re.M)
    return {name: [cell.strip() for cell in cells.split("|")] for name, cells in rows}


def code_or_none(value: str | None) -> str:
    return f"`{value}`" if value else "none"


def test_readme_lists_every_family_as_it_is():
    documented = readme_families()
    assert list(documented) == [family.name for family in routes.FAMILIES]
    for family in routes.FAMILIES:
        _routes, cors, cache, static_cache, framed_by, errors = documented[family.name]
        assert cors == family.cors.value, family.name
        assert cache == code_or_none(family.cache), family.name
        assert static_cache == code_or_none(family.static_cache), family.name
        assert framed_by == f"`{family.frame_ancestors}`", family.name
        assert errors == family.errors.value, family.name


def test_readme_names_each_family_s_paths():
    documented = readme_families()
    for family in routes.FAMILIES:
        listed = documented[family.name][0]
        for pattern in family.paths:
            shown = pattern.rstrip("/*") if pattern != "/" else "/"
            assert f"`{shown}" in listed, (family.name, pattern)
