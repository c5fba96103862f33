"""Benchmark: the app in its production configuration, measured from outside.

One command (`make bench`, which installs wrk and nginx from Debian when missing):
- start-up: seconds from launching the server to the first response (``--server``:
  granian as `geoapp serve --server granian` runs it, the default, or gunicorn with
  geoapp.web.gunicorn_conf);
- first view: bytes of `/` and everything it loads, raw and gzipped (no basemap tiles);
- data: the size of each download and OGC API answer, raw and gzipped;
- browser: time to first byte and to "map drawn" in headless Chromium (median of runs);
- load: requests per second, p50 and p99 latency under concurrent connections on
  loopback (wrk, bounded in time) for `/`, the all-areas GeoJSON and the point lookup,
  with zero-error and memory checks;
- reference: the same GeoJSON as a static file from nginx on this machine, loaded in
  turn with the app (3 rounds), as the app's rate over nginx's in each round
  (``--ratio-only`` runs just this part);
- ``--compare``: instead of all this, the load routes from every production server (granian
  and gunicorn, started side by side), taken in turn for ``--rounds`` rounds, with each
  server's mean rate and its p99 over the rounds (median and worst);
- OGC API items beside the download of the same areas (32 connections, gzip): a page of
  41, a bbox, a page of 10, as ratios of the download's rate within the run; then the other
  routes' p99 alone, while 32 clients download the GeoJSON and while 32 clients page
  through items (``--items-only`` runs just this part).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

from geoapp.outputs.map_contract import DRAWN_MARK

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GEOJSON = "/downloads/areas.geojson"
LOAD_ROUTES = ["/", GEOJSON, "/api/areas/at?lat=51.979&lon=-0.229"]
#: The downloads and the OGC API, whose response sizes are printed raw and gzipped.
DATA_ROUTES = [
    GEOJSON,
    "/downloads/areas/E37000017.geojson",
    "/downloads/areas.csv",
    "/downloads/investments.csv",
    "/downloads/leps2021.geojson",
    "/downloads/leps2021/E37000048.geojson",
    "/downloads/leps2021.csv",
    "/ogc",
    "/ogc/conformance",
    "/ogc/collections",
    "/ogc/collections/areas",
    "/ogc/collections/areas/items",
    "/ogc/collections/areas/items?limit=41",
    "/ogc/collections/areas/items/E37000017",
    "/ogc/collections/areas/schema",
    "/ogc/collections/leps2021",
    "/ogc/collections/leps2021/items",
    "/ogc/collections/leps2021/items?limit=38",
    "/ogc/collections/leps2021/items/E37000048",
    "/ogc/collections/leps2021/schema",
    "/ogc/openapi",
]
ITEMS = "/ogc/collections/areas/items"
#: What GIS clients ask of the API, and the download of the same areas to compare with.
ITEMS_ROUTES = {
    "items?limit=41": f"{ITEMS}?limit=41",
    "items?bbox=around Hertfordshire": f"{ITEMS}?bbox=-0.5,51.6,0.2,52.1",
    "items, a page of 10 (offset 10)": f"{ITEMS}?limit=10&offset=10&f=json",
    "download": GEOJSON,
}
#: A GIS client paging through every area as GDAL does: limit, offset and f from the
#: ``next`` links, one page after another, then again from the start.
PAGING_SCRIPT = f"""
local page = 0
request = function()
  local offset = (page % 5) * 10
  page = page + 1
  return wrk.format("GET", "{ITEMS}?limit=10&offset=" .. offset .. "&f=json")
end
"""
#: The routes beside the download are measured in turn, this many times each, so that the
#: other jobs of a shared machine weigh on all of them alike.
ROUNDS = 3
#: Connections of the probe that measures the other routes while the API is under load.
PROBE_CONNECTIONS = 4
CHROMIUM = os.environ.get("GEOAPP_CHROMIUM", "/usr/bin/chromium")
#: The performance mark static/map.js sets at the start of the frame that paints the areas,
#: framed in the opening view; a few lines run in the page say so on the console.
DRAWN = DRAWN_MARK
DRAWN_SIGNAL = f"""
new PerformanceObserver(function (list, observer) {{
  if (list.getEntriesByName("{DRAWN}").length) {{
    observer.disconnect();
    console.debug("{DRAWN}");
  }}
}}).observe({{type: "mark"}});
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, gzip_ok: bool = False) -> bytes:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
        return response.read()


def wait_for(url: str, process: subprocess.Popen, limit: float = 60) -> None:
    """Return once ``url`` answers 200; exit if the server dies or takes over ``limit`` s."""
    deadline = time.monotonic() + limit
    while True:
        try:
            fetch(url)
            return
        except OSError as error:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit(f"no answer from {url}: {error}") from None
            time.sleep(0.02)


