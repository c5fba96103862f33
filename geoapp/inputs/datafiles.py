"""The files of ``data/``, each read from disk once per build.

The figures and statistics loaders parse these bytes, and the data version hashes the same
bytes, so a file changed halfway through a build cannot give figures of one version under
the name of another. A reload makes a new DataFiles, and so reads everything again.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from pathlib import Path


class DataFiles:
    """The bytes of the data folder's files by path, read on first use."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._read: dict[Path, bytes | OSError] = {}

    def read_bytes(self, path: Path) -> bytes:
        """Return the file's bytes. Raises OSError as Path.read_bytes does, every time."""
        if path not in self._read:
            try:
                self._read[path] = path.read_bytes()
            except OSError as error:
                self._read[path] = error
        found = self._read[path]
        if isinstance(found, OSError):
            raise found
        return found

    def read_text(self, path: Path) -> str:
        """Return the file as text, newlines translated as Path.read_text does. Raises
        OSError or UnicodeDecodeError."""
        return io.TextIOWrapper(io.BytesIO(self.read_bytes(path)), encoding="utf-8").read()

    def table_text(self, path: Path) -> io.StringIO:
        """Return the file as a text stream for the csv module (newlines left to it).
        Raises OSError or UnicodeDecodeError."""
        return io.StringIO(self.read_bytes(path).decode("utf-8"), newline="")

    def version(self, boundary_checksums: Iterable[str]) -> str:
        """Return a short hash of the inputs: the boundary checksums, then every TOML and
        CSV file of the folder (name and bytes), in name order."""
        digest = hashlib.sha256()
        for checksum in boundary_checksums:
            digest.update(checksum.encode())
        names = sorted([*self.folder.rglob("*.toml"), *self.folder.rglob("*.csv")])
        for path in names:
            digest.update(path.relative_to(self.folder).as_posix().encode())
            digest.update(self.read_bytes(path))
        return digest.hexdigest()[:16]
