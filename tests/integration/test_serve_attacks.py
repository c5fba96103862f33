"""`geoapp serve` (waitress as geoapp/web/server.py sets it) under what an attacker sends: the
request-smuggling shape, bare line feeds, HTTP/0.9, a header that never ends, and hundreds
of slow and idle connections while ordinary visitors keep being answered; gunicorn and
granian (`geoapp serve --server granian`) too, where they are meant to hold."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from servers import granian_command, gunicorn_command, serve_command
from slow_clients import p99_beside_slow_clients, timed_get

from geoapp.web.server import StrictRequestParser, make_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def address(real_app):
    """(host, port) of the real app on the server `geoapp serve` runs, in this process
    (so a test can shorten its deadlines)."""
    server = make_server(real_app, "127.0.0.1", 0)
    threading.Thread(target=server.run, daemon=True).start()
    yield "127.0.0.1", server.effective_port
    server.close()


def exchange(address, request: bytes, seconds: float = 3) -> tuple[bytes, bool, float]:
    """Send ``request``; return (all bytes answered, whether the server closed the
    connection, seconds until it did or until ``seconds`` passed)."""
    started = time.monotonic()
    with socket.create_connection(address, timeout=seconds) as connection:
        connection.sendall(request)
        answer = b""
        try:
            while chunk := connection.recv(65536):
                answer += chunk
            closed = True
        except TimeoutError:
            closed = False
    return answer, closed, time.monotonic() - started


def status_codes(answer: bytes) -> list[int]:
    return [int(line.split()[1]) for line in answer.split(b"\r\n") if line.startswith(b"HTTP/1.")]


@pytest.mark.real_data
def test_content_length_with_chunked_is_refused_and_the_connection_closed(server):
    """RFC 9112 6.3: the smuggling shape. The request after it on the same connection
    (what a front proxy might see as part of the body) is never answered."""
    smuggled = b"GET /ogc/conformance HTTP/1.1\r\nHost: x\r\n\r\n"
    request = (
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"0\r\n\r\n" + smuggled
    )
    answer, closed, _ = exchange(server[0], request)
    assert status_codes(answer) == [400], answer[:200]
    assert closed


@pytest.mark.real_data
def test_transfer_encoding_in_http_1_0_is_refused(server):
    request = b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
    answer, closed, _ = exchange(server[0], request)
    assert status_codes(answer) == [400] and closed


@pytest.mark.real_data
# granian (hyper) takes a bare LF as a line end, as RFC 9112 section 2.2 allows: it reads
# those requests as they were meant (one request each), so none is smuggled.
@pytest.mark.parametrize("server", ["geoapp serve", "gunicorn"], indirect=True)
@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET / HTTP/1.1\nHost: x\n\n",  # every line bare LF: never a CR LF CR LF
        b"GET / HTTP/1.1\r\nHost: x\n\n",
        b"GET / HTTP/1.1\r\nHost: x\nX: y\r\n",  # refused before the header even ends
    ],
    ids=["all bare LF", "bare LF headers", "bare LF mid-header"],
)
def test_bare_line_feeds_are_refused_at_once(server, request_bytes):
    answer, closed, seconds = exchange(server[0], request_bytes)
    assert status_codes(answer) == [400] and closed
    assert seconds < 1


@pytest.mark.real_data
@pytest.mark.parametrize(
    "request_bytes", [b"GET /\r\n", b"GET /\r\n\r\n", b"GET / HTTP/2.0\r\n\r\n"]
)
def test_http_0_9_and_unknown_versions_are_not_answered_200(server, request_bytes):
    answer, closed, seconds = exchange(server[0], request_bytes)
    assert status_codes(answer) == [400] and closed
    assert seconds < 1


@pytest.mark.real_data
def test_a_header_that_trickles_in_forever_gets_408(address, monkeypatch):
    """Every byte restarts an idle timeout; the header deadline counts from the first."""
    monkeypatch.setattr(StrictRequestParser, "header_timeout", 1.0)
    with socket.create_connection(address, timeout=5) as connection:
        connection.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        answer = b""
        for _ in range(10):
            time.sleep(0.3)
            try:
                connection.sendall(b"X-Slow: 1\r\n")
            except OSError:
                break
            connection.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                answer += connection.recv(65536)
            connection.setblocking(True)
            if answer:
                break
    assert status_codes(answer) == [408]


COMMANDS = {
    "geoapp serve": serve_command,
    "gunicorn": gunicorn_command,
    "granian": granian_command,
}


@pytest.fixture(scope="module", params=list(COMMANDS))
def server(request):
    """((host, port), base URL) of each production server in its own process on the real
    data: `geoapp serve` as `make run` starts it, gunicorn as the README runs it, and
    `geoapp serve --server granian`."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        COMMANDS[request.param](port),
        cwd=ROOT,
        env={**os.environ, "GEOAPP_TILES_URL": "none"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            timed_get(url + "/ogc/conformance")
            break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
    yield ("127.0.0.1", port), url
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.real_data
@pytest.mark.parametrize("server", ["geoapp serve", "granian"], indirect=True)
def test_500_slow_and_200_idle_connections_do_not_keep_visitors_out(server):
    """The issue's attack: waitress's defaults stop accepting at 100 connections. gunicorn's
    threaded workers stop at about 16 slow clients, so they run behind nginx, which holds
    them (tests/integration/test_production_layout.py); granian's (Rust) event loop holds
    them itself."""
    address, url = server
    p99 = p99_beside_slow_clients(
        address, url, ["/", "/api/areas/at?lat=51.9&lon=-0.2", "/ogc/conformance"]
    )
    print(f"\n{server[1]}: beside 500 slow and 200 idle connections, p99 {p99 * 1000:.0f} ms")
    assert p99 < 1
