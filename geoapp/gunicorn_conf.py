"""gunicorn settings for the app: slow clients, request limits, no banner, reload on SIGHUP.

    gunicorn -c python:geoapp.gunicorn_conf --workers 2 --bind 127.0.0.1:8000 'geoapp:create_app()'

With ``preload_app`` the master builds the site once and the workers share it. On SIGHUP
the master rebuilds the data (``on_reload``, before gunicorn forks new workers): the new
workers get the new data if all of it is good, and the last good data if not.

Workers are gevent's: each connection is a greenlet, so hundreds of clients that trickle
their headers, read slowly or sit idle between requests cost a little memory each, not a
thread. gunicorn's default threaded worker reads a request in a thread once its first byte
arrives: 16 slow clients (2 workers × 4 threads × 2) stop it answering anyone.
"""

import warnings

import gunicorn.http.wsgi
from gevent.monkey import MonkeyPatchWarning

from geoapp.limits import MAX_HEADER_BYTES
from geoapp.server import raise_open_file_limit

# The workers patch the standard library when they start; the app, preloaded, has by then
# imported ssl (through requests). It never makes TLS connections (TLS ends at the proxy).
warnings.filterwarnings("ignore", "Monkey-patching ssl", MonkeyPatchWarning)

worker_class = "gevent"
#: Open connections per worker (slow, idle and active alike); beyond it, others wait.
worker_connections = 4000
# Idle keep-alive connections are closed after this many seconds.
keepalive = 5
# A worker silent for this long (stuck, or a request that never ends) is restarted.
timeout = 30
# On SIGTERM, requests in progress get this long to finish.
graceful_timeout = 10
preload_app = True
# No control socket in $HOME: nothing here uses gunicornc, and instances would share it.
control_socket_disable = True
# Refused by gunicorn before the app sees them (400 "Request Line is too large", 431…).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = MAX_HEADER_BYTES // 4

# gunicorn has no setting for its Server header; it reads this name for each response.
gunicorn.http.wsgi.SERVER = "geoapp"
# Every connection is a file descriptor: the usual soft limit of 1024 would cap them.
raise_open_file_limit(2 * worker_connections + 256)


def on_reload(arbiter) -> None:
    """SIGHUP: rebuild the data in the master; keep the last good data if it is broken."""
    from geoapp import reload_data

    try:
        result = reload_data(arbiter.app.wsgi())
    except Exception:  # never let a reload end the master: keep serving what it has
        arbiter.log.exception("data NOT reloaded: the reload failed unexpectedly")
        return
    arbiter.log.info(
        "data %s: serving version %s",
        "reloaded" if result.swapped else "NOT reloaded (see the problems above)",
        result.version,
    )
