"""Benchmark: start the app as in production and print what it costs.

Prints start-up time to first response, the first view's bytes (raw and gzipped), latency
(median and p99) and throughput for the main routes under concurrent load on loopback, and
the server's memory. Run with `make bench` (or `python bench/run.py --requests 2000`).
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUTES = ["/", "/api/areas/at?lat=51.979&lon=-0.229", "/panel/at?lat=51.9038&lon=-0.1966"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, gzip_ok: bool = False) -> bytes:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
        return response.read()


def start_server(port: int) -> tuple[subprocess.Popen, float]:
    """Start `geoapp serve`; return it and the seconds until its first response."""
    env = {**os.environ, "GEOAPP_TILES_URL": "none"}
    command = [sys.executable, "-m", "geoapp", "serve", "--port", str(port)]
    started = time.perf_counter()
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    while True:
        try:
            fetch(f"http://127.0.0.1:{port}/")
            return server, time.perf_counter() - started
        except OSError:
            if server.poll() is not None:
                raise SystemExit("the server exited during start-up") from None
            time.sleep(0.02)


def first_view(base: str) -> None:
    html = fetch(base + "/")
    rows = [("/", len(html), len(gzip.compress(html)))]
    for path in re.findall(r'(?:src|href)="(/assets/[^"]+)"', html.decode()):
        rows.append((path, len(fetch(base + path)), len(fetch(base + path, gzip_ok=True))))
    for path, raw, zipped in rows:
        print(f"  {path:45} {raw:>9,} B {zipped:>9,} B gzipped")
    print(
        f"  {'first view total':45} {sum(r[1] for r in rows):>9,} B "
        f"{sum(r[2] for r in rows):>9,} B gzipped"
    )


def load(url: str, requests: int, concurrency: int) -> None:
    def timed(_: int) -> float:
        started = time.perf_counter()
        fetch(url, gzip_ok=True)
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = sorted(pool.map(timed, range(requests)))
    elapsed = time.perf_counter() - started
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(
        f"  {url.split(':', 2)[2][5:]:45} {requests / elapsed:8.0f} req/s  "
        f"p50 {p50:6.1f} ms  p99 {p99:6.1f} ms"
    )


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--requests", type=int, default=500)
    options.add_argument("--concurrency", type=int, default=8)
    args = options.parse_args()
    port = free_port()
    server, startup = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        print(f"start-up to first response: {startup:.2f} s (waitress, 8 threads)")
        print("first view (HTML, CSS, JS with the boundaries; no basemap tiles):")
        first_view(base)
        print(f"load: {args.requests} requests per route, {args.concurrency} concurrent clients")
        for route in ROUTES:
            load(base + route, args.requests, args.concurrency)
        print(f"server memory after load: {resident_mb(server.pid):.0f} MB resident")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
