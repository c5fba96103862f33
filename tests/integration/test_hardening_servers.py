"""Through the real servers (the tests' Werkzeug server, waitress as `geoapp serve` runs it,
gunicorn with geoapp.web.gunicorn_conf, granian as `geoapp serve --server granian` runs
it): security headers, no version banner, oversized and malformed requests refused cleanly,
granian's answers the same as gunicorn's, and a short concurrent load with zero errors."""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from servers import granian_command, gunicorn_command, hammer

from geoapp.web.server import make_server

ROOT = Path(__file__).resolve().parents[2]
LOAD_ROUTES = ["/", "/downloads/areas.geojson", "/api/areas/at?lat=51.979&lon=-0.229"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def waitress_url(real_app):
    server = make_server(real_app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture(scope="module")
def gunicorn_url(tmp_path_factory):
    """gunicorn as the README runs it in production, on the real data, without a basemap."""
    yield from server_process(gunicorn_command, tmp_path_factory)


@pytest.fixture(scope="module")
def granian_url(tmp_path_factory):
    """`geoapp serve --server granian`, on the real data, without a basemap."""
    yield from server_process(granian_command, tmp_path_factory)


def server_process(command, tmp_path_factory):
    """Start ``command(port)``; yield its URL once it answers; stop it."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            command(port),
            cwd=ROOT,
            env={**os.environ, "GEOAPP_TILES_URL": "none"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if get(url, "/ogc/conformance")[0] == 200:
                return
        except OSError:
            pass
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)


@pytest.fixture(params=["werkzeug", "waitress", "gunicorn", "granian"])
def server_url(request, live_server):
    """Each server in turn: the tests' live server, waitress, gunicorn, granian."""
    return {
        "werkzeug": lambda: live_server,
        "waitress": lambda: request.getfixturevalue("waitress_url"),
        "gunicorn": lambda: request.getfixturevalue("gunicorn_url"),
        "granian": lambda: request.getfixturevalue("granian_url"),
    }[request.param]()


def get(url: str, target: str, method: str = "GET", body=None, headers=None):
    """Return (status, headers, body) of one request; ``target`` is sent as is."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        skip_host = "Host" in (headers or {})
        connection.putrequest(method, target, skip_host=skip_host, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def raw(url: str, request: bytes) -> bytes:
    """Send raw bytes; return whatever comes back before the server closes (or 2 s)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=2) as connection:
        connection.sendall(request)
        chunks = []
        try:
            while chunk := connection.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and len(chunks) > 0:
                    break
        except (TimeoutError, ConnectionResetError):
            pass
    return b"".join(chunks)


def assert_no_trace(body: bytes) -> None:
    for marker in (b"Traceback", b'File "/', b"Exception"):
        assert marker not in body


# ---- Headers and banner.


@pytest.mark.parametrize("path", ["/", "/embed", "/api/areas/at?lat=52&lon=-0.2", "/ogc"])
def test_security_headers_arrive_through_each_server(server_url, path):
    status, headers, _ = get(server_url, path)
    assert status == 200
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "object-src 'none'" in policy
    ancestors = "*" if path == "/embed" else "'self'"
    assert f"frame-ancestors {ancestors}" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Permissions-Policy"].startswith("geolocation=(self)")


@pytest.mark.parametrize("name", ["waitress", "gunicorn", "granian"])
def test_production_servers_show_no_version_banner(request, name):
    url = request.getfixturevalue(f"{name}_url")
    for path in ("/", "/nowhere", "/api/areas/at?lat=x"):
        _, headers, _ = get(url, path)
        assert headers.get_all("Server") == ["geoapp"], path
        assert "Via" not in headers and "X-Powered-By" not in headers


#: Routes whose answers must be the same, byte for byte, from gunicorn and from granian.
SAME_ANSWER_ROUTES = [
    "/",
    "/downloads/areas.geojson",
    "/downloads/areas/E37000017.geojson",
    "/api/areas/at?lat=51.979&lon=-0.229",
    "/ogc/conformance",
    "/nowhere",
    "/api/search?q=" + "x" * 5000,
]
#: Headers each server writes itself (the time, the framing of the connection).
SERVER_WRITTEN = {"date", "connection", "keep-alive", "transfer-encoding"}


@pytest.mark.parametrize("gzip_ok", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("path", SAME_ANSWER_ROUTES)
def test_granian_answers_as_gunicorn_does(gunicorn_url, granian_url, path, gzip_ok):
    """Same status, headers (but the server's own) and body through both servers, asked
    with the same Host (the pages' absolute links are made of it)."""
    headers = {"Host": "127.0.0.1", **({"Accept-Encoding": "gzip"} if gzip_ok else {})}
    answers = [get(url, path, headers=headers) for url in (gunicorn_url, granian_url)]
    (status, head, body), (granian_status, granian_head, granian_body) = answers
    assert granian_status == status
    assert app_headers(granian_head) == app_headers(head)
    assert granian_body == body


def app_headers(headers) -> list[tuple[str, str]]:
    """The headers the app wrote, names in lower case, in a stable order."""
    return sorted(
        (name.lower(), value)
        for name, value in headers.items()
        if name.lower() not in SERVER_WRITTEN
    )


# ---- Limits.


def test_a_long_query_gets_a_clean_414_everywhere(server_url):
    status, headers, body = get(server_url, "/api/search?q=" + "x" * 5000)
    assert status == 414
    assert headers["Content-Type"] == "application/json"
    assert b"at most 4096 bytes" in body
    status, headers, body = get(server_url, "/search?q=" + "x" * 5000)
    assert (status, headers["Content-Type"]) == (414, "text/html; charset=utf-8")
    assert_no_trace(body)


def test_a_long_path_gets_a_clean_414_everywhere(server_url):
    status, _, body = get(server_url, "/areas/" + "E" * 2000)
    assert status == 414
    assert_no_trace(body)


def test_a_request_line_beyond_the_server_limit_is_refused(server_url):
    """Far longer than any server takes: each refuses it before the app (414, 431 or 400)."""
    status, _, body = get(server_url, "/?q=" + "x" * 100_000)
    assert status in (400, 414, 431)
    assert_no_trace(body)
    assert get(server_url, "/ogc/conformance")[0] == 200


def test_huge_headers_are_refused(server_url):
    status, _, body = get(server_url, "/", headers={"X-Big": "y" * 70_000})
    assert status in (400, 431)
    assert_no_trace(body)
    headers = {f"X-Many-{n}": "z" * 100 for n in range(400)}
    status, _, body = get(server_url, "/", headers=headers)
    assert status in (400, 431)
    assert get(server_url, "/ogc/conformance")[0] == 200


def test_a_large_body_is_refused_with_413(server_url):
    status, _, body = get(server_url, "/api/areas/at", method="POST", body=b"x" * 200_000)
    assert status == 413
    assert_no_trace(body)


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /areas/\xff\xfe\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /areas/%ZZ%C0%AF HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/search?q=%FF%FE HTTP/1.1\r\nHost: x\r\n\r\n",
        b"BREW /api/areas/at HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
        b"GET /\r\n\r\n",
        b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03",  # a TLS hello to a plain port
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"GET /?a=1 HTTP/1.1\r\nHost: x\r\nX-Header: a\rInjected: b\r\n\r\n",
    ],
    ids=[
        "bytes in path",
        "bad escapes",
        "bad utf-8 query",
        "unknown method",
        "http 9.9",
        "http 0.9",
        "tls",
        "negative length",
        "bad chunk",
        "bare CR",
    ],
)
def test_malformed_requests_never_get_a_500_or_a_trace(server_url, request_bytes):
    answer = raw(server_url, request_bytes)
    status_line = answer.split(b"\r\n", 1)[0]
    if status_line.startswith(b"HTTP/"):
        assert int(status_line.split()[1]) < 500 or b" 505 " in status_line, status_line
    assert_no_trace(answer)
    assert get(server_url, "/ogc/conformance")[0] == 200


# ---- A short load: zero errors.


@pytest.mark.parametrize("name", ["gunicorn", "waitress", "granian"])
def test_a_short_concurrent_load_has_zero_errors(request, name):
    url = request.getfixturevalue(f"{name}_url")
    count, errors, latencies = hammer(url, LOAD_ROUTES, threads=32, seconds=3)
    p99 = statistics.quantiles(latencies, n=100)[98]
    print(f"\n{name}: {count} requests, {len(errors)} errors, p99 {p99:.0f} ms")
    assert errors == []
    assert count > 100
