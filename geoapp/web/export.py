"""``geoapp export DIR``: the public site as static files, for nginx or any CDN.

Every page, fragment, download, asset and OGC API document is requested through the app's
own test client, so the files are byte for byte what ``geoapp serve`` answers (same views,
same templates, same headers) and routes other modules add later export too: the routes
come from the app's url_map, their arguments from the site's data. A static host picks a
file by path alone, so each URL gets a file of its own (see ``file_for``) and the headers
each response carried are kept in a manifest, from which geoapp/web/hosting.py writes the
nginx configuration and the ``_headers`` / ``_redirects`` files of hosts that read them.
"""

from __future__ import annotations

import gzip
import itertools
import json
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import brotli
from flask import Flask

from geoapp.config import Settings
from geoapp.model.record import SUMMARIES
from geoapp.site import static_data
from geoapp.site.build import Site
from geoapp.site.lru import LruCache
from geoapp.web import routes
from geoapp.web.headers import security_headers

MANIFEST = "_export.json"
#: The page a static host shows for a path it has no file for.
NOT_FOUND_PAGE = "404.html"
#: Enough to hold every feature of a collection in one items page (the API's maximum).
ALL_ITEMS = "10000"
#: File extension of each content type, for URLs that have none (/areas, /ogc/conformance).
EXTENSIONS = {
    "text/html": ".html",
    "application/json": ".json",
    "application/geo+json": ".geojson",
    "application/vnd.oai.openapi+json": ".openapi",
    "application/schema+json": ".schema",
}
#: Response headers a static host must send again with the file.
KEPT_HEADERS = (
    "Content-Security-Policy",
    routes.CORS_HEADER,
    "Cache-Control",
    "Content-Disposition",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
)
COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/geo+json",
    "application/schema+json",
    "application/vnd.oai",
    "image/svg+xml",
)
MIN_COMPRESS_BYTES = 256
DATA_BROTLI_QUALITY = 9


@dataclass(frozen=True)
class ExportedFile:
    """One URL of the site and the file that answers it on a static host."""

    #: The URL path, e.g. "/ogc/collections/areas/items".
    path: str
    #: The query arguments that chose this variant ({} for most; {"set": "leps2021"}).
    query: dict
    #: The file, relative to the export folder, e.g. "ogc/collections/areas/items/index.geojson".
    file: str
    content_type: str
    #: The headers to send with it (security policy, CORS, caching, attachment name).
    headers: dict
    size: int


@dataclass(frozen=True)
class ExportReport:
    files: list[ExportedFile]
    #: Every file written (originals, .gz, .br, data files) and their total size.
    file_count: int
    total_bytes: int
    seconds: float
    #: Routes the export could not fill in (an argument it knows no values for).
    skipped_rules: list[str]


def argument_values(site: Site) -> dict[str, list[str]]:
    """Return the values each route argument can take, from the site's data.

    A route with an argument not named here is not exported (and is reported), so a new
    kind of route is noticed rather than silently missing from the static site.
    """
    from geoapp.outputs.mapdrawing import FORMATS

    codes = sorted({area.code for area_set in site.area_sets.values() for area in area_set.areas})
    return {
        "code": codes,
        "key": [area.code for area in site.summaries.areas],
        "collection_id": site.collections.ids,
        "feature_id": codes,
        "versioned_name": site.assets.versioned_names(),
        # Pictures (/images/areas/<code>.png): their default size; ?size= needs the app.
        "extension": sorted(FORMATS),
    }


def query_variants(endpoint: str, site: Site) -> list[dict]:
    """Return the query strings that make a different answer worth its own file.

    OGC API documents come as JSON and HTML (?f=html); an items page is requested with the
    maximum limit so one file holds the whole collection; panels come for each set of areas.
    """
    if endpoint.startswith("ogc."):
        variants = [{}, {"f": "html"}]
        if endpoint == "ogc.items":
            variants = [{**variant, "limit": ALL_ITEMS} for variant in variants]
        return variants
    if endpoint == "pages.panel_for":
        return [{}] + [{"set": key} for key in site.area_sets if key != SUMMARIES]
    return [{}]


def exported_urls(
    app: Flask, site: Site, skipped: list[str], narrowed: dict | None = None
) -> Iterator[tuple[str, dict]]:
    """Yield (path, query) for every GET route of the app with every argument filled in
    (``narrowed``: fewer values for some arguments, for quick test exports)."""
    values = {**argument_values(site), **(narrowed or {})}
    adapter = app.url_map.bind("localhost")
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        names = sorted(rule.arguments)
        if any(name not in values for name in names):
            skipped.append(rule.rule)
            continue
        for combination in itertools.product(*(values[name] for name in names)):
            path = adapter.build(rule.endpoint, dict(zip(names, combination, strict=True)))
            for query in query_variants(rule.endpoint, site):
                yield path, query


