"""The real inputs with hostile text in every kind of field, for tests that it stays inert.

Hertfordshire (E37000017) gets an HTML/script name in a copy of its boundary file, and its
summary gets markup, script and spreadsheet formulas in every text field. Everything else
is the real data, so the map, clicks and searches behave as usual.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from geoapp.config import Settings

HERTS = "E37000017"
#: What a person sees where the name is shown: the text, never an element.
HOSTILE_NAME = "Hertfordshire <img src=x onerror=alert('name')>"
#: Summary text fields → hostile values (each would do something if not escaped).
HOSTILE_FIELDS = {
    "case_study.name": "<img src=x onerror=alert('case study')>",
    "case_study.place": "\"><script>alert('place')</script>",
    "case_study.description": "<svg onload=alert('description')></svg> & <b id=injected>",
    "investments.1": '=HYPERLINK("http://evil.example/","click")',
    "investments.2": "+SUM(1,2) <iframe id=injected src=javascript:alert('funds')></iframe>",
    "investments.3": "-2+3 '\"><style>body{display:none}</style>",
    "lis_line": "@SUM(A1) </p><a id=injected href=javascript:alert('lis')>x</a>",
    "note": "<script>alert('note')</script>",
    "source.title": "<form id=injected action=javascript:alert('title')><button>Go",
}
#: Every piece of markup above: none of these may appear as an element in a page.
INJECTED = (
    "#injected, img[src=x], svg[onload], script:not([src]), style, "
    "iframe[src^='javascript'], a[href^='javascript'], form[action^='javascript']"
)


def toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid TOML basic string


def hostile_summary(real: str) -> str:
    """Return Hertfordshire's summary with every text field made hostile."""
    fields = HOSTILE_FIELDS
    text = real
    for key in ("name", "place", "description"):
        text = re.sub(
            rf"(\[case_study\][^\[]*?){key} = \"[^\"]*\"",
            lambda m, k=key: f"{m[1]}{k} = {toml_string(fields['case_study.' + k])}",
            text,
            flags=re.S,
        )
    funds = iter(fields[f"investments.{n}"] for n in (1, 2, 3))
    text = re.sub(r'funds = "[^"]*"', lambda _: f"funds = {toml_string(next(funds))}", text)
    text = re.sub(r'lis_line = "[^"]*"', f"lis_line = {toml_string(fields['lis_line'])}", text)
    text = re.sub(
        r'(\[source\]\ntitle = )"[^"]*"', lambda m: m[1] + toml_string(fields["source.title"]), text
    )
    text = text.replace("urls = []", 'urls = ["https://example.org/?q=<script>alert(1)</script>"]')
    return f"note = {toml_string(fields['note'])}\n" + text


def write_hostile_world(folder: Path) -> dict:
    """Write the hostile inputs under ``folder``; return the settings for create_app."""
    real = Settings()
    boundaries = folder / "boundaries"
    boundaries.mkdir(parents=True)
    for path in real.boundaries_dir.iterdir():
        (boundaries / path.name).symlink_to(path)
    leps = json.loads((real.boundaries_dir / "derived_LEP_April_2017_EN_BUC.geojson").read_text())
    for feature in leps["features"]:
        if feature["properties"]["LEP17CD"] == HERTS:
            feature["properties"]["LEP17NM"] = HOSTILE_NAME
    text = json.dumps(leps)
    (boundaries / "hostile-leps.geojson").write_text(text)
    manifest = real.boundaries_manifest.read_text()
    manifest = re.sub(
        r'(\[layers\.lep2017\]\nfile = )"[^"]*"\nsha256 = "[^"]*"',
        lambda m: (
            f'{m[1]}"hostile-leps.geojson"\nsha256 = "{hashlib.sha256(text.encode()).hexdigest()}"'
        ),
        manifest,
    )
    (folder / "manifest.toml").write_text(manifest)
    data = folder / "data"
    shutil.copytree(real.data_dir, data)
    summary = data / "summaries" / f"{HERTS}.toml"
    summary.write_text(hostile_summary(summary.read_text()))
    return {
        "boundaries_dir": boundaries,
        "boundaries_manifest": folder / "manifest.toml",
        "data_dir": data,
        "tiles_url": "none",
    }
