"""The OGC API read by QGIS's own OGC API – Features provider (QGIS 3.22, Debian's
python3-qgis), as a QGIS user adds the layer: the columns and types it settles on from
the first page of 10, and Hertfordshire's values as QGIS holds them.

``make test`` installs QGIS (Debian's python3-qgis) when missing. Without it the tests
skip, except with CI=true, where they fail instead, like the browser tests.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from servers import serve_in_thread

pytestmark = pytest.mark.real_data

#: Debian's Python, which has the qgis package (the project's venv cannot import it).
SYSTEM_PYTHON = os.environ.get("GEOAPP_QGIS_PYTHON", "/usr/bin/python3")
#: Run in its own process: QGIS needs its application object and an offscreen Qt.
QGIS_CLIENT = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from qgis.core import Qgis, QgsApplication, QgsVectorLayer
application = QgsApplication([], False)
application.initQgis()
url, wanted = sys.argv[1], json.loads(sys.argv[2])

def plain(value):
    return None if value is None or type(value).__name__ == "QVariant" else value

result = {"version": Qgis.QGIS_VERSION}
for name, code in wanted.items():
    layer = QgsVectorLayer(f"url='{url}' typename='{name}'", name, "OAPIF")
    features = list(layer.getFeatures())
    chosen = next(f for f in features if f["code"] == code)
    result[name] = {
        "valid": layer.isValid(),
        "count": len(features),
        "types": {field.name(): field.typeName() for field in layer.fields()},
        "chosen": {field.name(): plain(chosen[field.name()]) for field in layer.fields()},
    }
print(json.dumps(result, default=str), flush=True)
# QGIS 3.22 can crash while tearing down its providers; everything is said by now.
os._exit(0)
"""


def qgis_installed() -> bool:
    try:
        done = subprocess.run(
            [SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@pytest.fixture(scope="module")
def qgis_reading(real_app):
    if not qgis_installed():
        message = f"QGIS not importable by {SYSTEM_PYTHON} (apt-get install python3-qgis)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    url, server = serve_in_thread(real_app)
    wanted = {"areas": "E37000017", "leps2021": "E37000048"}
    try:
        done = subprocess.run(
            [SYSTEM_PYTHON, "-c", QGIS_CLIENT, f"{url}/ogc", json.dumps(wanted)],
            capture_output=True,
            text=True,
            timeout=240,
        )
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_qgis_reads_every_area_of_both_collections(qgis_reading):
    assert qgis_reading["areas"]["valid"] and qgis_reading["leps2021"]["valid"]
    assert qgis_reading["areas"]["count"] == 41
    assert qgis_reading["leps2021"]["count"] == 38


def test_qgis_types_the_figures_and_statistics_as_numbers(qgis_reading):
    areas, leps = qgis_reading["areas"], qgis_reading["leps2021"]
    for name in ("population", "businesses", "ons_enterprises_2018"):
        assert areas["types"][name] == "Integer", name
    for name in ("employment_rate_2018", "enterprises_per_1000_residents"):
        assert areas["types"][name] == leps["types"][name] == "Real", name
    assert areas["chosen"]["population"] == 1116300
    assert leps["chosen"]["employment_rate_2018"] == 78.5
    assert leps["chosen"]["ons_enterprises_2018"] == 61765


def test_qgis_gets_the_investments_as_plain_typed_columns(qgis_reading):
    """QGIS 3.22 empties the structured list; the plain columns beside it hold the page."""
    areas = qgis_reading["areas"]
    assert areas["types"]["investments_count"] == "Integer"
    assert areas["types"]["investments_total_gbp"] in ("Integer", "Integer64")
    assert areas["types"]["investments_text"] == "String"
    hertfordshire = areas["chosen"]
    assert hertfordshire["investments_count"] == 3
    assert hertfordshire["investments_total_gbp"] == 42_500_000  # £2.5m + £6m + £34m
    assert hertfordshire["investments_text"].startswith("£2.5m: to support innovation")
