"""How a static host serves an export: an nginx configuration, and the ``_headers`` and
``_redirects`` files that Netlify and Cloudflare Pages read. No Flask.

All three come from the export's manifest (geoapp/web/export.py): each URL, the file that
answers it and the headers the app sent with it (as its route family decides,
geoapp/web/routes.py), so the static site sends what the app sends: its
Content-Security-Policy (``frame-ancestors *`` for the embed only), CORS on the data, a
year's ``immutable`` caching for content-hashed assets, attachment names for downloads,
and the content types GDAL needs (application/geo+json, OpenAPI's own).

nginx picks a file by path alone and ignores the query string, except ``?set=`` (the
panels of the other set of areas) and ``?f=html`` or a browser's ``Accept: text/html``
(the HTML twin of each OGC API document). An OGC items page holds every feature, so the
``limit``, ``offset`` and ``bbox`` GDAL and QGIS add give the whole collection, which they
accept. With ``app`` (the production layout) what has no file, or needs its query (the
point lookup, search, items with a query, oEmbed with a size), goes to the app instead.
"""

from __future__ import annotations

import json
from pathlib import Path

#: Headers whose value differs for nearly every file: one map from file to value each.
PER_FILE = ("Content-Disposition",)
TEXT_TYPES = (
    "text/css text/csv text/javascript application/json application/geo+json "
    "application/schema+json application/vnd.oai.openapi+json image/svg+xml"
)


def read_manifest(root: Path) -> dict:
    from geoapp.web.export import MANIFEST

    return json.loads((root / MANIFEST).read_text(encoding="utf-8"))


def media_types(files: list[dict]) -> dict[str, str]:
    """Return {file extension: content type} of every exported file.

    Raises ValueError when one extension carries two types (a file would be mislabelled).
    """
    types: dict[str, str] = {}
    for entry in files:
        name = entry["file"].rsplit("/", 1)[-1]
        if "." not in name:
            continue
        extension = name.rsplit(".", 1)[-1]
        content_type = entry["content_type"].split(";charset")[0].replace("; charset=utf-8", "")
        if types.setdefault(extension, content_type) != content_type:
            raise ValueError(f".{extension} files are both {types[extension]} and {content_type}")
    return types


def nginx_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def header_variable(name: str) -> str:
    return "$geoapp_" + name.lower().replace("-", "_")


def header_maps(files: list[dict]) -> tuple[str, list[str]]:
    """Return nginx maps from each served file ($uri after try_files) to its headers, and
    the header names they set. Files sharing all headers share a profile, to keep it short."""
    profiles: dict[str, int] = {}
    by_file: list[str] = []
    per_file: dict[str, list[str]] = {name: [] for name in PER_FILE}
    names: list[str] = []
    for entry in files:
        shared = {k: v for k, v in entry["headers"].items() if k not in PER_FILE}
        key = json.dumps(shared, sort_keys=True)
        profile = profiles.setdefault(key, len(profiles))
        by_file.append(f"    {nginx_string('/' + entry['file'])} {profile};")
        for name in entry["headers"]:
            if name not in names:
                names.append(name)
        for name in PER_FILE:
            if name in entry["headers"]:
                value = nginx_string(entry["headers"][name])
                per_file[name].append(f"    {nginx_string('/' + entry['file'])} {value};")
    lines = ["map $uri $geoapp_profile {", "    default -1;", *by_file, "}"]
    for name in names:
        if name in PER_FILE:
            lines += [f"map $uri {header_variable(name)} {{", *per_file[name], "}"]
            continue
        lines.append(f"map $geoapp_profile {header_variable(name)} {{")
        for key, profile in profiles.items():
            value = json.loads(key).get(name)
            if value is not None:
                lines.append(f"    {profile} {nginx_string(value)};")
        lines.append("}")
    return "\n".join(lines), names


def set_variants(files: list[dict]) -> str:
    """Return the map from ?set= to the suffix of that set's panel files (known sets only,
    so no query text ever reaches a file name)."""
    sets = sorted({entry["query"]["set"] for entry in files if "set" in entry["query"]})
    lines = ["map $arg_set $geoapp_set_suffix {", '    default "";']
    lines += [f"    {key} .set-{key};" for key in sets]
    return "\n".join([*lines, "}"])


def nginx_config(
    root: Path,
    listen: str,
    runtime_dir: Path,
    app: str | None = None,
    user: str | None = None,
) -> str:
    """Return a complete nginx.conf serving the export in ``root`` on ``listen``.

    ``runtime_dir`` holds the pid file, logs and temporary files (so an unprivileged user
    can run it). ``app`` ("127.0.0.1:8000") adds the production layout: the app answers
    only what has no file or needs its query. ``user``: the workers' user when nginx starts
    as root (by default nginx's own, which must be able to read ``root``).
    """
    files = read_manifest(root)["files"]
    maps, names = header_maps(files)
    types = "\n".join(
        f"        {nginx_string(t)} {ext};" for ext, t in sorted(media_types(files).items())
    )
    add_headers = "\n".join(
        f"        add_header {name} {header_variable(name)} always;" for name in names
    )
    fallback = "@app" if app else "=404"
    template = NGINX_TEMPLATE
    upstream, app_locations = "", ""
    if app:
        upstream = APP_UPSTREAM.replace("{app}", app)
        app_locations = APP_LOCATIONS.replace("{add_headers}", add_headers)
    if user:
        template = f"user {user};\n" + template
    return (
        template.replace("{runtime}", str(runtime_dir))
        .replace("{root}", str(root.resolve()))
        .replace("{listen}", listen)
        .replace("{types}", types)
        .replace("{text_types}", TEXT_TYPES)
        .replace("{maps}", maps)
        .replace("{set_variants}", set_variants(files))
        .replace("{add_headers}", add_headers)
        .replace("{fallback}", fallback)
        .replace("{upstream}", upstream)
        .replace("{app_locations}", app_locations)
    )


