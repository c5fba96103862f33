"""Record every route's response headers on the real data, or compare them with a recording.

    python bench/route_headers.py record /tmp/headers-before   # before a change
    python bench/route_headers.py compare /tmp/headers-before  # after it: the same, or a diff

Each request of ``requests()`` (every route of the README's table, their errors, 405, 413,
414, a bad Host, OPTIONS, HEAD, conditional and range requests) is sent through the app's
test client twice, plain and with ``Accept-Encoding: gzip``, and its status, every header
but ``Date`` (in order) and a hash of its body are kept. ``timeStamp`` values in a body (and
the ETag of such a body) are masked: that one field may move by design (bench/answers.py).
Recordings hold geodata derived from ../shared, so keep them outside the repository.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from pathlib import Path

from geoapp import create_app

HERTS = "E37000017"
LEP_2021 = "E37000048"
POINT = "lat=51.8&lon=-0.2"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
TIMESTAMP = re.compile(rb'"timeStamp":"[^"]*"')
#: (method, path with query, extra request headers); "{asset}" expands to every asset.
REQUESTS: list[tuple[str, str, dict]] = [
    # Pages
    ("GET", "/", {}),
    ("GET", "/?set=leps2021", {}),
    ("GET", "/?measure=employment_rate_2017", {}),
    ("GET", f"/?area={HERTS}", {}),
    ("GET", f"/?{POINT}", {}),
    ("GET", "/areas", {}),
    ("GET", f"/areas/{HERTS}", {}),
    ("GET", "/areas/hertfordshire", {}),
    ("GET", "/areas/e37000017", {}),
    ("GET", f"/areas/{HERTS}/", {}),
    ("GET", "/areas/no-such-area", {}),
    ("GET", "/search", {}),
    ("GET", "/search?q=hertford", {}),
    ("GET", "/search?q=SG1%202AA", {}),
    ("GET", "/search?q=" + "x" * 101, {}),
    # Embed and oEmbed
    ("GET", "/embed", {}),
    ("GET", "/embed/", {}),
    ("GET", f"/embed?area={HERTS}&legend=0", {}),
    ("GET", "/oembed?url=http://localhost/&format=json", {}),
    ("GET", f"/oembed?url=http://localhost/areas/{HERTS}&maxwidth=320", {}),
    ("GET", "/oembed?url=http://localhost/embed&maxwidth=abc", {}),
    ("GET", "/oembed?url=http://localhost/&format=xml", {}),
    ("GET", "/oembed", {}),
    ("GET", "/oembed?url=https://other.example.org/", {}),
    ("GET", "/oembedx", {}),
    # Panels
    ("GET", f"/panel/at?{POINT}", {}),
    ("GET", f"/panel/at?{POINT}&set=leps2021", {}),
    ("GET", "/panel/at?lat=x&lon=0", {}),
    ("GET", f"/panel/at?{POINT}&set=nope", {}),
    ("GET", f"/panel/{HERTS}", {}),
    ("GET", f"/panel/{LEP_2021}?set=leps2021", {}),
    ("GET", "/panel/NOPE", {}),
    ("GET", "/panel/at/x/y", {}),
    # JSON API
    ("GET", f"/api/areas/at?{POINT}", {}),
    ("GET", "/api/areas/at?lat=999&lon=0", {}),
    ("GET", "/api/areas/at", {}),
    ("GET", "/api/search?q=hertford", {}),
    ("GET", "/api/search?q=SG1%202AA&limit=3", {}),
    ("GET", "/api/search", {}),
    ("GET", "/api/search?q=x&limit=99", {}),
    ("GET", "/api/postcodes/SG1%202AA", {}),
    ("GET", "/api/postcodes/BT1%201AA", {}),
    ("GET", "/api/postcodes/nope", {}),
    ("GET", "/api/postcodes/ZZ9%209ZZ", {}),
    ("GET", "/api/nope", {}),
    # Downloads
    ("GET", "/downloads/areas.geojson", {}),
    ("GET", "/downloads/areas.geojson?x=1", {}),
    ("GET", f"/downloads/areas/{HERTS}.geojson", {}),
    ("GET", "/downloads/areas/NOPE.geojson", {}),
    ("GET", "/downloads/areas.csv", {}),
    ("GET", "/downloads/investments.csv", {}),
    ("GET", "/downloads/areas.gpkg", {}),
    ("GET", "/downloads/areas.gpkg", {"Range": "bytes=0-99"}),
    ("GET", "/downloads/areas.gpkg", {"Range": "bytes=99999999-"}),
    ("GET", "/downloads/areas.shp.zip", {}),
    ("GET", "/downloads/leps2021.geojson", {}),
    ("GET", f"/downloads/leps2021/{LEP_2021}.geojson", {}),
    ("GET", f"/downloads/leps2021/{HERTS}.geojson", {}),
    ("GET", "/downloads/leps2021.csv", {}),
    ("GET", "/downloads/leps2021.gpkg", {}),
    ("GET", "/downloads/leps2021.shp.zip", {}),
    ("GET", "/downloads/nope", {}),
    # Pictures
    ("GET", "/images/map.svg", {}),
    ("GET", "/images/map.png?size=card", {}),
    ("GET", "/images/map.svg?set=leps2021&measure=employment_rate_2017", {}),
    ("GET", f"/images/areas/{HERTS}.svg", {}),
    ("GET", f"/images/leps2021/{LEP_2021}.svg", {}),
    ("GET", "/images/map.png?size=bad", {}),
    ("GET", "/images/map.gif", {}),
    ("GET", "/images/map.svg?set=nope", {}),
    ("GET", "/images/areas/NOPE.png", {}),
    ("GET", "/images/nope", {}),
    # OGC API
    ("GET", "/ogc", {}),
    ("GET", "/ogc/", {}),
    ("GET", "/ogc?f=html", {}),
    ("GET", "/ogc", {"Accept": BROWSER}),
    ("GET", "/ogc?f=xml", {}),
    ("GET", "/ogc?f=xml", {"Accept": BROWSER}),
    ("GET", "/ogc/conformance", {}),
    ("GET", "/ogc/collections", {}),
    ("GET", "/ogc/collections?f=html", {}),
    ("GET", "/ogc/collections/areas", {}),
    ("GET", "/ogc/collections/leps2021?f=html", {}),
    ("GET", "/ogc/collections/nope", {}),
    ("GET", "/ogc/collections/nope", {"Accept": BROWSER}),
    ("GET", "/ogc/collections/areas/items", {}),
    ("GET", "/ogc/collections/areas/items?limit=41&f=html", {}),
    ("GET", "/ogc/collections/areas/items?limit=0", {}),
    ("GET", "/ogc/collections/areas/items?limit=0&f=html", {}),
    ("GET", "/ogc/collections/areas/items?bbox=1,2", {}),
    ("GET", f"/ogc/collections/areas/items/{HERTS}", {}),
    ("GET", f"/ogc/collections/areas/items/{HERTS}?f=html", {}),
    ("GET", "/ogc/collections/areas/items/NOPE", {}),
    ("GET", "/ogc/collections/areas/schema", {}),
    ("GET", "/ogc/collections/leps2021/queryables", {}),
    ("GET", "/ogc/openapi", {}),
    ("GET", "/ogc/openapi?f=html", {}),
    ("GET", "/ogc/nope", {}),
    ("GET", "/ogc/nope", {"Accept": BROWSER}),
    ("GET", "/ogc/nope?f=html", {}),
    ("GET", "/ogcx", {}),
    # Assets
    ("GET", "{asset}", {}),
    ("GET", "/assets/nope.css", {}),
    ("GET", "/assets/a/b", {}),
    # Errors of every kind
    ("GET", "/nope", {}),
    ("GET", "/nope", {"Accept": "application/json"}),
    ("POST", "/", {}),
    ("POST", "/embed", {}),
    ("POST", "/api/areas/at", {}),
    ("POST", "/ogc", {}),
    ("POST", "/ogc", {"Accept": BROWSER}),
    ("POST", "/downloads/areas.geojson", {}),
    ("POST", "/panel/at", {}),
    ("DELETE", "/assets/nope.css", {}),
    ("GET", "/" + "x" * 1100, {}),
    ("GET", "/api/" + "x" * 1100, {}),
    ("GET", "/ogc/" + "x" * 1100, {"Accept": BROWSER}),
    ("GET", "/api/search?q=" + "x" * 5000, {}),
    ("GET", "/ogc/collections?f=html&q=" + "x" * 5000, {}),
    ("GET", "/downloads/areas.csv?q=" + "x" * 5000, {}),
    ("GET", "/panel/at?q=" + "x" * 5000, {}),
    ("GET", "/embed?q=" + "x" * 5000, {}),
    ("GET", "/", {"Host": "evil.example.org"}),
    ("GET", "/embed", {"Host": "evil.example.org"}),
    ("GET", f"/api/areas/at?{POINT}", {"Host": "evil.example.org"}),
    ("GET", "/downloads/areas.csv", {"Host": "evil.example.org"}),
    ("GET", "/ogc", {"Host": "evil.example.org", "Accept": BROWSER}),
    ("GET", "/api/search?q=x", {"Content-Length": "100000"}),
    # Other methods
    ("HEAD", "/", {}),
    ("HEAD", "/downloads/areas.geojson", {}),
    ("HEAD", "/ogc/collections", {}),
    ("OPTIONS", "/", {}),
    ("OPTIONS", "/embed", {}),
    ("OPTIONS", f"/api/areas/at?{POINT}", {}),
    ("OPTIONS", "/oembed", {}),
    ("OPTIONS", f"/panel/{HERTS}", {}),
    ("OPTIONS", "/downloads/areas.geojson", {}),
    ("OPTIONS", "/images/map.svg", {}),
    ("OPTIONS", "/ogc/collections", {}),
    ("OPTIONS", "{first_asset}", {}),
]
#: Requests sent again with the ETag of their first answer (If-None-Match: a 304).
CONDITIONAL = [
    "/",
    "/embed",
    "/areas",
    f"/panel/{HERTS}",
    f"/api/areas/at?{POINT}",
    "/oembed?url=http://localhost/&format=json",
    "/downloads/areas.geojson",
    "/images/map.svg",
    "/ogc/collections",
    "{first_asset}",
]


def expanded(site) -> list[tuple[str, str, dict]]:
    """Return REQUESTS with the asset placeholders replaced by the site's asset URLs."""
    assets = [f"/assets/{name}" for name in sorted(site.assets.versioned_names())]
    result = []
    for method, path, headers in REQUESTS:
        if path == "{asset}":
            result += [(method, asset, headers) for asset in assets]
        else:
            result.append((method, path.replace("{first_asset}", assets[0]), headers))
    for path in CONDITIONAL:
        result.append(("GET", path.replace("{first_asset}", assets[0]), {"If-None-Match": "?"}))
    return result


