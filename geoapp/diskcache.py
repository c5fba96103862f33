"""Results that are slow to compute, kept as files keyed by everything they depend on.

A cache file is only ever an accelerator: a missing, unreadable or read-only cache costs
the next start-up some time and nothing else. Files are written atomically, so a server
starting while another writes never reads half a file.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path

import shapely

log = logging.getLogger(__name__)


def cache_key(*parts: object) -> str:
    """Return a short hash of the parts (checksums, settings, rule versions)."""
    return hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()[:16]


def cached_text(folder: Path | None, name: str, key: str, build: Callable[[], str]) -> str:
    """Return the text cached as ``name-key`` in ``folder``, building and saving it if absent.

    With no folder, just build it.
    """
    if folder is None:
        return build()
    path = folder / f"{name}-{key}"
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    text = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        log.warning("cannot cache %s in %s: %s", name, folder, error)
    return text


def shapes_digest(shapes: dict) -> str:
    """Return a short hash of {code: shape}: what a geometric result depends on."""
    digest = hashlib.sha256()
    for code in sorted(shapes):
        digest.update(code.encode())
        digest.update(shapely.to_wkb(shapes[code]))
    return digest.hexdigest()[:16]
