"""The contract between folium's map script, the page and our scripts, checked on each side
against geoapp/outputs/map_contract.py: the names the script is built with and hands over, and the
options, state, elements and hand-over the scripts (static/, MAP_SCRIPTS) use."""

from __future__ import annotations

import json
import re

import pytest

from geoapp.outputs import map_contract as contract
from geoapp.outputs.mapping import build_map, map_script
from geoapp.site.build import MAP_SCRIPTS, STATIC_DIR, map_bundle


def bundle_sources() -> dict[str, str]:
    """The map bundle's source files, by name, in the order they are joined."""
    return {name: (STATIC_DIR / name).read_text() for name in MAP_SCRIPTS}


def kebab(name: str) -> str:
    """Return a dataset property's data attribute name (defaultSet → default-set)."""
    return re.sub(r"[A-Z]", lambda capital: "-" + capital[0].lower(), name)


def found(pattern: str, *names: str) -> set[str]:
    """Every first group of ``pattern`` in the named bundle files (all when none named)."""
    sources = bundle_sources()
    return {match for name in names or sources for match in re.findall(pattern, sources[name])}


def page_dataset(assigned: bool) -> set[str]:
    """The page element's dataset properties the bundle assigns, or those it reads."""
    uses = found(r"mapView\.dataset\.(\w+\b(?:\s*=(?!=))?)")
    return {use.split("=")[0].strip() for use in uses if use.endswith("=") == assigned}


@pytest.fixture()
def script(area_set) -> str:
    return map_script(build_map({"summaries2018": area_set}, None, ""))


def test_the_map_script_creates_the_declared_map_and_layers_off_the_map(script):
    name = contract.MAP_ELEMENT_ID
    assert re.search(rf'var {name} = L\.map\(\s*"{name}"', script)
    layer = contract.layer_variable("summaries2018")
    assert re.search(rf"var {layer} = L\.geoJson\(null", script)
    # The areas go on the map only once map.js has framed the view (drawn once).
    assert f"{layer}.addTo(" not in script
    assert f"addTo({name})" not in script.split(f"var {layer} =")[1].split(contract.HAND_OVER)[0]


def test_the_map_script_ends_by_handing_over_the_declared_keys(script):
    values = {
        "map": contract.MAP_ELEMENT_ID,  # folium's variable is named as its element
        "layers": f'{{"summaries2018": {contract.layer_variable("summaries2018")}}}',
        "basemap": "null",
    }
    handed = ", ".join(f"{key}: {values[key]}" for key in contract.HAND_OVER_KEYS)
    assert script.strip().endswith(f"window.{contract.HAND_OVER}({{ {handed} }});")


def test_a_configured_basemap_is_handed_over_off_the_map(area_set):
    tiles = "https://t.example/{z}/{x}/{y}"
    script = map_script(build_map({"summaries2018": area_set}, tiles, "T"))
    basemap = f"tile_layer_{contract.BASEMAP_ID}"
    assert f"var {basemap} = L.tileLayer(" in script
    assert f"{basemap}.addTo(" not in script
    assert script.strip().endswith(f"basemap: {basemap} }});")


def test_the_areas_credit_is_given_once_to_the_map_not_to_each_area(script):
    assert script.count("addAttribution(") == 1
    assert '"attribution"' not in script


def test_the_scripts_read_every_declared_option_and_no_other():
    read = found(r"\bdata\.(\w+)", "map-page.js")
    assert {kebab(name) for name in read} == set(contract.PAGE_OPTIONS)
    # Only map-page.js reads the page element's data attributes.
    assert page_dataset(assigned=False) == set()


def test_the_scripts_write_back_only_the_declared_state():
    written = page_dataset(assigned=True)
    assert {kebab(name) for name in written} == set(contract.PAGE_STATE)


def test_the_scripts_look_up_only_the_declared_elements():
    looked_up = found(r'(?:getElementById|byId)\("([^"]+)"\)')
    assert looked_up == set(contract.PAGE_ELEMENTS)


def test_the_scripts_take_over_what_the_map_script_hands_over():
    entry = bundle_sources()["map.js"]
    assert f"{contract.HAND_OVER} = function (folium)" in entry
    assert found(r"\bfolium\.(\w+)", "map.js") == set(contract.HAND_OVER_KEYS)
    assert MAP_SCRIPTS[-1] == "map.js"


def test_the_scripts_read_only_declared_area_properties():
    read = found(r"properties\.(\w+)")
    assert read and read <= set(contract.AREA_PROPERTIES)


def test_the_scripts_set_the_mark_the_benchmark_reads():
    assert f'performance.mark("{contract.DRAWN_MARK}")' in bundle_sources()["map.js"]


def test_an_exported_site_sets_only_declared_options():
    source = (STATIC_DIR / "static-site.js").read_text()
    written = set(re.findall(r"view\.dataset\.(\w+) =", source))
    flags = re.search(r"\[(\"panel\", \"interactive\")\]\.forEach", source)
    assert flags, "static-site.js sets the panel and interactive options by name"
    written |= set(re.findall(r'"(\w+)"', flags[1]))
    assert written and {kebab(name) for name in written} <= set(contract.PAGE_OPTIONS)


def test_the_bundle_joins_the_scripts_in_order_without_indentation_or_comment_lines(tmp_path):
    (tmp_path / "a.js").write_text('/* A. */\n(function () {\n  // why\n  var a = "//";\n})();\n')
    (tmp_path / "b.js").write_text("  var b = 1;  // kept: code comes first\n\n")
    bundle = map_bundle(tmp_path, ("a.js", "b.js")).decode()
    assert bundle.splitlines() == [
        "/* A. */",
        "(function () {",
        'var a = "//";',
        "})();",
        ";",
        "var b = 1;  // kept: code comes first",
    ]


@pytest.mark.parametrize("line", ["var a = `x`;", 'var a = "x\\'])
def test_a_script_with_a_literal_that_may_span_lines_is_refused(tmp_path, line):
    (tmp_path / "a.js").write_text(line + "\n")
    with pytest.raises(ValueError, match=r"a\.js"):
        map_bundle(tmp_path, ("a.js",))


def test_a_sets_boundaries_script_hands_its_topology_to_the_declared_receiver():
    from geoapp.outputs.mapping import boundaries_script

    topology = b'{"type":"Topology","arcs":[]}'
    script = boundaries_script("summaries2018", topology).decode()
    call = f'window.{contract.BOUNDARIES_RECEIVER}("summaries2018", '
    assert script.startswith(call) and script.endswith(");\n")
    assert json.loads(script[len(call) : -len(");\n")]) == json.loads(topology)
    assert (
        f"{contract.BOUNDARIES_RECEIVER} = function (key, topology)" in bundle_sources()["map.js"]
    )
