"""geoapp summaries fetch against a local stand-in for GOV.UK's Content API (no network)."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import summary_pdfs as pdfs

from geoapp.cli import main
from geoapp.config import PROJECT_ROOT
from geoapp.summaries_import.fetch import Cache, FetchError, Offline, fetch_all

API_PATH = "/api/content/government/news/local-industrial-strategies-to-drive-growth"


def content(pdf_paths: list[str], body_links: list[str] = (), others=()) -> bytes:
    """A Content API answer: PDFs as attachments and as links in the body."""
    attachments = [{"url": p, "content_type": "application/pdf"} for p in pdf_paths]
    attachments += [{"url": p, "content_type": "text/csv"} for p in others]
    body = "".join(f'<p><a href="{link}">a summary</a></p>' for link in body_links)
    return json.dumps({"details": {"attachments": attachments, "body": body}}).encode()


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that gave up on the slow answer: expected, not worth a traceback


class StandIn:
    """Answers GET path → (status, content type, body, delay in seconds); counts requests."""

    def __init__(self, routes: dict):
        self.routes, self.requests = routes, []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                stand_in.requests.append(self.path)
                status, kind, body, delay = stand_in.routes.get(
                    self.path, (404, "text/plain", b"not found", 0)
                )
                time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def hertfordshire_pdf() -> bytes:
    return pdfs.render(pdfs.hertfordshire())


@pytest.fixture()
def gov_uk(hertfordshire_pdf):
    black_country = pdfs.render(pdfs.hertfordshire().replace(title="Black Country"))
    server = StandIn(
        {
            API_PATH: (
                200,
                "application/json",
                content(
                    ["/media/Hertfordshire.pdf", "/media/gone.pdf"],
                    ["/media/Black.pdf", "/about"],
                    ["/media/figures.csv"],
                ),
                0,
            ),
            "/media/Hertfordshire.pdf": (200, "application/pdf", hertfordshire_pdf, 0),
            "/media/Black.pdf": (200, "application/octet-stream", black_country, 0),
            "/slow": (200, "application/json", content([]), 2),
            "/media/page.pdf": (200, "text/html", b"<html>Sign in</html>", 0),
            "/archive": (
                200,
                "text/html; charset=utf-8",
                b'<a href="/media/Hertfordshire.pdf">Herts</a> <a href="/about">about</a>',
                0,
            ),
        }
    )
    yield server
    server.close()


def test_the_pdfs_are_found_downloaded_and_cached(gov_uk, tmp_path, hertfordshire_pdf):
    cache = Cache(tmp_path / "cache")
    links, got, problems = fetch_all(gov_uk.url + API_PATH, cache, timeout=5)
    assert links == [f"{gov_uk.url}/media/{n}.pdf" for n in ("Hertfordshire", "gone", "Black")]
    assert [url.rsplit("/", 1)[1] for url, _ in got] == ["Hertfordshire.pdf", "Black.pdf"]
    assert problems == [f"{gov_uk.url}/media/gone.pdf: HTTP 404 Not Found"]
    assert got[0][1] == hertfordshire_pdf
    # A second run reads the cache; a damaged cached file is noticed and fetched again.
    damaged = cache.folder / f"{cache.index[got[1][0]]}.pdf"
    damaged.write_bytes(b"%PDF-1.4 half")
    gov_uk.requests.clear()
    fetch_all(gov_uk.url + API_PATH, Cache(tmp_path / "cache"), timeout=5)
    assert sorted(gov_uk.requests) == sorted([API_PATH, "/media/gone.pdf", "/media/Black.pdf"])


def test_a_slow_answer_and_a_wrong_content_type_are_errors(gov_uk, tmp_path):
    with pytest.raises(FetchError, match=r"/slow: no answer within 0.5 s"):
        fetch_all(gov_uk.url + "/slow", Cache(tmp_path), timeout=0.5)
    with pytest.raises(FetchError, match="expected the Content API's JSON or an HTML page"):
        fetch_all(gov_uk.url + "/media/Hertfordshire.pdf", Cache(tmp_path), timeout=5)
    gov_uk.routes[API_PATH] = (200, "application/json", content(["/media/page.pdf"]), 0)
    _, got, problems = fetch_all(gov_uk.url + API_PATH, Cache(tmp_path), timeout=5)
    assert got == []
    assert problems == [f"{gov_uk.url}/media/page.pdf: expected a PDF, got text/html"]


def test_another_copy_as_an_html_page(gov_uk, tmp_path):
    links, _, _ = fetch_all(gov_uk.url + "/archive", Cache(tmp_path), timeout=5)
    assert links == [f"{gov_uk.url}/media/Hertfordshire.pdf"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_without_a_network_it_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    with pytest.raises(Offline):
        fetch_all(f"http://127.0.0.1:{free_port()}/api", Cache(tmp_path), timeout=2)
    monkeypatch.setenv("GEOAPP_CACHE_DIR", str(tmp_path))
    code = main(["summaries", "fetch", "--from", f"http://127.0.0.1:{free_port()}/api"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1
    assert "(offline?)" in err[0] and "geoapp summaries import FILE.pdf" in err[0]


def test_fetch_then_import_with_the_pdfs_address(gov_uk, tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    (data / "summaries").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "data" / "areas.toml", data / "areas.toml")
    monkeypatch.setenv("GEOAPP_DATA_DIR", str(data))
    monkeypatch.setenv("GEOAPP_CACHE_DIR", str(tmp_path / "cache"))
    code = main(["summaries", "fetch", "--from", gov_uk.url + API_PATH, "--timeout", "5"])
    out, err = capsys.readouterr()
    assert code == 1  # one PDF was not downloaded
    assert "not downloaded: " in err and "gone.pdf: HTTP 404" in err
    assert "downloading" in err  # the progress bar
    assert "note: 3 PDF link(s) found, 41 expected" in err
    written = (data / "summaries" / "E37000017.toml").read_text()
    assert f'file = "{gov_uk.url}/media/Hertfordshire.pdf"' in written
    assert f'urls = [\n    "{gov_uk.url}/media/Hertfordshire.pdf",\n]' in written
    assert (data / "summaries" / "E37000001.toml").exists()
    assert "created: " in out and "+population = 1116300" in out
