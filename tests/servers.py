"""Test servers: the app (or any WSGI app) on a free localhost port, in a thread."""

import threading

from werkzeug.serving import make_server


def serve_in_thread(app):
    """Start ``app`` on a free localhost port; return (base URL, server)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


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
