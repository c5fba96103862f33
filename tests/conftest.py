"""Fixtures shared by every kind of test."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

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


def serve_in_thread(app):
    """Start ``app`` on a free localhost port; return (base URL, server)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


@pytest.fixture(scope="session")
def live_server(real_app):
    url, server = serve_in_thread(real_app)
    yield url
    server.shutdown()
