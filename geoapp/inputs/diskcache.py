"""Results that are slow to compute, kept as files keyed by everything they depend on.

A cache file is only ever an accelerator: a missing, unreadable, read-only or damaged
cache costs the next start-up some time and nothing else. Each file starts with a line
holding the SHA-256 of the rest; a file whose bytes do not match it (truncated, overwritten,
half-copied) is rebuilt with a warning, never used. Files are written atomically, so a
server starting while another writes never reads half a file.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import shapely

log = logging.getLogger(__name__)

#: The first line of every cache file, before the hex SHA-256 of what follows it.
HEADER = b"geoapp-cache sha256="


def cache_key(*parts: object) -> str:
    """Return a short hash of the parts (checksums, settings, rule versions)."""
    return hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()[:16]


def sealed(text: str) -> bytes:
    """Return ``text`` as the bytes of a cache file: the checksum line, then the text."""
    body = text.encode("utf-8")
    return HEADER + hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def unsealed(data: bytes) -> str | None:
    """Return the text of a cache file's bytes, or None if its checksum does not match."""
    line, _, body = data.partition(b"\n")
    if (
        not line.startswith(HEADER)
        or line[len(HEADER) :] != hashlib.sha256(body).hexdigest().encode()
    ):
        return None
    return body.decode("utf-8")


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so no reader sees half of it."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def cached_text(folder: Path | None, name: str, key: str, build: Callable[[], str]) -> str:
    """Return the text cached as ``name-key`` in ``folder``, building and saving it if absent
    or damaged (see the module docstring). With no folder, just build it."""
    if folder is None:
        return build()
    path = folder / f"{name}-{key}"
    try:
        text = unsealed(path.read_bytes())
    except (OSError, UnicodeDecodeError):
        text = None
    else:
        if text is not None:
            return text
        log.warning("cache file %s is damaged (checksum mismatch): rebuilding it", path)
    text = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(path, sealed(text))
    except OSError as error:
        log.warning("cannot cache %s in %s: %s", name, folder, error)
    return text


def shapes_digest(shapes: Mapping[str, shapely.Geometry]) -> str:
    """Return a short hash of {code: shape}: what a geometric result depends on."""
    digest = hashlib.sha256()
    for code in sorted(shapes):
        digest.update(code.encode())
        digest.update(shapely.to_wkb(shapes[code]))
    return digest.hexdigest()[:16]
