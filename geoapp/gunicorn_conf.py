"""gunicorn settings for the app: request limits, no server banner, and reload on SIGHUP.

    gunicorn -c python:geoapp.gunicorn_conf --workers 2 --threads 4 \\
        --bind 127.0.0.1:8000 'geoapp:create_app()'

With ``preload_app`` the master builds the site once and the workers share it. On SIGHUP
the master rebuilds the data (``on_reload``, before gunicorn forks new workers): the new
workers get the new data if all of it is good, and the last good data if not.
"""

import gunicorn.http.wsgi

from geoapp.limits import MAX_HEADER_BYTES

preload_app = True
# No control socket in $HOME: nothing here uses gunicornc, and instances would share it.
control_socket_disable = True
# Refused by gunicorn before the app sees them (400 "Request Line is too large", 431…).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = MAX_HEADER_BYTES // 4

# gunicorn has no setting for its Server header; it reads this name for each response.
gunicorn.http.wsgi.SERVER = "geoapp"


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
