"""Record the OGC API's answers on the real data, or compare them with a recording.

    python bench/answers.py record /tmp/ogc-before   # before a change
    python bench/answers.py compare /tmp/ogc-before  # after it: byte for byte, or a diff

Each answer (status, the headers a client acts on, the body and its gunzipped copy) is
fetched through the app's test client, as plain and as gzip. ``timeStamp`` values (and
the ETags of answers that carry one) are masked: that one field may move by design.
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

#: Paths under /ogc and the Accept header to send (None: none). Covers paging, bbox,
#: both formats, both collections, single items and every other document.
QUERIES = [
    (f"/ogc/collections/{collection}/items{query}", accept)
    for collection in ("areas", "leps2021")
    for query in (
        "",
        "?limit=1",
        "?limit=7",
        "?limit=10",
        "?limit=41",
        "?limit=38",
        "?limit=10000",
        "?limit=7&offset=7",
        "?limit=7&offset=35",
        "?limit=10&offset=30",
        "?offset=40",
        "?offset=41",
        "?offset=1000",
        "?bbox=-0.5,51.6,0.2,52.1",
        "?bbox=-0.50,51.60,0.2,52.1&limit=2",
        "?bbox=-0.5,51.6,0.2,52.1&limit=2&offset=2",
        "?bbox=-0.75,51.6,0,0.2,52.09,100",
        "?bbox=170,50,-179,51",
        "?limit=41&f=json",
        "?limit=41&unknown=1",
        "?f=html",
        "?limit=41&f=html",
        "?limit=2&offset=4&bbox=-0.5,51.6,0.2,52.1&f=html",
    )
    for accept in (None,)
] + [
    (path, accept)
    for path in (
        "/ogc",
        "/ogc/conformance",
        "/ogc/collections",
        "/ogc/collections/areas",
        "/ogc/collections/leps2021",
        "/ogc/collections/areas/items",
        "/ogc/collections/areas/items/E37000017",
        "/ogc/collections/leps2021/items/E37000048",
        "/ogc/collections/areas/schema",
        "/ogc/collections/leps2021/schema",
        "/ogc/openapi",
    )
    for accept in (None, "text/html")
]
HEADERS = ("Content-Type", "Content-Encoding", "Cache-Control", "Vary", "ETag")
TIMESTAMP = re.compile(rb'"timeStamp":"[^"]*"')


def answer(client, path: str, accept: str | None, gzip_ok: bool) -> dict:
    """Return what the app answers: status, chosen headers, the body and its decoded bytes."""
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    if accept:
        headers["Accept"] = accept
    response = client.get(path, headers=headers)
    body = response.get_data()
    decoded = gzip.decompress(body) if response.headers.get("Content-Encoding") else body
    stamped = TIMESTAMP.search(decoded) is not None
    kept = {name: response.headers.get(name) for name in HEADERS}
    if stamped and kept["ETag"]:
        kept["ETag"] = "(masked: the body carries a timeStamp)"
    return {"status": response.status_code, "headers": kept, "body": decoded, "stamped": stamped}


def masked(body: bytes) -> bytes:
    return TIMESTAMP.sub(b'"timeStamp":"(masked)"', body)


def answers():
    """Yield (name, record) for every query, plain and gzip."""
    client = create_app({"tiles_url": "none"}).test_client()
    for number, (path, accept) in enumerate(QUERIES):
        for gzip_ok in (False, True):
            got = answer(client, path, accept, gzip_ok)
            name = f"{number:03d}{'-gzip' if gzip_ok else ''}"
            yield name, {"path": path, "accept": accept, "gzip": gzip_ok, **got}


def record(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    index = {}
    for name, got in answers():
        body = masked(got.pop("body"))
        (folder / f"{name}.body").write_bytes(body)
        index[name] = {**got, "sha256": hashlib.sha256(body).hexdigest(), "bytes": len(body)}
    (folder / "index.json").write_text(json.dumps(index, indent=1))
    print(f"recorded {len(index)} answers in {folder}")


def compare(folder: Path) -> int:
    index = json.loads((folder / "index.json").read_text())
    differences = 0
    for name, got in answers():
        body = masked(got.pop("body"))
        before = index[name]
        now = {**got, "sha256": hashlib.sha256(body).hexdigest(), "bytes": len(body)}
        if now != before:
            differences += 1
            changed = {k: (before.get(k), now[k]) for k in now if before.get(k) != now[k]}
            print(f"{name} {got['path']} accept={got['accept']} gzip={got['gzip']}: {changed}")
    print(f"{len(index) - differences} of {len(index)} answers unchanged")
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
