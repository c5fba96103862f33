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
