"""Fixtures shared by every kind of test: the real app, and the tiny synthetic world
(three areas, two of which overlap) that unit tests and a few integration tests use."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import pytest
from geodata import feature_collection, square
from ons_sample import ONS_MEASURES, ONS_ROWS
from servers import serve_in_thread

from geoapp import create_app

#: Real data, no basemap: tests never reach beyond localhost.
REAL_CONFIG = {"tiles_url": "none"}


@pytest.fixture(scope="session")
def real_app():
    """The app on the real boundaries (../shared/boundaries) and data/, built once."""
    return create_app(REAL_CONFIG)


@pytest.fixture()
def client(real_app):
    return real_app.test_client()


@pytest.fixture(scope="session")
def live_server(real_app):
    url, server = serve_in_thread(real_app)
    yield url
    server.shutdown()


#: The postcode files a test export holds (all ~3,000 take a minute to write): Stevenage,
#: Letchworth (in two areas) and one of each kind of answer the search gives.
TEST_OUTWARD_CODES = ("SG1", "SG6", "JE2", "TR21")


@pytest.fixture(scope="session")
def static_export(real_app, tmp_path_factory):
    """(folder, base URL, report): the site exported for a port chosen now, where
    ``static_host`` serves it. Built once per run."""
    from static_host import free_port

    from geoapp.web.export import export_site

    port = free_port()
    folder = tmp_path_factory.mktemp("export") / "site"
    # SVG pictures only: each PNG takes matplotlib about 0.2 s to draw.
    report = export_site(
        real_app, folder, f"http://127.0.0.1:{port}/", TEST_OUTWARD_CODES, {"extension": ["svg"]}
    )
    return folder, port, report


@pytest.fixture(scope="session")
def static_host(static_export, tmp_path_factory):
    """The base URL of nginx serving the export alone: no Python app behind it."""
    from static_host import Nginx

    folder, port, _ = static_export
    nginx = Nginx(folder, port, tmp_path_factory.mktemp("nginx"))
    yield nginx.url
    nginx.stop()


REGISTER = """\
[publication]
title = "Industrial Strategy: local summaries"
publisher = "BEIS"
published = 2018-12-03
period = "as published December 2018"
licence = "Open Government Licence v3.0"
licence_url = "https://example.org/ogl"
attribution = "Summaries: Crown copyright"
national_amount = "£45bn"
national_line = "More than £45bn."

[areas.E37000001]
lis_wave = "wave 1"

[areas.E37000002]
lis_wave = "wave 3"

[areas.S92000003]
lis_wave = "not applicable"
"""

SUMMARY = """\
code = "E37000001"
status = "complete"
lis_line = "Alpha is writing its strategy."

[source]
title = "Local summary: Alpha"
publisher = "BEIS"
published = 2018-12-03

[figures]
population = 1116300
businesses = 58305
people_in_employment = 609000

[[investments]]
amount = "£2.5m"
funds = "A science partnership"

[[investments]]
funds = "Something without an amount"

[case_study]
name = "A Catapult"
place = "Stevenage"
amount = "£60m"
description = "A centre."
"""


@pytest.fixture()
def tiny_world(tmp_path: Path) -> dict:
    """Write boundaries, a manifest and data/ for the tiny world; return settings overrides.

    Alpha covers (0,50)-(2,52), Beta (1,50)-(3,52): they overlap on (1,50)-(2,52).
    Scotland is (10,55)-(11,56); the England row of the nations file is filtered out.
    Every folder the settings name is under ``tmp_path``, the cache and postcodes too.
    """
    boundaries = tmp_path / "boundaries"
    boundaries.mkdir()
    leps = feature_collection(
        [("E37000002", "Beta", square(1, 50, 2)), ("E37000001", "Alpha", square(0, 50, 2))],
        "LEP17CD",
        "LEP17NM",
    )
    nations = feature_collection(
        [("S92000003", "Scotland", square(10, 55, 1)), ("E92000001", "England", square(0, 50, 3))],
        "CTRY17CD",
        "CTRY17NM",
    )
    files = {"leps.geojson": leps, "nations.geojson": nations}
    for name, text in files.items():
        (boundaries / name).write_text(text)
    digest = {name: hashlib.sha256(text.encode()).hexdigest() for name, text in files.items()}
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(
        textwrap.dedent(
            f"""\
            [layers.lep2017]
            file = "leps.geojson"
            sha256 = "{digest["leps.geojson"]}"
            code_field = "LEP17CD"
            name_field = "LEP17NM"
            area_type = "LEP"
            attribution = "Boundaries: ONS"

            [layers.nations2017]
            file = "nations.geojson"
            sha256 = "{digest["nations.geojson"]}"
            code_field = "CTRY17CD"
            name_field = "CTRY17NM"
            area_type = "nation"
            only_codes = ["S92000003"]
            attribution = "Boundaries: ONS, LPS"

            [area_sets.summaries2018]
            title = "Tiny"
            layers = ["lep2017", "nations2017"]
            """
        )
    )
    data = tmp_path / "data"
    (data / "summaries").mkdir(parents=True)
    (data / "areas.toml").write_text(REGISTER)
    (data / "summaries" / "E37000001.toml").write_text(SUMMARY)
    # No postcodes (search is off); tests of the search write their own CSVs.
    postcodes = tmp_path / "postcodes-none"
    postcodes.mkdir()
    return {
        "boundaries_dir": boundaries,
        "boundaries_manifest": manifest,
        "data_dir": data,
        "postcodes_dir": postcodes,
        "cache_dir": tmp_path / "cache",
        "tiles_url": "none",
    }


@pytest.fixture()
def tiny_world_2021(tiny_world: dict) -> dict:
    """The tiny world plus a second set of areas, ``leps2021``, with ONS statistics.

    Alpha (E37000001) kept its code and square; Gamma (E37000050, (2,50)-(4,52)) took
    Beta's place and more. Alpha has every statistic; Gamma only its 2018 employment.
    """
    boundaries = tiny_world["boundaries_dir"]
    leps = feature_collection(
        [("E37000050", "Gamma", square(2, 50, 2)), ("E37000001", "Alpha", square(0, 50, 2))],
        "LEP21CD",
        "LEP21NM",
    )
    (boundaries / "leps2021.geojson").write_text(leps)
    digest = hashlib.sha256(leps.encode()).hexdigest()
    manifest = tiny_world["boundaries_manifest"]
    manifest.write_text(
        manifest.read_text()
        + textwrap.dedent(
            f"""
            [layers.lep2021]
            file = "leps2021.geojson"
            sha256 = "{digest}"
            code_field = "LEP21CD"
            name_field = "LEP21NM"
            area_type = "LEP"
            attribution = "Boundaries 2021: ONS"

            [area_sets.leps2021]
            title = "Tiny LEPs (April 2021), with ONS statistics"
            layers = ["lep2021"]
            """
        )
    )
    ons = tiny_world["data_dir"] / "ons"
    ons.mkdir()
    (ons / "measures.toml").write_text(ONS_MEASURES)
    (ons / "statistics.csv").write_text(ONS_ROWS)
    return tiny_world
