"""Test servers: the app (or any WSGI app) on a free localhost port, in a thread; the
commands of the production servers; and a keep-alive load to put on any of them."""

import http.client
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from werkzeug.serving import make_server


def serve_in_thread(app):
    """Start ``app`` on a free localhost port; return (base URL, server)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def gunicorn_command(port: int, *options: str) -> list[str]:
    """gunicorn as the README runs it in production (2 workers), on 127.0.0.1:``port``."""
    return [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c",
        "python:geoapp.web.gunicorn_conf",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        *options,
        "geoapp:create_app()",
    ]


def granian_command(port: int) -> list[str]:
    """`geoapp serve --server granian` (2 workers), on 127.0.0.1:``port``."""
    return [sys.executable, "-m", "geoapp", "serve", "--server", "granian", "--port", str(port)]


def serve_command(port: int) -> list[str]:
    """`geoapp serve` as `make run` starts it, on 127.0.0.1:``port``."""
    return [sys.executable, "-m", "geoapp", "serve", "--port", str(port)]


def hammer(
    url: str, routes: list[str], threads: int, seconds: float
) -> tuple[int, list[str], list[float]]:
    """Return (requests, errors, latencies in ms) of ``threads`` keep-alive clients looping
    over ``routes`` (gzip accepted) for ``seconds``."""
    parts = urlsplit(url)
    deadline = time.monotonic() + seconds
    errors: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        count = offset
        while time.monotonic() < deadline:
            path = routes[count % len(routes)]
            count += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = connection.getresponse()
                response.read()
                problem = None if response.status == 200 else f"{path}: {response.status}"
            except (OSError, http.client.HTTPException) as error:
                problem = f"{path}: {error!r}"
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                if problem:
                    errors.append(problem)
        connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(client, range(threads)))
    return len(latencies), errors, latencies


class HostSite:
    """Another origin (its own localhost port) serving whatever page a test gives it."""

    def __init__(self):
        self.html = ""
        self.url, self.server = serve_in_thread(self.wsgi)

    def wsgi(self, environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [self.html.encode()]

    def page_with(self, body: str) -> str:
        self.html = (
            f"<!doctype html><html lang='en'><head><title>Council page</title></head>"
            f"<body><h1>Our area</h1>{body}</body></html>"
        )
        return self.url + "/"
