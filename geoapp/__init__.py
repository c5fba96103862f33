"""Industrial Strategy Map: the December 2018 local summaries on a clickable map.

Nothing heavy is imported here: `geoapp serve --export` answers from an export before
Flask, GeoPandas and the data are loaded (geoapp/export_server.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from geoapp.reload import ReloadResult


def create_app(test_config: dict | None = None) -> Flask:
    """Return the app: settings from defaults, environment, then ``test_config``.

    Loads and prepares all data once, here. Raises DataError listing every problem if it
    is broken, so a server never starts on half-loaded data.
    """
    from flask import Flask

    from geoapp.checks import build_checked_site
    from geoapp.config import PROJECT_ROOT, load_settings
    from geoapp.reload import SiteHolder

    settings = load_settings(test_config)
    holder = SiteHolder(build_checked_site(settings))
    app = Flask(__name__, template_folder=str(PROJECT_ROOT / "templates"), static_folder=None)
    app.extensions["geoapp"] = holder
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from geoapp.views import BLUEPRINT_MODULES, compression, errors, headers, hosts, limits, pages
    from geoapp.views.prepared import PreparedAnswers

    hosts.register(app, settings)
    limits.register(app)
    for module in BLUEPRINT_MODULES:
        app.register_blueprint(module.blueprint)
    errors.register(app)
    headers.register(app)
    compression.register(app)
    pages.register_template_helpers(app)
    # Outermost: downloads and assets replayed from Flask's first answer (views/prepared.py).
    app.wsgi_app = PreparedAnswers(app.wsgi_app, holder)
    return app


def reload_data(app: Flask) -> ReloadResult:
    """Rebuild the app's data from its inputs and swap it in only if all of it is good.

    What SIGHUP does to ``geoapp serve``; see geoapp/reload.py.
    """
    return app.extensions["geoapp"].reload()
