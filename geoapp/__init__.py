"""Industrial Strategy Map: the December 2018 local summaries on a clickable map.

The packages follow the data: ``inputs`` (files → validated values) → ``geometry``
(shapes) → ``model`` (the record and the sets of areas) → ``outputs`` (map, GeoJSON, CSV,
OGC API, embeds, pages) → ``site`` (all of it built once) → ``web`` (Flask, the servers).

Nothing heavy is imported here: `geoapp serve --export` answers from an export before
Flask, GeoPandas and the data are loaded (geoapp/web/export_server.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from geoapp.site.reload import ReloadResult


def create_app(test_config: dict | None = None) -> Flask:
    """Return the app (geoapp/web/app.py); imported on first call so that importing
    geoapp stays cheap."""
    from geoapp.web.app import create_app as create

    return create(test_config)


def reload_data(app: Flask) -> ReloadResult:
    """Rebuild the app's data and swap it in only if all of it is good (web/app.py)."""
    from geoapp.web.app import reload_data as reload

    return reload(app)
