"""Static assets under content-hashed URLs, compressed once at start-up."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".topojson": "application/json",
    ".json": "application/json",
}
COMPRESSIBLE = (".js", ".css", ".svg", ".topojson", ".json")


@dataclass(frozen=True)
class Asset:
    """One asset: its bytes, a gzipped copy when worth it, and its versioned file name."""

    name: str
    versioned_name: str
    body: bytes
    gzipped: bytes | None
    content_type: str

    @property
    def etag(self) -> str:
        return self.versioned_name


class AssetStore:
    """Assets by logical name ("app.js") and by versioned name ("app.3f2a9c1d.js")."""

    def __init__(self) -> None:
        self._by_name: dict[str, Asset] = {}
        self._by_versioned: dict[str, Asset] = {}

    def add(self, name: str, body: bytes) -> Asset:
        """Register ``body`` as ``name``; returns the asset with its versioned name."""
        stem, suffix = Path(name).stem, Path(name).suffix
        digest = hashlib.sha256(body).hexdigest()[:12]
        compressible = suffix in COMPRESSIBLE and len(body) > 512
        asset = Asset(
            name=name,
            versioned_name=f"{stem}.{digest}{suffix}",
            body=body,
            gzipped=gzip.compress(body, compresslevel=9, mtime=0) if compressible else None,
            content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
        )
        self._by_name[name] = asset
        self._by_versioned[asset.versioned_name] = asset
        return asset

    def add_file(self, path: Path, name: str | None = None) -> Asset:
        return self.add(name or path.name, path.read_bytes())

    def versioned_name(self, name: str) -> str:
        """Return the versioned file name of a registered asset. Raises KeyError."""
        return self._by_name[name].versioned_name

    def named(self, name: str) -> Asset:
        """Return a registered asset by its logical name. Raises KeyError."""
        return self._by_name[name]

    def versioned_names(self) -> list[str]:
        """Return the versioned name of every asset, sorted."""
        return sorted(self._by_versioned)

    def find(self, versioned_name: str) -> Asset | None:
        return self._by_versioned.get(versioned_name)
