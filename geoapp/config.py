"""Settings and the environment variables that set them. No I/O happens here."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

#: The repository root: the project's own folders (data/, boundaries/, templates/) live here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

OSM_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)


@dataclass(frozen=True)
class Settings:
    """Everything the app can be configured with; each field has an environment variable."""

    #: Folder holding the ONS boundary files named in boundaries/manifest.toml.
    boundaries_dir: Path = PROJECT_ROOT.parent / "shared" / "boundaries"
    #: The manifest naming the boundary files, their checksums and attribution.
    boundaries_manifest: Path = PROJECT_ROOT / "boundaries" / "manifest.toml"
    #: Folder of figures: areas.toml, summaries/*.toml and the data dictionary.
    data_dir: Path = PROJECT_ROOT / "data"
    #: Folder of postcode CSVs (Postcode,lat,long); postcode search is off when absent.
    postcodes_dir: Path = PROJECT_ROOT.parent / "shared" / "postcodes"
    #: Folder for files built from the inputs (postcode index, district shares); disposable.
    cache_dir: Path = PROJECT_ROOT / "cache"
    #: Basemap tile URL template, or "none" for a boundaries-only map.
    tiles_url: str = OSM_TILES_URL
    #: Attribution (HTML) shown for the basemap tiles.
    tiles_attribution: str = OSM_ATTRIBUTION
    #: The site's public address (e.g. https://map.example.org/): every absolute URL
    #: (API links, redirects, embed snippets, oEmbed) uses it, whatever Host a request
    #: names. Empty means "the host the request came to", if allowed_hosts has it.
    public_base_url: str = ""
    #: Hosts the app answers when public_base_url is empty, comma-separated; any other
    #: Host gets 400. A leading dot allows subdomains (".example.org").
    allowed_hosts: str = "localhost,127.0.0.1"

    @property
    def has_tiles(self) -> bool:
        """True when a basemap is configured."""
        return self.tiles_url.strip().lower() not in ("", "none")


#: Environment variable → settings field.
ENVIRONMENT = {
    "GEOAPP_BOUNDARIES_DIR": "boundaries_dir",
    "GEOAPP_BOUNDARIES_MANIFEST": "boundaries_manifest",
    "GEOAPP_DATA_DIR": "data_dir",
    "GEOAPP_POSTCODES_DIR": "postcodes_dir",
    "GEOAPP_CACHE_DIR": "cache_dir",
    "GEOAPP_TILES_URL": "tiles_url",
    "GEOAPP_TILES_ATTRIBUTION": "tiles_attribution",
    "GEOAPP_PUBLIC_BASE_URL": "public_base_url",
    "GEOAPP_ALLOWED_HOSTS": "allowed_hosts",
}


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Return the defaults, overridden by the environment, then by ``overrides``.

    Raises ValueError for an override that names no setting.
    """
    variables = os.environ if environ is None else environ
    types = {f.name: f.type for f in fields(Settings)}
    # Each field has its own type (paths, text): checked by the dataclass, not here.
    values: dict[str, Any] = {}
    for variable, name in ENVIRONMENT.items():
        if variables.get(variable):
            values[name] = variables[variable]
    for name, value in (overrides or {}).items():
        if name not in types:
            raise ValueError(f"unknown setting {name!r}; known: {', '.join(sorted(types))}")
        values[name] = value
    paths = {f.name for f in fields(Settings) if f.type == "Path"}
    values = {k: Path(v) if k in paths else v for k, v in values.items()}
    return replace(Settings(), **values)