#: The production servers, as the README runs them, and how each is described.
SERVERS = {
    "granian": "geoapp serve --server granian, {workers} workers × 2 threads",
    "gunicorn": "gunicorn -c python:geoapp.web.gunicorn_conf, {workers} workers × 4 threads",
}


def server_command(server: str, port: int, workers: int) -> list[str]:
    """The command line of ``server`` (a key of SERVERS) on 127.0.0.1:``port``."""
    if server == "granian":
        return [
            *(str(BIN / "geoapp"), "serve", "--server", "granian"),
            *("--workers", str(workers), "--port", str(port)),
        ]
    return [
        str(BIN / "gunicorn"),
        "-c",
        "python:geoapp.web.gunicorn_conf",  # preload, request limits, no banner
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "geoapp:create_app()",
    ]


def start_app(port: int, workers: int, server: str = "granian") -> tuple[subprocess.Popen, float]:
    """Start ``server`` as the README documents it; return it and seconds to first response."""
    command = server_command(server, port, workers)
    env = {**os.environ, "GEOAPP_TILES_URL": "none"}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    wait_for(f"http://127.0.0.1:{port}/", process)
    return process, time.perf_counter() - started


def first_view_paths(html: str) -> list[str]:
    """Scripts and stylesheets, among them the script of the boundaries the page shows first."""
    return list(dict.fromkeys(re.findall(r'(?:src|href)="(/assets/[^"]+)"', html)))


def first_view(base: str) -> None:
    html = fetch(base + "/")
    rows = [("/", len(html), len(fetch(base + "/", gzip_ok=True)))]
    for path in first_view_paths(html.decode()):
        rows.append((path, len(fetch(base + path)), len(fetch(base + path, gzip_ok=True))))
    for path, raw, zipped in rows:
        print(f"  {path:48} {raw:>9,} B {zipped:>8,} B gzipped")
    print(
        f"  {'first view total':48} {sum(r[1] for r in rows):>9,} B "
        f"{sum(r[2] for r in rows):>8,} B gzipped"
    )


def data_sizes(base: str) -> None:
    """Print each download's and OGC API answer's size, raw and gzipped (JSON asked for)."""
    for path in DATA_ROUTES:
        raw, zipped = len(fetch(base + path)), len(fetch(base + path, gzip_ok=True))
        print(f"  {path:48} {raw:>9,} B {zipped:>8,} B gzipped")


def launch_chromium(playwright):
    """Headless Chromium as every browser benchmark here runs it."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )


@contextlib.contextmanager
def cold_load(browser, url: str):
    """Open ``url`` in a new context (a cold cache) and yield the page once the map is drawn.

    Nothing is evaluated in the page until the mark is set: Playwright's first wait or
    evaluate compiles its own script there, on the page's main thread.
    """
    context = browser.new_context()
    context.add_init_script(DRAWN_SIGNAL)
    page = context.new_page()
    try:
        with page.expect_console_message(lambda message: message.text == DRAWN):
            page.goto(url, wait_until="commit")
        yield page
    finally:
        context.close()


def drawn_at(page) -> float:
    """Milliseconds from navigation to the "map drawn" mark."""
    return page.evaluate(f"performance.getEntriesByName('{DRAWN}')[0].startTime")


def browser_timings(base: str, runs: int) -> None:
    """Median time to first byte and to the map drawn with all its areas, in Chromium."""
    if not Path(CHROMIUM).exists():
        print("  (skipped: no Chromium at", CHROMIUM, ")")
        return
    from playwright.sync_api import sync_playwright

    ttfb, drawn = [], []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for _ in range(runs):
            with cold_load(browser, base + "/") as page:
                page.wait_for_selector("#map-view[data-map-ready=true]")
                page.wait_for_function(
                    "document.querySelectorAll('path.leaflet-interactive').length >= 41"
                )
                ttfb.append(
                    page.evaluate("performance.getEntriesByType('navigation')[0].responseStart")
                )
                drawn.append(drawn_at(page))
        browser.close()
    print(
        f"  time to first byte {statistics.median(ttfb):6.1f} ms, map drawn "
        f"{statistics.median(drawn):6.1f} ms (median of {runs} cold loads)"
    )


def wrk_command(url: str, seconds: int, connections: int, script: Path | None = None):
    threads = min(2, connections)
    command = ["wrk", "--latency", "-t", str(threads), "-c", str(connections)]
    command += ["-d", f"{seconds}s", "-H", "Accept-Encoding: gzip", url]
    return command + (["-s", str(script)] if script else [])


def wrk(url: str, seconds: int, connections: int) -> dict:
    """Run wrk against ``url`` (gzip accepted); return requests/s, p50, p99 and errors."""
    command = wrk_command(url, seconds, connections)
    return wrk_results(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def wrk_results(output: str) -> dict:
    """Return requests/s, p50, p99 and errors from wrk's report."""

    def millis(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": millis("50"),
        "p99": millis("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "none",
    }


def resident_mb(pid: int) -> float:
    """Resident memory of a process and its children (the workers), in MB."""
    pids = [pid] + [
        int(p)
        for p in subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True
        ).stdout.split()
    ]
    total = 0
    for each in pids:
        status = Path(f"/proc/{each}/status").read_text()
        total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    return total / 1024


