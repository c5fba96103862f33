"""Request limits: how big a request may be before it is refused, and with which status.

Every route is a GET with a short query, so anything much bigger is a mistake or an
attack; refusing it early keeps memory and time per request bounded. The numbers are
shared by the app and by the servers that run it (waitress in ``geoapp serve``, gunicorn
through ``geoapp.web.gunicorn_conf``), which refuse oversized header blocks before the app.
"""

from __future__ import annotations

#: Longest path (the part before "?") in characters; area codes and asset names are short.
MAX_PATH_CHARS = 1024
#: Longest query string in bytes; the longest real one (an oEmbed URL) is a few hundred.
MAX_QUERY_BYTES = 4096
#: Largest request body in bytes. No route takes a body; this only bounds what is read.
MAX_BODY_BYTES = 64 * 1024
#: Largest header block (request line and headers) the servers accept, in bytes.
MAX_HEADER_BYTES = 32 * 1024


def refusal(path: str, query: bytes, content_length: int | None) -> tuple[int, str] | None:
    """Return (status, reason) when a request is over a limit, None when it is within them."""
    if len(path) > MAX_PATH_CHARS:
        return 414, f"The address is too long: at most {MAX_PATH_CHARS} characters before '?'."
    if len(query) > MAX_QUERY_BYTES:
        return 414, f"The query is too long: at most {MAX_QUERY_BYTES} bytes after '?'."
    if content_length is not None and content_length > MAX_BODY_BYTES:
        return 413, f"The request body is too large: at most {MAX_BODY_BYTES} bytes."
    return None
