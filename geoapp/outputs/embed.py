"""Embedding: options in the embed URL, the copy-paste snippet and oEmbed. No Flask here.

Options come from untrusted URLs, so each one is read leniently: anything unknown or
malformed falls back to its default, and nothing from the URL reaches a page unescaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode, urlsplit

BASEMAPS = ("tiles", "none")
DEFAULT_HEIGHT = 500
MIN_SIZE, MAX_SIZE = 200, 2000
PROVIDER_NAME = "Industrial Strategy local summaries map"


@dataclass(frozen=True)
class EmbedOptions:
    """What an embedded map shows. ``area`` is a known ONS code or None (all of the UK)."""

    area: str | None = None
    panel: bool = True
    basemap: str = "tiles"
    interactive: bool = True


def read_flag(value: str | None, default: bool) -> bool:
    """Return a yes/no option: 1/true/yes/on or 0/false/no/off; the default otherwise."""
    text = (value or "").strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    return default


def read_options(args, known_codes) -> EmbedOptions:
    """Return the options in a query mapping, each falling back to its default if invalid."""
    defaults = EmbedOptions()
    area = (args.get("area") or "").strip().upper()
    basemap = (args.get("basemap") or "").strip().lower()
    return EmbedOptions(
        area=area if area in known_codes else None,
        panel=read_flag(args.get("panel"), defaults.panel),
        basemap=basemap if basemap in BASEMAPS else defaults.basemap,
        interactive=read_flag(args.get("interactive"), defaults.interactive),
    )


def embed_query(options: EmbedOptions) -> str:
    """Return the query string for the embed URL, naming only non-default options."""
    defaults = EmbedOptions()
    pairs = []
    if options.area:
        pairs.append(("area", options.area))
    if options.panel != defaults.panel:
        pairs.append(("panel", "1" if options.panel else "0"))
    if options.basemap != defaults.basemap:
        pairs.append(("basemap", options.basemap))
    if options.interactive != defaults.interactive:
        pairs.append(("interactive", "1" if options.interactive else "0"))
    return urlencode(pairs)


def with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


@dataclass(frozen=True)
class Snippet:
    """The copy-paste embed code and its parts."""

    embed_url: str
    full_map_url: str
    title: str
    height: int

    @property
    def iframe(self) -> str:
        return (
            f'<iframe src="{html.escape(self.embed_url)}" title="{html.escape(self.title)}" '
            f'width="100%" height="{self.height}" style="border:0" loading="lazy" '
            "allowfullscreen></iframe>"
        )

    @property
    def link(self) -> str:
        return (
            f'<p><a href="{html.escape(self.full_map_url)}">Open the full map: '
            f"{html.escape(self.title)}</a></p>"
        )

    @property
    def html(self) -> str:
        return f"{self.iframe}\n{self.link}"


def make_snippet(base_url: str, options: EmbedOptions, area_name: str | None, height: int | None):
    """Return the snippet for ``options``; ``base_url`` is absolute, e.g. https://host/.
    ``height`` None is the default height."""
    base = base_url.rstrip("/")
    title = "Industrial Strategy local summaries map (December 2018)"
    if area_name:
        title = f"{area_name}: {title}"
    full_query = urlencode([("area", options.area)]) if options.area else ""
    return Snippet(
        embed_url=with_query(f"{base}/embed", embed_query(options)),
        full_map_url=with_query(f"{base}/", full_query),
        title=title,
        height=clamp(height, DEFAULT_HEIGHT),
    )


def clamp(value: int | None, default: int) -> int:
    return default if value is None else max(MIN_SIZE, min(MAX_SIZE, value))


class NotOurs(ValueError):
    """The oEmbed ``url`` is not a page of this site that can be embedded."""


def site_host(netloc: str) -> str:
    """Return a host as the site answers it: lower case, without "www." or a default port."""
    host = netloc.lower().rsplit("@", 1)[-1]
    for default_port in (":80", ":443"):
        host = host.removesuffix(default_port)
    return host.removeprefix("www.")


def code_resolver(known_codes):
    """Return a resolver for ``options_for_page`` that knows only codes (in any case)."""
    codes = set(known_codes)

    def resolve(key: str) -> str | None:
        return key.upper() if key.upper() in codes else None

    return resolve


def options_for_page(url: str, base_url: str, resolve_area) -> EmbedOptions:
    """Return embed options for one of our page URLs, in any form the site answers:
    /, /embed or /areas/<code or slug>, with or without a trailing slash, over http or
    https, with or without "www." in front of the site's host.

    ``resolve_area(key)`` returns the code an /areas/<key> address leads to, or None; a
    set of codes is accepted too. Raises NotOurs for any other URL, including other hosts.
    """
    if not callable(resolve_area):
        resolve_area = code_resolver(resolve_area)
    page, base = urlsplit(url.strip()), urlsplit(base_url)
    if page.scheme not in ("http", "https") or site_host(page.netloc) != site_host(base.netloc):
        raise NotOurs("that URL is not on this site")
    args = {key: values[-1] for key, values in parse_qs(page.query).items()}
    path = "/" + page.path.strip("/")
    known = {code for code in [resolve_area(args.get("area") or "")] if code}
    if path in ("/", "/embed"):
        return read_options(args, known)
    parts = path.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "areas" and (code := resolve_area(parts[1])):
        return replace(read_options(args, known), area=code)
    raise NotOurs("that page of this site cannot be embedded")


def oembed(snippet: Snippet, base_url: str, maxwidth: int | None, maxheight: int | None) -> dict:
    """Return the oEmbed 1.0 "rich" response for a snippet, within maxwidth × maxheight."""
    width = min(600, maxwidth) if maxwidth else 600
    height = min(maxheight, MAX_SIZE) if maxheight else snippet.height
    sized = replace(snippet, height=height)
    return {
        "version": "1.0",
        "type": "rich",
        "title": snippet.title,
        "provider_name": PROVIDER_NAME,
        "provider_url": base_url,
        "html": sized.html,
        "width": width,
        "height": height,
    }
