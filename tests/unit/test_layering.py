"""The packages follow the data: each imports only the packages below it, and only
``geoapp.web`` imports Flask (README, "How it is built")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "geoapp"

#: Each part of geoapp and its layer: a module may import its own layer and those below.
LAYERS = {
    "config": 0,
    "inputs": 1,
    "geometry": 2,
    "model": 3,
    "outputs": 4,
    "summaries_import": 4,
    "site": 5,
    "web": 6,
    # The entry points: the package itself (create_app, lazily), the command line.
    "__init__": 7,
    "__main__": 7,
    "cli": 7,
}
#: Web frameworks and servers: only geoapp.web may import them.
WEB_LIBRARIES = {"flask", "werkzeug", "waitress", "gunicorn", "granian", "jinja2"}


def part_of(module: str) -> str:
    """Return the top-level part of geoapp a dotted module name is in ("inputs", "cli")."""
    return module.split(".")[1] if module.count(".") else "__init__"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) in {
        "TYPE_CHECKING",
        "typing.TYPE_CHECKING",
    }


def runtime_nodes(tree: ast.AST):
    """Yield every node but those under ``if TYPE_CHECKING:`` (names for annotations only)."""
    for child in ast.iter_child_nodes(tree):
        if is_type_checking_block(child):
            continue
        yield child
        yield from runtime_nodes(child)


def imported_modules(path: Path) -> set[str]:
    """Return every module the file imports when it runs, at the top or inside functions."""
    found: set[str] = set()
    for node in runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module == "geoapp":
                found.update(f"geoapp.{alias.name}" for alias in node.names)
    return found


MODULES = sorted(PACKAGE_DIR.rglob("*.py"))


def test_every_part_of_geoapp_has_a_layer():
    parts = {part_of(module_name(path)) for path in MODULES}
    assert parts <= set(LAYERS), f"parts without a layer: {sorted(parts - set(LAYERS))}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_module_imports_only_the_layers_below_it(path):
    name = module_name(path)
    layer = LAYERS[part_of(name)]
    upward = sorted(
        imported
        for imported in imported_modules(path)
        if imported.startswith("geoapp.")
        and part_of(imported) in LAYERS
        and LAYERS[part_of(imported)] > layer
        # The package's own __init__ is its entry point, not a layer others lean on.
        and imported not in {"geoapp.create_app", "geoapp.reload_data"}
    )
    assert not upward, f"{name} (layer {layer}) imports from above it: {upward}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_only_web_imports_flask_and_the_servers(path):
    name = module_name(path)
    if part_of(name) == "web":
        return
    web = sorted(m for m in imported_modules(path) if m.split(".")[0] in WEB_LIBRARIES)
    assert not web, f"{name} imports {web}; only geoapp.web may"


def test_the_check_sees_an_upward_import(tmp_path):
    # The rule must be able to fail: a model module importing an output is caught.
    bad = tmp_path / "bad.py"
    bad.write_text("from geoapp.outputs.geojson import to_bytes\nimport flask\n")
    imported = imported_modules(bad)
    assert "geoapp.outputs.geojson" in imported and "flask" in imported
    assert LAYERS[part_of("geoapp.outputs.geojson")] > LAYERS["model"]
