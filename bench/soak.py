"""Soak: ordinary visitors for a minute while attackers hold slow and idle connections open.

    python bench/soak.py [--server serve|gunicorn|granian] [--seconds 60] [--slow 500] [--idle 200]

Starts the server as `make run` does (`geoapp serve`), as the README runs gunicorn, or as
`geoapp serve --server granian`, in its own process on the real data. Opens ``--slow``
connections that send half a request header and then one more byte every 2 s, and
``--idle`` keep-alive connections that were answered once and then wait, and reopens any
the server closes, so the attack keeps its strength; then ``--clients`` keep-alive
visitors loop over the map page, the point look-up, the GeoJSON download and an OGC API
page for ``--seconds``. Prints the visitors' requests,
errors and p50/p99/max latency, how many attacking connections the server closed (its idle
and header deadlines), and the server's resident memory before and after.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
from contextlib import suppress
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from run import ROOT, free_port, resident_mb, wait_for
from servers import granian_command, gunicorn_command, hammer, serve_command
from slow_clients import open_slow_clients, raise_open_file_limit

ROUTES = [
    "/",
    "/api/areas/at?lat=51.979&lon=-0.229",
    "/downloads/areas.geojson",
    "/ogc/collections/areas/items?limit=5",
]
COMMANDS = {
    "serve": serve_command,
    "gunicorn": lambda port: gunicorn_command(port, "--log-level", "warning"),
    "granian": granian_command,
}


class Attackers:
    """Slow-header and idle keep-alive connections, kept at full strength: every 2 s each
    slow one sends a byte, and any the server has closed is opened again."""

    def __init__(self, address, slow: int, idle: int):
        self.address = address
        self.sockets = open_slow_clients(address, slow, idle)
        self.slow = slow
        self.reopened = {"slow": 0, "idle": 0}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.keep_up, daemon=True)
        self.thread.start()

    def keep_up(self) -> None:
        while not self.stop.wait(2):
            for position, connection in enumerate(self.sockets):
                kind = "slow" if position < self.slow else "idle"
                if self.is_open(connection, kind):
                    continue
                connection.close()
                with suppress(OSError):
                    self.sockets[position] = self.reopen(kind)
                    self.reopened[kind] += 1

    @staticmethod
    def is_open(connection: socket.socket, kind: str) -> bool:
        connection.setblocking(False)
        try:
            if connection.recv(65536) == b"":
                return False
        except BlockingIOError:
            pass
        except OSError:
            return False
        try:
            if kind == "slow":
                connection.send(b"X")
        except OSError:
            return False
        return True

    def reopen(self, kind: str) -> socket.socket:
        connection = socket.create_connection(self.address, timeout=10)
        if kind == "slow":
            connection.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        else:
            connection.sendall(b"GET /ogc/conformance HTTP/1.1\r\nHost: localhost\r\n\r\n")
        return connection

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        for connection in self.sockets:
            connection.close()


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--server", choices=list(COMMANDS), default="serve")
    options.add_argument("--seconds", type=int, default=60)
    options.add_argument("--slow", type=int, default=500)
    options.add_argument("--idle", type=int, default=200)
    options.add_argument("--clients", type=int, default=16, help="ordinary visitors (16)")
    args = options.parse_args()
    raise_open_file_limit(2 * (args.slow + args.idle) + args.clients + 256)
    port = free_port()
    command = COMMANDS[args.server](port)
    server = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, "GEOAPP_TILES_URL": "none"}, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/ogc/conformance", server, limit=120)
        hammer(base, ROUTES, args.clients, 3)  # warm up: caches, gzip, page cache
        before = resident_mb(server.pid)
        attackers = Attackers(("127.0.0.1", port), args.slow, args.idle)
        _, errors, latencies = hammer(base, ROUTES, args.clients, args.seconds)
        after = resident_mb(server.pid)
        attackers.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    cuts = statistics.quantiles(latencies, n=100)  # ms
    print(
        f"{args.server}: {args.seconds} s, {args.clients} visitors beside {args.slow} slow-header "
        f"and {args.idle} idle keep-alive connections"
    )
    print(
        f"  {len(latencies)} requests ({len(latencies) / args.seconds:.0f}/s), "
        f"{len(errors)} errors; p50 {cuts[49]:.0f} ms, p99 {cuts[98]:.0f} ms, "
        f"max {max(latencies):.0f} ms"
    )
    reopened = attackers.reopened
    print(
        f"  attackers' connections the server closed (and they reopened): "
        f"{reopened['slow']} slow, {reopened['idle']} idle"
    )
    print(f"  memory (all server processes): {before:.0f} MB before, {after:.0f} MB after")
    for error in sorted(set(errors))[:10]:
        print(f"  error: {error}")


if __name__ == "__main__":
    main()
