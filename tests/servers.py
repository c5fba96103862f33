"""Test servers: the app (or any WSGI app) on a free localhost port, in a thread."""

import threading

from werkzeug.serving import make_server


def serve_in_thread(app):
    """Start ``app`` on a free localhost port; return (base URL, server)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server
