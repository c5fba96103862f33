"""The production layout the README documents: nginx serves the exported files and passes
only what must be dynamic to the app, and keeps answering beside slow and idle clients."""

from __future__ import annotations

import json
import threading
import time
import urllib.request

import pytest
from slow_clients import p99_beside_slow_clients
from static_host import Nginx, free_port

from geoapp.web.server import make_server

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def production(real_app, static_export, tmp_path_factory):
    """The base URL of nginx in front of the app (`geoapp serve`'s server, in a thread)."""
    server = make_server(real_app, "127.0.0.1", 0)
    threading.Thread(target=server.run, daemon=True).start()
    nginx = Nginx(
        static_export[0],
        free_port(),
        tmp_path_factory.mktemp("nginx-production"),
        app=f"127.0.0.1:{server.effective_port}",
    )
    yield nginx.url
    nginx.stop()
    server.close()


def get(url: str, timeout: float = 10) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read()


def test_files_come_from_nginx_and_queries_from_the_app(production):
    status, content_type, body = get(production + "/api/search?q=Hert")
    assert status == 200 and json.loads(body)["results"][0]["label"] == "Hertfordshire"
    status, _, body = get(production + "/ogc/collections/areas/items?limit=2")
    page = json.loads(body)
    assert page["numberReturned"] == 2 and page["numberMatched"] == 41
    status, _, body = get(production + "/panel/at?lat=51.979&lon=-0.229")
    assert body.count(b'class="area-name"') == 2
    status, _, body = get(production + "/oembed?url=http://x/&format=json&maxwidth=300")
    assert status in (200, 404)  # the app answers (the page address decides which)
    status, _, body = get(production + "/api/areas/at?lat=91&lon=0")
    assert status == 400 and b"lat" in body
    # The static files: the one page of all features when the query is only a format.
    _, _, body = get(production + "/ogc/collections/areas/items?f=json")
    assert json.loads(body)["numberReturned"] == 41
    status, content_type, _ = get(production + "/")
    assert status == 200 and content_type.startswith("text/html")


def test_500_slow_and_200_idle_connections_do_not_keep_visitors_out(production):
    """Issue 14's attack on the production layout: nginx holds the slow and idle clients
    (a few KB each) and hands the app only complete requests."""
    address = ("127.0.0.1", int(production.rsplit(":", 1)[1]))
    p99 = p99_beside_slow_clients(
        address,
        production,
        ["/", "/api/areas/at?lat=51.9&lon=-0.2", "/ogc/conformance", "/api/search?q=SG1"],
    )
    print(f"\nnginx + app, 60 requests beside 500 slow and 200 idle: p99 {p99 * 1000:.0f} ms")
    assert p99 < 1


def test_serve_from_an_export_answers_files_first_and_the_app_after(static_export):
    """`geoapp serve --export DIR`: the export's files at once, the app when it is built."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    folder, _, _ = static_export
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "geoapp", "serve", "--export", str(folder), "--port", str(port)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "GEOAPP_TILES_URL": "none"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, content_type, body = get(url + "/")
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
        assert status == 200 and body == (folder / "index.html").read_bytes()
        _, content_type, _ = get(url + "/ogc/collections/areas/items?f=json")
        assert content_type.startswith("application/geo+json")
        # Waits for the app, which takes seconds to build (minutes on a busy machine).
        status, _, body = get(url + "/api/search?q=Hert", timeout=150)
        assert status == 200 and json.loads(body)["results"][0]["label"] == "Hertfordshire"
        _, _, body = get(url + "/ogc/collections/areas/items?limit=2")
        assert json.loads(body)["numberReturned"] == 2
    finally:
        process.terminate()
        process.wait(timeout=30)
