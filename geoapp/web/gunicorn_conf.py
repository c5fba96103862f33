"""gunicorn settings for the app: request limits, no banner, reload on SIGHUP.

    gunicorn -c python:geoapp.web.gunicorn_conf --workers 2 -b 127.0.0.1:8000 'geoapp:create_app()'

With ``preload_app`` the master builds the site once and the workers share it. On SIGHUP
the master rebuilds the data (``on_reload``, before gunicorn forks new workers): the new
workers get the new data if all of it is good, and the last good data if not.

Workers are threaded (4 threads each). A threaded worker reads a request in a thread once
its first byte arrives, so about 16 slow clients stop it: on a public address gunicorn runs
behind nginx (the README's production layout), which holds slow and idle clients itself and
hands gunicorn only complete requests. gevent workers, tried for this, held the slow clients
but gave ordinary requests a p99 of 280–340 ms at 4 connections (7.7 ms threaded) and
timeouts at 64, because a greenlet busy with one request's CPU work keeps the others waiting.
"""

import gunicorn.http.wsgi

from geoapp.web.limits import MAX_HEADER_BYTES
from geoapp.web.server import raise_open_file_limit

worker_class = "gthread"
threads = 4
#: Open connections per worker (slow, idle and active alike); beyond it, others wait.
worker_connections = 1000
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
