"""Industrial Strategy Map: the December 2018 local summaries on a clickable map."""

from __future__ import annotations

from flask import Flask

from geoapp.config import PROJECT_ROOT, load_settings
from geoapp.site import build_site


def create_app(test_config: dict | None = None) -> Flask:
    """Return the app: settings from defaults, environment, then ``test_config``.

    Loads and prepares all data once, here. Raises DataError if it is broken, so a
    server never starts on half-loaded data.
    """
    settings = load_settings(test_config)
    site = build_site(settings)
    app = Flask(__name__, template_folder=str(PROJECT_ROOT / "templates"), static_folder=None)
    app.extensions["geoapp"] = site
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from geoapp.views import BLUEPRINT_MODULES, compression, errors, headers, pages

    for module in BLUEPRINT_MODULES:
        app.register_blueprint(module.blueprint)
    errors.register(app)
    headers.register(app)
    compression.register(app)
    pages.register_template_helpers(app)
    return app
