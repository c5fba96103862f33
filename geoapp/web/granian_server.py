"""`geoapp serve --server granian`: the app behind granian, whose HTTP handling is Rust.

gunicorn and waitress parse every request and write every response in Python; once the
replay layer (geoapp/web/prepared.py) made a download cost about 1 µs of app work, that
was nearly all of the time. granian (Rust, hyper) does it outside the interpreter and calls
the same WSGI app, which keeps what geoapp.gunicorn_conf gives gunicorn:

* the app is built once, in the master, before the workers are forked (granian forks on
  Linux), so they share it copy-on-write like gunicorn's ``preload_app``;
* SIGHUP rebuilds the data in the master (granian's reload hook, before it replaces the
  workers), so new workers get the new data if all of it is good, the last good if not;
* ``Server: geoapp``, no product or version (granian's default says "granian");
* requests refused before the app: a header block over ``MAX_HEADER_BYTES`` (431) or not
  complete within ``HEADER_TIMEOUT`` seconds; the app's own limits (geoapp/web/limits.py) give
  414 for long addresses and 413 for big bodies, as under the other servers;
* a dead worker is replaced; on SIGTERM requests in progress get ``GRACEFUL_SECONDS``.

Workers are processes (one per core); each runs its WSGI calls on a few threads, while
granian's event loop reads and writes every connection, so slow and idle clients cost no
thread (as under waitress): connections idle, or trickling a header, for ``HEADER_TIMEOUT``
seconds are closed. What gunicorn has and granian has not: a watchdog restarting a worker
stuck in one request (gunicorn's ``timeout``). granian also copies the process's
environment variables into every WSGI environ; nothing here shows the environ to anyone.
"""

from __future__ import annotations

import logging
import multiprocessing
import os

from granian.constants import HTTPModes, Interfaces
from granian.http import HTTP1Settings
from granian.log import LogLevels
from granian.server import Server

from geoapp.web.limits import MAX_HEADER_BYTES
from geoapp.web.server import (
    CONNECTION_LIMIT,
    HEADER_TIMEOUT,
    SPARE_FILES,
    raise_open_file_limit,
)

log = logging.getLogger(__name__)

#: The Server header of every answer the app gives (no product, no version).
SERVER_HEADER = ("Server", "geoapp")
#: Connections the kernel queues before granian accepts them.
BACKLOG = 2048
#: Seconds between starting a new worker and stopping the one it replaces (SIGHUP).
RESPAWN_SECONDS = 1.0
#: Seconds a stopping worker has to finish its requests before it is killed.
GRACEFUL_SECONDS = 10


def named(app):
    """Return ``app`` answering with ``Server: geoapp`` (granian keeps a Server header the
    app sets and adds its own only when there is none)."""

    def with_server_header(environ, start_response):
        def start(status, headers, exc_info=None):
            # A new list: the replay layer passes the same kept list to every request.
            return start_response(status, [*headers, SERVER_HEADER], exc_info)

        return app(environ, start)

    return with_server_header


def serve(app, host: str, port: int, workers: int = 2, threads: int = 2) -> None:
    """Serve ``app`` (built already) with granian on host:port until SIGINT or SIGTERM;
    SIGHUP reloads the data (module docstring)."""
    # granian starts workers with multiprocessing's default method; they must be forked to
    # inherit the built app (Python 3.14 makes forkserver the default on Linux).
    multiprocessing.set_start_method("fork", force=True)
    files = raise_open_file_limit(CONNECTION_LIMIT + SPARE_FILES)
    server = Server(
        "geoapp:create_app",  # only named in granian's logs: the loader below gives the app
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        runtime_threads=1,
        http=HTTPModes.http1,
        websockets=False,
        backlog=BACKLOG,
        # Open connections a worker holds (granian counts slow, idle and active alike);
        # more wait in the listen queue. Idle ones cost no thread: only the WSGI calls
        # run on the ``threads``.
        backpressure=max(64, min(CONNECTION_LIMIT, files - SPARE_FILES)) // workers,
        http1_settings=HTTP1Settings(
            header_read_timeout=HEADER_TIMEOUT * 1000, max_buffer_size=MAX_HEADER_BYTES
        ),
        log_level=LogLevels.warning,
        # As gunicorn does: a worker that dies is replaced, not the end of the server.
        respawn_failed_workers=True,
        # On SIGHUP a new worker (forked with the data built) is ready at once: replace the
        # old one a second later, not granian's default 3.5 s.
        respawn_interval=RESPAWN_SECONDS,
        # On SIGTERM, requests in progress get this long (gunicorn's graceful_timeout).
        workers_kill_timeout=GRACEFUL_SECONDS,
    )
    server.on_reload(lambda: reload_in_master(app))
    wsgi = named(app)

    def worker_app(_target):
        # Called in each worker after the fork: the app the master built, not a new one.
        log.info(
            "worker %d: serving data version %s",
            os.getpid(),
            app.extensions["geoapp"].site.summaries.version,
        )
        return wsgi

    server.serve(target_loader=worker_app)


def reload_in_master(app) -> None:
    """SIGHUP: rebuild the data in the master; keep the last good data if it is broken."""
    from geoapp import reload_data

    try:
        result = reload_data(app)
    except Exception:  # never let a reload end the master: keep serving what it has
        log.exception("data NOT reloaded: the reload failed unexpectedly")
        return
    log.info(
        "data %s: serving version %s",
        "reloaded" if result.swapped else "NOT reloaded (see the problems above)",
        result.version,
    )
