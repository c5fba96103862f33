"""Benchmark: the exported static site served by nginx against the app, in one run.

`python bench/static.py [--seconds 10] [--export DIR]`:
- the export (`geoapp export`): build time, files and bytes (DIR reuses one already made
  for the same address);
- start-up to the first response of `/`: `geoapp serve`, `geoapp serve --export DIR`
  (files at once, the app built meanwhile), with the time until the app itself answers,
  and the production servers (granian as `geoapp serve --server granian` runs it, gunicorn
  as the README runs it);
- requests per second, p50 and p99 (wrk, 64 connections, gzip accepted) for the GeoJSON
  download, the map page and a postcode look-up, from nginx serving the export alone and
  from the app under each production server, with the ratio app/nginx for each. Each
  route is measured ``--rounds`` times, nginx and the servers in turn, so that the other
  jobs of a shared machine weigh on all alike; the ratio is taken within each round. A
  postcode look-up is what each asks for: the app's /api/search?q=SG1 1AA, the static
  site's data/postcodes/SG1.json (the browser then finds the areas itself).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from run import BIN, ROOT, SERVERS, combined, free_port, print_load, start_app, wait_for, wrk

from geoapp.web.hosting import nginx_config

QUIET_ENV = {"GEOAPP_TILES_URL": "none", "PATH": "/usr/bin:/bin"}
ROUTES = {
    "GeoJSON download": ("/downloads/areas.geojson", "/downloads/areas.geojson"),
    "map page": ("/", "/"),
    "postcode look-up": ("/api/search?q=SG1%201AA", "/data/postcodes/SG1.json"),
}


def export(folder: Path, base_url: str) -> None:
    started = time.perf_counter()
    result = subprocess.run(
        [str(BIN / "geoapp"), "export", str(folder), "--base-url", base_url],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=QUIET_ENV,
    )
    print(f"  {result.stdout.strip()}")
    print(f"  (wall clock, with start-up: {time.perf_counter() - started:.1f} s)")


def start_nginx(folder: Path, port: int) -> subprocess.Popen:
    runtime = Path(tempfile.mkdtemp(prefix="geoapp-nginx-"))
    conf = runtime / "nginx.conf"
    conf.write_text(nginx_config(folder, f"127.0.0.1:{port}", runtime, user="root"))
    nginx = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(runtime), "-g", "daemon off;"])
    wait_for(f"http://127.0.0.1:{port}/", nginx)
    return nginx


def startup(command: list[str], port: int) -> tuple[float, float]:
    """Return (seconds to the first answer of /, seconds until the app answers a search)."""
    started = time.perf_counter()
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        cwd=ROOT,
        env=QUIET_ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", server, limit=300)
        first = time.perf_counter() - started
        wait_for(f"http://127.0.0.1:{port}/api/search?q=Hert", server, limit=300)
        return first, time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--seconds", type=int, default=5, help="per measurement (5)")
    options.add_argument("--rounds", type=int, default=3, help="measurements of each (3)")
    options.add_argument(
        "--server",
        action="append",
        choices=sorted(SERVERS),
        help="production servers to load (default: all)",
    )
    options.add_argument("--connections", type=int, default=64)
    options.add_argument("--export", type=Path, help="an export to reuse (made for --port)")
    options.add_argument("--port", type=int, default=0, help="nginx's port (default: free)")
    args = options.parse_args()
    port = args.port or free_port()
    folder = args.export or Path(tempfile.mkdtemp(prefix="geoapp-export-")) / "site"
    print("Static export")
    if not (folder / "_export.json").exists():
        export(folder, f"http://127.0.0.1:{port}/")
    print("\nStart-up to the first response of / (and until the app answers a search)")
    for label, command in (
        ("geoapp serve", [str(BIN / "geoapp"), "serve"]),
        ("geoapp serve --export", [str(BIN / "geoapp"), "serve", "--export", str(folder)]),
    ):
        first, ready = startup(command, free_port())
        print(f"  {label:24} {first:6.2f} s  (app ready {ready:.2f} s)")
    nginx = start_nginx(folder, port)
    apps = {}
    try:
        for server in args.server or sorted(SERVERS):
            app_port = free_port()
            process, started = start_app(app_port, 2, server)
            apps[server] = (process, app_port)
            print(f"  {server + ', 2 workers':24} {started:6.2f} s")
        load(args, port, {server: app_port for server, (_, app_port) in apps.items()})
    finally:
        for process in [nginx, *(process for process, _ in apps.values())]:
            process.terminate()
            process.wait()


def load(args: argparse.Namespace, nginx_port: int, app_ports: dict[str, int]) -> None:
    """Load each route from nginx and from each server in turn, ``args.rounds`` times;
    print each one's combined numbers and the app's rate against nginx's in each round."""
    print(
        f"\nLoad ({args.connections} connections, {args.seconds} s each, gzip accepted, "
        f"{args.rounds} rounds taken in turn)"
    )
    for label, (app_path, static_path) in ROUTES.items():
        targets = {"nginx": f"http://127.0.0.1:{nginx_port}{static_path}"}
        targets |= {name: f"http://127.0.0.1:{p}{app_path}" for name, p in app_ports.items()}
        runs = {name: [] for name in targets}
        for _ in range(args.rounds):
            for name, url in targets.items():
                runs[name].append(wrk(url, args.seconds, args.connections))
        for name, results in runs.items():
            path = static_path if name == "nginx" else app_path
            print_load(f"{label}: {name} {path}", combined(results))
        for name in app_ports:
            pairs = zip(runs[name], runs["nginx"], strict=True)
            ratios = [app["rps"] / static["rps"] for app, static in pairs]
            print(
                f"  {label}: the app under {name} at {statistics.mean(ratios):.2f}× nginx's rate "
                f"(rounds: {', '.join(f'{ratio:.2f}' for ratio in ratios)})"
            )
        print()


if __name__ == "__main__":
    main()