def file_for(path: str, query: dict, content_type: str) -> str:
    """Return the file answering ``path`` (with ``query``), relative to the export folder.

    A path with an extension is its own file (downloads, assets). Any other path is a
    folder holding index.<ext>, ext by content type, because "/ogc" and "/ogc/collections"
    both need an answer; a set of areas other than the default adds ".set-<key>".
    """
    mimetype = content_type.split(";")[0].strip()
    last = path.rsplit("/", 1)[-1]
    suffix = f".set-{query['set']}" if "set" in query else ""
    if "." in last and not suffix:
        return path.lstrip("/")
    folder = path.strip("/")
    extension = EXTENSIONS.get(mimetype)
    if extension is None:
        raise ValueError(f"{path}: no file extension for content type {mimetype}")
    return f"{folder}/index{suffix}{extension}".lstrip("/")


def kept_headers(path: str, response) -> dict[str, str]:
    """Return the headers of ``response`` a static host must send again with ``path``'s
    file; where the app sends no Cache-Control (pages), its route family's static_cache."""
    headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    headers.setdefault("Cache-Control", routes.family_of_path(path).static_cache)
    if "Accept" in response.vary:
        headers["Vary"] = "Accept"
    return headers


def write_compressed(
    target: Path, body: bytes, content_type: str, brotli_quality: int = 11
) -> list[Path]:
    """Write ``body`` to ``target`` and, for text, gzip and Brotli copies beside it.

    Returns every file written. gzip -9 and Brotli 11 by default (once, at build time);
    the thousands of postcode files get Brotli 9, 40 times faster for 5 % more bytes.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    written = [target]
    if content_type.startswith(COMPRESSIBLE) and len(body) >= MIN_COMPRESS_BYTES:
        gz = target.with_name(target.name + ".gz")
        gz.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
        br = target.with_name(target.name + ".br")
        br.write_bytes(brotli.compress(body, quality=brotli_quality))
        written += [gz, br]
    return written


def fetch(client, path: str, query: dict, base_url: str):
    """Request ``path?query`` as a client from ``base_url`` would, without compression."""
    return client.get(path, query_string=query, base_url=base_url, headers={"Accept": "*/*"})


def export_pages(
    app: Flask, site: Site, out: Path, base_url: str, narrowed: dict | None = None
) -> tuple[list, list, list]:
    """Request every exported URL and write its answer. Returns (files, written, skipped)."""
    client = app.test_client()
    files: list[ExportedFile] = []
    written: list[Path] = []
    skipped: list[str] = []
    names = set()
    for path, query in exported_urls(app, site, skipped, narrowed):
        response = fetch(client, path, query, base_url)
        # Routes that need a query (search, the point lookup) or only redirect are dynamic;
        # a variant that answers the same file (?f=html where there is no HTML) is one file.
        if response.status_code != 200:
            if path == "/":  # the map page always answers: the address itself is refused
                raise ValueError(f"the map page answered {response.status_code} at {base_url}")
            continue
        if file_for(path, query, response.content_type) in names:
            continue
        names.add(file_for(path, query, response.content_type))
        entry, paths = save(out, path, query, response)
        files.append(entry)
        written += paths
    return files, written, skipped


def export_not_found_page(app: Flask, out: Path, base_url: str) -> list[Path]:
    """Write the site's own 404 page, which static hosts show for unknown paths."""
    response = fetch(app.test_client(), "/areas/no-such-area", {}, base_url)
    return write_compressed(out / NOT_FOUND_PAGE, response.get_data(), response.content_type)


def save(out: Path, path: str, query: dict, response) -> tuple[ExportedFile, list[Path]]:
    """Write a 200 response as the file answering ``path``; returns its entry and files."""
    if response.status_code != 200:
        raise ValueError(f"{path} answered {response.status_code} during the export")
    body = response.get_data()
    name = file_for(path, query, response.content_type)
    written = write_compressed(out / name, body, response.content_type)
    headers = kept_headers(path, response)
    entry = ExportedFile(path, query, name, response.content_type, headers, len(body))
    return entry, written


