"""Slow and idle clients, as an attacker opens them: shared by the tests of `geoapp serve`
and of nginx in front of the app (the production layout)."""

from __future__ import annotations

import contextlib
import resource
import socket
import statistics
import threading
import time
import urllib.request


def raise_open_file_limit(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


def open_slow_clients(address, slow: int, idle: int) -> list[socket.socket]:
    """Open ``slow`` connections that have sent half a header and ``idle`` keep-alive
    connections that were answered once and now wait."""
    sockets = []
    for _ in range(slow):
        connection = socket.create_connection(address, timeout=10)
        connection.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        sockets.append(connection)
    for _ in range(idle):
        connection = socket.create_connection(address, timeout=10)
        connection.sendall(b"GET /ogc/conformance HTTP/1.1\r\nHost: localhost\r\n\r\n")
        sockets.append(connection)
    for connection in sockets[slow:]:
        assert connection.recv(65536).startswith(b"HTTP/1.1 200")
    return sockets


def trickle(sockets: list[socket.socket], stop: threading.Event, every: float = 2) -> None:
    """Send each slow client one more header byte every ``every`` seconds."""
    while not stop.wait(every):
        for connection in sockets:
            with contextlib.suppress(OSError):
                connection.send(b"X")


def timed_get(url: str) -> float:
    """Return the seconds a GET of ``url`` took; it must answer 200."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        response.read()
    return time.perf_counter() - started


def p99_beside_slow_clients(
    address, base_url: str, paths: list[str], slow: int = 500, idle: int = 200
) -> float:
    """Return the p99 (seconds) of 60 ordinary requests to ``paths`` while ``slow``
    connections trickle a header and ``idle`` keep-alive connections wait."""
    raise_open_file_limit(2048)
    sockets = open_slow_clients(address, slow=slow, idle=idle)
    stop = threading.Event()
    trickler = threading.Thread(target=trickle, args=(sockets[:slow], stop), daemon=True)
    trickler.start()
    try:
        times = [timed_get(base_url + paths[i % len(paths)]) for i in range(60)]
    finally:
        stop.set()
        for connection in sockets:
            connection.close()
    return statistics.quantiles(times, n=100)[98]
