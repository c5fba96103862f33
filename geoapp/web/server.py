"""The HTTP server of ``geoapp serve``: waitress, set for a public site.

waitress reads every request on one event loop and hands only complete requests to its
worker threads, so clients that send slowly, read slowly or sit idle between requests
cost a socket each, never a thread. Its defaults are for a site behind a proxy, though:
it stops accepting at 100 open connections (so 100 idle or trickling clients shut
everyone else out), polls with select() (which fails past file descriptor 1024), and
restarts its 120 s timeout on every byte. Here:

* many more connections (``CONNECTION_LIMIT``), polled with poll(), and the process's
  open-file limit raised to fit them;
* idle connections closed after ``IDLE_TIMEOUT`` seconds, checked every second or two;
* a request's header block must arrive whole within ``HEADER_TIMEOUT`` seconds (like
  nginx's ``client_header_timeout``), however slowly it trickles: then 408 and close;
* requests whose framing is ambiguous are refused with 400 and the connection closed
  (RFC 9112): both Content-Length and Transfer-Encoding (a request-smuggling shape),
  Transfer-Encoding in HTTP/1.0, lines ended by a bare LF or CR (refused as soon as one
  arrives, not after a timeout), and HTTP/0.9 or any malformed request line.
"""

from __future__ import annotations

import logging
import re
import resource
import time

import waitress.server
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser, ParsingError
from waitress.utilities import BadRequest, Error

from geoapp.web.limits import MAX_BODY_BYTES, MAX_HEADER_BYTES

log = logging.getLogger(__name__)

#: Open connections served at once (idle, trickling and active alike).
CONNECTION_LIMIT = 10_000
#: Seconds a connection may sit idle, between or before requests.
IDLE_TIMEOUT = 30
#: Seconds a request's whole header block may take to arrive.
HEADER_TIMEOUT = 20
#: File descriptors besides the connections: listening sockets, data files, logs.
SPARE_FILES = 256

#: A complete request line: method, target, HTTP/1.x. Anything else is refused at once.
REQUEST_LINE = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+ [^ \x00-\x20\x7f]+ HTTP/[0-9]\.[0-9]")
#: A line feed without its carriage return, or a carriage return without its line feed.
BARE_LINE_END = re.compile(rb"(?<!\r)\n|\r(?=[^\n])")
#: Blank lines a client may send before a request (RFC 9112 section 2.2).
LEADING_BLANK_LINES = re.compile(rb"(?:\r\n)*")


class RequestTimeout(Error):
    code = 408
    reason = "Request Timeout"


class StrictRequestParser(HTTPRequestParser):
    """waitress's request parser, refusing what RFC 9112 says to refuse (module docstring)."""

    header_timeout = HEADER_TIMEOUT

    def __init__(self, adj):
        super().__init__(adj)
        self.started = time.monotonic()

    def received(self, data: bytes) -> int:
        if self.body_rcv is None and not self.completed:
            fault = self.header_fault(self.header_plus + data)
            if fault is not None:
                self.refuse(fault)
                return len(data)
        return super().received(data)

    def header_fault(self, received: bytes) -> Error | None:
        """Return the error a header block received so far already deserves, or None."""
        if time.monotonic() - self.started > self.header_timeout:
            return RequestTimeout(f"the request header took over {self.header_timeout} s")
        end = received.find(b"\r\n\r\n")
        header = received if end < 0 else received[: end + 4]
        if BARE_LINE_END.search(header):
            return BadRequest("a line ends without CR LF (RFC 9112 section 2.2)")
        leading = LEADING_BLANK_LINES.match(header)  # always matches, perhaps nothing
        start = leading.end() if leading else 0
        line_end = header.find(b"\r\n", start)
        if line_end >= 0 and not REQUEST_LINE.fullmatch(header[start:line_end]):
            return BadRequest("the request line must be: method, target, HTTP/1.0 or HTTP/1.1")
        return None

    def refuse(self, error: Error) -> None:
        """Answer ``error`` and close, as waitress does for a header block that is too big."""
        self.parse_header(b"GET / HTTP/1.0\r\n")
        self.error = error
        self.completed = True

    def parse_header(self, header_plus: bytes) -> None:
        super().parse_header(header_plus)
        framed_twice = self.chunked or "TRANSFER_ENCODING" in self.headers
        if framed_twice and "CONTENT_LENGTH" in self.headers:
            raise ParsingError("both Content-Length and Transfer-Encoding (RFC 9112 6.3)")
        if self.version == "1.0" and "TRANSFER_ENCODING" in self.headers:
            raise ParsingError("Transfer-Encoding in an HTTP/1.0 request (RFC 9112 6.1)")
        if not self.version.startswith("1."):
            raise ParsingError("only HTTP/1.0 and HTTP/1.1 are served")


class StrictChannel(HTTPChannel):
    parser_class = StrictRequestParser


def raise_open_file_limit(wanted: int) -> int:
    """Raise this process's open-file limit towards ``wanted`` (never above the hard
    limit); return the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError) as error:
            log.warning("cannot raise the open-file limit to %d: %s", target, error)
    return soft


def server_options(**overrides) -> dict:
    """Return waitress's settings for ``geoapp serve`` (module docstring), with overrides."""
    files = raise_open_file_limit(CONNECTION_LIMIT + SPARE_FILES)
    return {
        "ident": "geoapp",  # the Server header: no product or version
        "max_request_header_size": MAX_HEADER_BYTES,
        "max_request_body_size": MAX_BODY_BYTES,
        "connection_limit": max(64, min(CONNECTION_LIMIT, files - SPARE_FILES)),
        "asyncore_use_poll": True,
        "channel_timeout": IDLE_TIMEOUT,
        "cleanup_interval": 2,
        "backlog": 2048,
        **overrides,
    }


def make_server(app, host: str, port: int, threads: int = 8, **overrides):
    """Return the waitress server for ``app`` on host:port, listening; ``.run()`` serves."""
    sockets: dict = {}
    server = waitress.server.create_server(
        app, map=sockets, host=host, port=port, threads=threads, **server_options(**overrides)
    )
    # create_server makes one listener per address (IPv4 and IPv6 for "localhost"); each
    # makes a channel of its channel_class for every connection it accepts.
    for listener in sockets.values():
        if isinstance(listener, waitress.server.BaseWSGIServer):
            listener.channel_class = StrictChannel
    return server