def nginx_reference(base: str, seconds: int, connections: int) -> tuple[dict, list[float]] | None:
    """Serve the app's GeoJSON (and its .gz) as a static file with nginx; load nginx and the
    app in turn, ROUNDS times; return nginx's combined numbers and the app/nginx rate ratio
    of each round (so that the other jobs of a shared machine weigh on both alike)."""
    if not shutil.which("nginx"):
        print("  (skipped: nginx not installed)")
        return None
    folder = Path(tempfile.mkdtemp(prefix="geoapp-nginx-"))
    folder.chmod(0o755)  # nginx's workers run as an unprivileged user
    geojson = fetch(base + GEOJSON)
    (folder / "areas.geojson").write_bytes(geojson)
    (folder / "areas.geojson.gz").write_bytes(gzip.compress(geojson, 9))
    port = free_port()
    (folder / "nginx.conf").write_text(
        textwrap.dedent(f"""
        daemon off; worker_processes 2; pid {folder}/nginx.pid; error_log {folder}/error.log;
        events {{ worker_connections 1024; }}
        http {{
          access_log off; gzip_static on; types {{ application/geo+json geojson; }}
          server {{ listen 127.0.0.1:{port}; root {folder}; }}
        }}""")
    )
    nginx = subprocess.Popen(["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf")])
    try:
        wait_for(f"http://127.0.0.1:{port}/areas.geojson", nginx)
        slice_seconds = max(2, seconds // ROUNDS)
        runs, ratios = [], []
        for _ in range(ROUNDS):
            runs.append(wrk(f"http://127.0.0.1:{port}/areas.geojson", slice_seconds, connections))
            app = wrk(base + GEOJSON, slice_seconds, connections)
            ratios.append(app["rps"] / runs[-1]["rps"])
        return combined(runs), ratios
    finally:
        nginx.terminate()
        nginx.wait()
        shutil.rmtree(folder, ignore_errors=True)


def compare_with_nginx(base: str, seconds: int, connections: int) -> None:
    """Print nginx's numbers for the GeoJSON and the app's rate against them, per round."""
    measured = nginx_reference(base, seconds, connections)
    if measured:
        reference, ratios = measured
        print(
            f"  nginx static {GEOJSON:35} {reference['rps']:8.0f} req/s  "
            f"p50 {reference['p50']:7.2f} ms  p99 {reference['p99']:7.2f} ms"
        )
        print(
            f"  the app serves the GeoJSON at {statistics.mean(ratios):.2f}x nginx's rate "
            f"({ROUNDS} rounds of the two in turn: {', '.join(f'{r:.2f}' for r in ratios)})"
        )


def compare_servers(args: argparse.Namespace) -> None:
    """Start every production server; load each route from each in turn, ``args.rounds``
    times (so the shared machine's other load weighs on all alike); print the rates and
    the p99 of each over the rounds."""
    servers = {}
    try:
        for name in sorted(SERVERS):
            port = free_port()
            servers[name] = (start_app(port, args.workers, name)[0], f"http://127.0.0.1:{port}")
        print(
            f"load: wrk, {args.connections} connections, {args.seconds} s per route and server, "
            f"gzip, {args.rounds} rounds taken in turn"
        )
        for route in LOAD_ROUTES:
            runs = {name: [] for name in servers}
            for _ in range(args.rounds):
                for name, (_, base) in servers.items():
                    runs[name].append(wrk(base + route, args.seconds, args.connections))
            for name, results in runs.items():
                p99s = [result["p99"] for result in results]
                print(
                    f"  {route:40} {name:9} {statistics.mean(r['rps'] for r in results):8.0f} "
                    f"req/s  p99 {statistics.median(p99s):7.2f} ms (median of rounds), "
                    f"{max(p99s):7.2f} ms (worst)  errors {sum(r['errors'] for r in results)}"
                )
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait()


def print_load(label: str, result: dict) -> None:
    print(
        f"  {label:48} {result['rps']:8.0f} req/s  p50 {result['p50']:7.2f} ms  "
        f"p99 {result['p99']:7.2f} ms  errors {result['errors']} "
        f"(socket: {result['socket_errors']})"
    )


def under_load(base: str, route: str, seconds: int, background: list[str]) -> dict:
    """Probe ``route`` with a few connections while ``background`` (a wrk command) runs."""
    load = subprocess.Popen(background, stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(1)  # let the background load reach its stride
        return wrk(base + route, seconds, PROBE_CONNECTIONS)
    finally:
        load.wait()
        wrk_results(load.stdout.read())  # fails loudly if the background run broke


def combined(runs: list[dict]) -> dict:
    """Return the runs of one route as one: mean rate, median p50, worst p99, all errors."""
    return {
        "rps": statistics.mean(run["rps"] for run in runs),
        "p50": statistics.median(run["p50"] for run in runs),
        "p99": max(run["p99"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "socket_errors": "; ".join(dict.fromkeys(run["socket_errors"] for run in runs)),
    }


def items_load(base: str, seconds: int, connections: int) -> None:
    """OGC API items beside the download (ratios within this run), then the other routes'
    p99 alone, under 32 downloading clients and under 32 clients paging through items."""
    slice_seconds = max(2, seconds // ROUNDS)
    print(
        f"OGC API items beside the download: wrk, {connections} connections, gzip, "
        f"{ROUNDS} rounds of {slice_seconds} s per route, taken in turn"
    )
    for label, path in ITEMS_ROUTES.items():
        print(f"  {label:34} = {path}")
    rounds = {label: [] for label in ITEMS_ROUTES}
    for _ in range(ROUNDS):
        for label, path in ITEMS_ROUTES.items():
            rounds[label].append(wrk(base + path, slice_seconds, connections))
    results = {label: combined(runs) for label, runs in rounds.items()}
    download = results["download"]["rps"]
    for label, result in results.items():
        print_load(label, result)
    for label, result in results.items():
        if label != "download":
            print(f"  {label:48} {result['rps'] / download:6.2f}x the download's rate")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(PAGING_SCRIPT)
    paging = wrk_command(base + ITEMS, seconds + 2, connections, Path(script.name))
    downloading = wrk_command(base + GEOJSON, seconds + 2, connections)
    print(f"other routes, p99 with {PROBE_CONNECTIONS} connections:")
    try:
        for route in (r for r in LOAD_ROUTES if r != GEOJSON):
            alone = wrk(base + route, seconds, PROBE_CONNECTIONS)
            beside_download = under_load(base, route, seconds, downloading)
            beside_paging = under_load(base, route, seconds, paging)
            print(
                f"  {route:48} alone {alone['p99']:7.2f} ms, "
                f"{connections} downloading {beside_download['p99']:7.2f} ms, "
                f"{connections} paging items {beside_paging['p99']:7.2f} ms "
                f"(errors {alone['errors'] + beside_download['errors'] + beside_paging['errors']})"
            )
    finally:
        Path(script.name).unlink()


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--seconds", type=int, default=10, help="per load run (10)")
    options.add_argument("--connections", type=int, default=64, help="concurrent (64)")
    options.add_argument("--server", choices=sorted(SERVERS), default="granian", help="(granian)")
    options.add_argument("--workers", type=int, default=2, help="worker processes (2)")
    options.add_argument("--browser-runs", type=int, default=5)
    options.add_argument(
        "--browser-only", action="store_true", help="only the page weight and browser timings"
    )
    options.add_argument("--items-connections", type=int, default=32, help="(32)")
    options.add_argument(
        "--items-only", action="store_true", help="only the OGC API items beside the download"
    )
    options.add_argument(
        "--ratio-only", action="store_true", help="only the GeoJSON against nginx's rate"
    )
    options.add_argument(
        "--compare", action="store_true", help="only the load routes, every server in turn"
    )
    options.add_argument("--rounds", type=int, default=5, help="with --compare (5)")
    args = options.parse_args()
    if args.compare:
        compare_servers(args)
        return
    port = free_port()
    server, startup = start_app(port, args.workers, args.server)
    described = SERVERS[args.server].format(workers=args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        if args.items_only:
            items_load(base, args.seconds, args.items_connections)
            return
        if args.ratio_only:
            compare_with_nginx(base, args.seconds, args.connections)
            return
        print(f"start-up to first response: {startup:.2f} s ({described})")
        print("first view (HTML, CSS, JS and boundaries; no basemap tiles):")
        first_view(base)
        if not args.browser_only:
            print("downloads and OGC API (JSON):")
            data_sizes(base)
        print("browser (headless Chromium, loopback):")
        browser_timings(base, args.browser_runs)
        if args.browser_only:
            return
        before = resident_mb(server.pid)
        print(f"load: wrk, {args.connections} connections, {args.seconds} s per route, gzip")
        results = {}
        for route in LOAD_ROUTES:
            results[route] = wrk(base + route, args.seconds, args.connections)
            print_load(route, results[route])
        after = resident_mb(server.pid)
        print(
            f"memory ({args.server}, all processes): {before:.0f} MB before load, "
            f"{after:.0f} MB after"
        )
        compare_with_nginx(base, args.seconds, args.connections)
        items_load(base, args.seconds, args.items_connections)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
