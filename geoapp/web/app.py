"""The Flask app: settings, the site built once, blueprints and response concerns."""

from __future__ import annotations

from flask import Flask

from geoapp.config import PROJECT_ROOT, load_settings
from geoapp.site.checks import build_checked_site
from geoapp.site.reload import ReloadResult, SiteHolder
from geoapp.web import compression, errors, headers, hosts, oversized, routes
from geoapp.web.prepared import PreparedAnswers
from geoapp.web.views import BLUEPRINT_MODULES, pages


def create_app(test_config: dict | None = None) -> Flask:
    """Return the app: settings from defaults, environment, then ``test_config``.

    Loads and prepares all data once, here. Raises DataError listing every problem if it
    is broken, so a server never starts on half-loaded data.
    """
    settings = load_settings(test_config)
    holder = SiteHolder(build_checked_site(settings))
    app = Flask(__name__, template_folder=str(PROJECT_ROOT / "templates"), static_folder=None)
    app.extensions["geoapp"] = holder
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    hosts.register(app, settings)
    oversized.register(app)
    for module in BLUEPRINT_MODULES:
        app.register_blueprint(module.blueprint)
    check_route_families(app)
    errors.register(app)
    # after_request hooks run in reverse: CORS, then ETag and gzip, then security headers.
    headers.register(app)
    compression.register(app)
    headers.register_cors(app)
    pages.register_template_helpers(app)
    # Outermost: downloads and assets replayed from Flask's first answer (web/prepared.py).
    # (Flask's documented way to add WSGI middleware; its types call wsgi_app a method.)
    app.wsgi_app = PreparedAnswers(app.wsgi_app, holder)  # type: ignore[method-assign]
    return app


def check_route_families(app: Flask) -> None:
    """Raise ValueError naming every route without a family in geoapp/web/routes.py: its
    CORS, caching, framing and errors would be undecided."""
    missing = routes.missing_families(rule.endpoint for rule in app.url_map.iter_rules())
    if missing:
        raise ValueError(f"routes without a family in geoapp/web/routes.py: {', '.join(missing)}")


def reload_data(app: Flask) -> ReloadResult:
    """Rebuild the app's data from its inputs and swap it in only if all of it is good.

    What SIGHUP does to ``geoapp serve``; see geoapp/site/reload.py.
    """
    return app.extensions["geoapp"].reload()
