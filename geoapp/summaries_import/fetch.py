"""Find and download the summary PDFs of the announcement through GOV.UK's Content API.

GOV.UK serves every page's content as JSON at ``/api/content/<path>``; the PDFs are its
``details.attachments`` or the links in its body. ``--from`` may also name an HTML copy
(the UK Government Web Archive's, a mirror): its links to PDFs are used. Downloads are
kept in the cache under their SHA-256 with an index of where each came from, so a second
run downloads nothing and a damaged cached file is noticed and fetched again.
"""

from __future__ import annotations

import hashlib
import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

CONTENT_API = (
    "https://www.gov.uk/api/content/government/news/"
    "local-industrial-strategies-to-drive-growth-across-the-country"
)
EXPECTED_PAGES = 41
USER_AGENT = "geoapp-summaries-fetch (Industrial Strategy map)"
PDF_TYPES = {"application/pdf", "application/x-pdf"}


class Offline(Exception):
    """The address cannot be reached at all (no network, no such host, refused)."""


class FetchError(Exception):
    """The address answered, but not with what was asked for; the message says why."""


@dataclass(frozen=True)
class Answer:
    url: str
    content_type: str
    body: bytes


def get(url: str, timeout: float) -> Answer:
    """Return the answer to a GET of ``url``. Raises Offline or FetchError."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            return Answer(response.geturl(), content_type, response.read())
    except urllib.error.HTTPError as error:
        raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from error
    except TimeoutError as error:
        raise FetchError(f"{url}: no answer within {timeout:g} s") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError | socket.timeout):
            raise FetchError(f"{url}: no answer within {timeout:g} s") from error
        raise Offline(f"{urlparse(url).netloc or url}: {error.reason}") from error
    except (ConnectionError, OSError) as error:
        raise Offline(f"{urlparse(url).netloc or url}: {error}") from error


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_in(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return [urljoin(base, href) for href in parser.hrefs]


def is_pdf_link(url: str) -> bool:
    return urlparse(url).path.lower().endswith(".pdf")


def pdf_links(answer: Answer) -> list[str]:
    """Return the PDF addresses a Content API answer (or an HTML copy) links to, in order.

    Raises FetchError when the answer is neither JSON nor HTML.
    """
    if answer.content_type == "application/json":
        try:
            content = json.loads(answer.body)
        except ValueError as error:
            raise FetchError(f"{answer.url}: the JSON cannot be read ({error})") from error
        details = content.get("details", {}) if isinstance(content, dict) else {}
        attachments = [
            a
            for a in details.get("attachments", [])
            if isinstance(a, dict) and isinstance(a.get("url"), str)
        ]
        found = [urljoin(answer.url, a["url"]) for a in attachments]
        # An attachment says it is a PDF even when its address does not end in .pdf.
        typed = {
            u for u, a in zip(found, attachments, strict=True) if a.get("content_type") in PDF_TYPES
        }
        for part in ("body", "documents"):
            value = details.get(part, "")
            for html in value if isinstance(value, list) else [value]:
                if isinstance(html, str):
                    found += links_in(html, answer.url)
    elif answer.content_type in ("text/html", "application/xhtml+xml"):
        found, typed = links_in(answer.body.decode("utf-8", "replace"), answer.url), set()
    else:
        raise FetchError(
            f"{answer.url}: expected the Content API's JSON or an HTML page, "
            f"got {answer.content_type}"
        )
    return list(dict.fromkeys(u for u in found if u in typed or is_pdf_link(u)))


class Cache:
    """Downloaded PDFs, stored as <sha256>.pdf, with index.json: address → SHA-256."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.index_path = folder / "index.json"
        try:
            self.index = json.loads(self.index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.index = {}

    def get(self, url: str) -> bytes | None:
        """Return the cached copy of ``url`` if it is still intact (its checksum matches)."""
        digest = self.index.get(url)
        path = self.folder / f"{digest}.pdf"
        if not digest or not path.exists():
            return None
        data = path.read_bytes()
        return data if hashlib.sha256(data).hexdigest() == digest else None

    def put(self, url: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(data).hexdigest()
        (self.folder / f"{digest}.pdf").write_bytes(data)
        self.index[url] = digest
        temporary = self.index_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.index, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(self.index_path)


def download_pdf(url: str, cache: Cache, timeout: float) -> bytes:
    """Return the PDF at ``url``, from the cache when intact. Raises FetchError, Offline."""
    cached = cache.get(url)
    if cached is not None:
        return cached
    answer = get(url, timeout)
    if answer.content_type not in PDF_TYPES and not answer.body.startswith(b"%PDF-"):
        raise FetchError(f"{url}: expected a PDF, got {answer.content_type}")
    cache.put(url, answer.body)
    return answer.body


def fetch_all(index_url: str, cache: Cache, timeout: float, progress=None):
    """Return (every PDF address the page links to, [(address, bytes)] of those downloaded,
    [why each other one was not]).

    Raises Offline when the page itself cannot be reached, FetchError when it answers
    wrongly. ``progress`` wraps the list of addresses (a tqdm bar).
    """
    links = pdf_links(get(index_url, timeout))
    if not links:
        raise FetchError(f"{index_url}: links to no PDF")
    pdfs, problems = [], []
    for url in progress(links) if progress else links:
        try:
            pdfs.append((url, download_pdf(url, cache, timeout)))
        except (FetchError, Offline) as error:
            problems.append(str(error))
    return links, pdfs, problems