def kept_value(name: str, value: str, stamped: bool) -> str:
    """Return a header's value as recorded: ``Allow`` sorted (Werkzeug lists a set, so its
    order changes from one process to the next), the ETag of a stamped body masked."""
    if name == "Allow":
        return ", ".join(sorted(value.split(", ")))
    if name == "ETag" and stamped:
        return "(masked: the body carries a timeStamp)"
    return value


def answer(client, method: str, path: str, headers: dict, etags: dict) -> dict:
    """Return what the app answers: status, headers but Date, and the body's SHA-256."""
    headers = dict(headers)
    if headers.get("If-None-Match") == "?":
        headers["If-None-Match"] = etags.get((path, headers.get("Accept-Encoding")), '"none"')
    base, _, query = path.partition("?")
    data = b"x" * 100000 if "Content-Length" in headers else None
    response = client.open(base, method=method, query_string=query, headers=headers, data=data)
    body = response.get_data()
    decoded = gzip.decompress(body) if response.headers.get("Content-Encoding") == "gzip" else body
    stamped = TIMESTAMP.search(decoded) is not None
    kept = [
        [name, kept_value(name, value, stamped)]
        for name, value in response.headers.items()
        if name != "Date"
    ]
    if method == "GET" and response.status_code == 200 and "If-None-Match" not in headers:
        etags[(path, headers.get("Accept-Encoding"))] = response.headers.get("ETag", '"none"')
    body_hash = hashlib.sha256(TIMESTAMP.sub(b"", decoded) if stamped else body)
    return {"status": response.status_code, "headers": kept, "sha256": body_hash.hexdigest()}