def export_point_panels(app: Flask, site: Site, out: Path, base_url: str):
    """Write the panel of every combination of areas a point can be in (overlaps, and no
    area at all), named by their codes: /panel/at/E37000017+E37000036, /panel/at/none."""
    client = app.test_client()
    points: list[tuple[str, tuple[str, ...], float, float]] = [
        (key, (), 0.0, 0.0)
        for key in site.area_sets  # at sea: no area
    ]
    points += static_data.overlap_points(site)
    for set_key, codes, lon, lat in points:
        query = {"lat": f"{lat:.6f}", "lon": f"{lon:.6f}"}
        variant = {} if set_key == SUMMARIES else {"set": set_key}
        response = fetch(client, "/panel/at", {**query, **variant}, base_url)
        yield save(out, static_data.point_panel_path(codes), variant, response)


def export_oembed(app: Flask, site: Site, out: Path, base_url: str):
    """Write the oEmbed answer of each embeddable page, where the pages' discovery link
    points on a static site (the default size; /oembed's maxwidth needs the app)."""
    client = app.test_client()
    pages = ["/", "/embed"] + [f"/areas/{area.code}" for area in site.summaries.areas]
    for page in pages:
        query = {"url": base_url.rstrip("/") + page, "format": "json"}
        response = fetch(client, "/oembed", query, base_url)
        yield save(out, static_data.oembed_path(page), {}, response)


def static_headers(family: routes.RouteFamily, settings: Settings) -> dict[str, str]:
    """Return the headers of a file only an export has (no app response to copy them
    from), as its route family decides: security policy, caching, CORS."""
    headers = security_headers(settings, family.frame_ancestors)
    headers["Cache-Control"] = family.static_cache
    if family.cors is not routes.Cors.NONE:
        headers[routes.CORS_HEADER] = routes.ANY_ORIGIN
    return headers


def export_data(site: Site, out: Path, outward_codes=None):
    """Write the static lookup, search and postcode files under data/."""
    for name, data in static_data.data_files(site, outward_codes).items():
        body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        target = out / static_data.DATA_FOLDER / name
        path = f"/{static_data.DATA_FOLDER}/{name}"
        headers = static_headers(routes.STATIC_DATA, site.settings)
        entry = ExportedFile(path, {}, path.lstrip("/"), static_data.JSON_TYPE, headers, len(body))
        yield entry, write_compressed(target, body, static_data.JSON_TYPE, DATA_BROTLI_QUALITY)


def prepare_folder(out: Path) -> None:
    """Empty ``out`` for a new export; refuse a non-empty folder that is not an export."""
    if out.exists() and any(out.iterdir()):
        if not (out / MANIFEST).exists():
            raise ValueError(f"{out} is not empty and holds no earlier export; choose another")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def write_manifest(out: Path, site: Site, base_url: str, files: list[ExportedFile]) -> Path:
    """Write what was exported, with each file's headers: what the host files come from.

    The data version tells `geoapp serve --export` whether the files match its data.
    """
    manifest = {
        "base_url": base_url,
        "data_version": site.summaries.version,
        "files": [asdict(f) for f in files],
    }
    target = out / MANIFEST
    target.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return target


def forget_rendered(site: Site) -> None:
    """Empty every cache of answers the site keeps (rendered pages, OGC API answers)."""
    for value in vars(site).values():
        if isinstance(value, LruCache):
            value.clear()


def export_site(
    app: Flask, out: Path, base_url: str, outward_codes=None, narrowed: dict | None = None
) -> ExportReport:
    """Write the whole public site to ``out`` as it would be served from ``base_url``.

    For quick test exports, ``outward_codes`` limits the postcode files to those outward
    codes and ``narrowed`` the values of route arguments ({"extension": ["svg"]}).
    Returns what was written. Raises ValueError if ``out`` holds something else.
    """
    from geoapp.web import hosting

    started = time.perf_counter()
    prepare_folder(out)
    site = app.extensions["geoapp"].site
    # Pages of a static site load static/static-site.js and name the data files; pages
    # rendered for the app are kept apart (its caches are emptied before and after).
    forget_rendered(site)
    app.jinja_env.globals["static_site"] = static_data.StaticSite()
    try:
        files, written, skipped = export_pages(app, site, out, base_url, narrowed)
        written += export_not_found_page(app, out, base_url)
        for entry, paths in itertools.chain(
            export_point_panels(app, site, out, base_url),
            export_oembed(app, site, out, base_url),
            export_data(site, out, outward_codes),
        ):
            files.append(entry)
            written += paths
    finally:
        del app.jinja_env.globals["static_site"]
        forget_rendered(site)
    written.append(write_manifest(out, site, base_url, files))
    written += hosting.write_host_files(out, files)
    return ExportReport(
        files=files,
        file_count=len(written),
        total_bytes=sum(path.stat().st_size for path in written),
        seconds=time.perf_counter() - started,
        skipped_rules=skipped,
    )