#: The whole nginx.conf; {…} are filled in by nginx_config. Slow or idle clients cost nginx
#: a few kilobytes each and never reach the app: it gets only complete requests.
NGINX_TEMPLATE = """worker_processes auto;
worker_rlimit_nofile 8192;
pid {runtime}/nginx.pid;
error_log {runtime}/error.log warn;

events {
    worker_connections 4096;
}

http {
    types {
{types}
    }
    default_type application/octet-stream;
    charset utf-8;
    charset_types {text_types};
    access_log off;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 30s;
    keepalive_requests 10000;
    client_header_timeout 10s;
    client_body_timeout 10s;
    send_timeout 15s;
    client_max_body_size 64k;
    client_body_temp_path {runtime}/body;
    proxy_temp_path {runtime}/proxy;
    fastcgi_temp_path {runtime}/fastcgi;
    uwsgi_temp_path {runtime}/uwsgi;
    scgi_temp_path {runtime}/scgi;
    # Every text file has a .gz beside it (and a .br, which nginx-light cannot serve).
    gzip_static on;
    gzip_vary on;
    etag on;
    map_hash_bucket_size 256;
    map_hash_max_size 65536;

{maps}

{set_variants}

# The HTML twin of an OGC API document: asked for with ?f=html, or by a browser.
map "$arg_f:$http_accept" $geoapp_html_first {
    "~^html:" index.html;
    "~^json:" -;
    "~^:.*text/html" index.html;
    default -;
}

{upstream}

server {
    listen {listen};
    server_name _;
    root {root};
    error_page 404 /404.html;

    location = / {
        try_files /index.html {fallback};
{add_headers}
    }
    location / {
        try_files $uri $uri/$geoapp_html_first $uri/index.json $uri/index.geojson
                  $uri/index.openapi $uri/index.schema $uri/index$geoapp_set_suffix.html
                  $uri/index.html {fallback};
{add_headers}
    }
    # The export's manifest and the other hosts' files are not part of the site.
    location ~ ^/_ {
        return 404;
    }
{app_locations}
}
}
"""

APP_UPSTREAM = """upstream geoapp {
    server {app};
    keepalive 32;
}
# Requests a file cannot answer: the items API with a query (limit, offset, bbox), oEmbed.
map $args $geoapp_query_is_format {
    "" 1;
    "f=html" 1;
    "f=json" 1;
    default 0;
}"""

APP_LOCATIONS = """
    location ~ ^/ogc/collections/[^/]+/items$ {
        error_page 418 = @app;
        if ($geoapp_query_is_format = 0) { return 418; }
        try_files $uri/$geoapp_html_first $uri/index.geojson @app;
{add_headers}
    }
    location = /oembed {
        error_page 418 = @app;
        if ($args) { return 418; }
        try_files /oembed/index.json @app;
{add_headers}
    }
    location @app {
        proxy_pass http://geoapp;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_connect_timeout 5s;
        proxy_read_timeout 30s;
    }"""


def headers_file(files: list[dict]) -> str:
    """Return a ``_headers`` file (Netlify, Cloudflare Pages): each file's headers, by its
    path and, where one file answers a URL, by the URL too."""
    url_files: dict[str, list[dict]] = {}
    for entry in files:
        url_files.setdefault(entry["path"], []).append(entry)
    blocks = []
    for entry in files:
        headers = {"Content-Type": entry["content_type"], **entry["headers"]}
        paths = ["/" + entry["file"]]
        if len(url_files[entry["path"]]) == 1 and entry["path"] != paths[0]:
            paths.append(entry["path"])
        for path in paths:
            blocks.append("\n".join([path, *(f"  {k}: {v}" for k, v in headers.items())]))
    return "\n".join(blocks) + "\n"


def redirects_file(files: list[dict]) -> str:
    """Return a ``_redirects`` file: each URL rewritten (200, forced) to the file answering
    it; query variants (?set=, ?f=html) first, as the first matching rule wins."""
    variants: list[str] = []
    plain: list[str] = []
    for entry in files:
        if entry["path"] == "/" + entry["file"]:
            continue
        query = " ".join(f"{k}={v}" for k, v in entry["query"].items() if k != "limit")
        line = f"{entry['path']} {query + ' ' if query else ''}/{entry['file']} 200!"
        (variants if query else plain).append(line)
    return "\n".join([*variants, *plain]) + "\n"


def write_host_files(root: Path, entries) -> list[Path]:
    """Write ``_headers`` and ``_redirects`` into the export; returns them."""
    from dataclasses import asdict

    files = [asdict(entry) for entry in entries]
    written = []
    for name, text in (("_headers", headers_file(files)), ("_redirects", redirects_file(files))):
        target = root / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