def answers() -> dict[str, dict]:
    """Return every request's answer, plain and gzip, by a name saying what was asked."""
    app = create_app()
    client = app.test_client()
    etags: dict = {}
    found = {}
    for number, (method, path, headers) in enumerate(expanded(app.extensions["geoapp"].site)):
        for encoding in (None, "gzip"):
            sent = {**headers, **({"Accept-Encoding": encoding} if encoding else {})}
            name = f"{number:03d} {method} {path[:120]} {json.dumps(sent)}"
            found[name] = answer(client, method, path, sent, etags)
    return found


def record(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    found = answers()
    (folder / "headers.json").write_text(json.dumps(found, indent=1))
    print(f"recorded {len(found)} answers in {folder}")


def compare(folder: Path) -> int:
    before = json.loads((folder / "headers.json").read_text())
    now = answers()
    differences = 0
    for name in sorted(set(before) | set(now)):
        if before.get(name) != now.get(name):
            differences += 1
            print(f"{name}:\n  before {before.get(name)}\n  now    {now.get(name)}")
    print(f"{len(now) - differences} of {len(now)} answers unchanged (status, headers, body)")
    return 1 if differences else 0


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("action", choices=("record", "compare"))
    options.add_argument("folder", type=Path)
    args = options.parse_args()
    if args.action == "record":
        record(args.folder)
    else:
        sys.exit(compare(args.folder))


if __name__ == "__main__":
    main()
