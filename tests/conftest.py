"""Fixtures shared by every kind of test."""

from __future__ import annotations

import pytest
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
