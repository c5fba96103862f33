"""Route families: one table deciding, for each kind of route, who may read its answers
from another site (CORS), how long caches keep them, who may frame them and what its
errors look like. No Flask: the app applies it per request (headers.py, errors.py,
http.py), the export per file (export.py, and from its manifest hosting.py).

A family is found by the request's endpoint. A request that no route matched (a 404 or
405 from routing) is found by its path, and gets that family's error format only: CORS on
its JSON errors, never a frame or anything else of the family. README, "Route families",
lists the table; tests/unit/test_routes.py keeps the two and the app's routes in step.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace

#: Answers that change only with the data: their ETag catches a new version after that.
SHORT_CACHE = "public, max-age=300"
#: Content-hashed URLs: a new version has a new address.
IMMUTABLE = "public, max-age=31536000, immutable"
#: CSP frame-ancestors: who may put a response in a frame.
OWN_SITE = "'self'"
ANY_SITE = "*"
CORS_HEADER = "Access-Control-Allow-Origin"
ANY_ORIGIN = "*"


class Cors(enum.Enum):
    """Which responses of a family any site may read (``Access-Control-Allow-Origin: *``):
    read-only public data without credentials."""

    NONE = "none"
    #: Only its JSON errors: what a request no route matched gets under a CORS family.
    JSON_ERRORS = "JSON errors"
    #: Its answers (GET and HEAD below 400, so 304 too) and its JSON errors; not Flask's
    #: automatic OPTIONS answers, nor its HTML error pages.
    ANSWERS = "answers"
    #: Every response of its routes: answers, errors of any format, OPTIONS.
    ALL = "all"


class ErrorFormat(enum.Enum):
    """What a refused request of a family gets (geoapp/web/errors.py)."""

    #: The site's error page (templates/error.html).
    PAGE = "page"
    #: A fragment for the map's panel (templates/_panel_error.html).
    PANEL = "panel"
    #: JSON: status, error, message, and OGC's code and description.
    JSON = "JSON"
    #: JSON as above, or the error page when the request asks for HTML (Accept, ?f=html).
    OGC = "OGC"


@dataclass(frozen=True)
class RouteFamily:
    """One kind of route and how its responses are sent."""

    name: str
    #: Its endpoints: "blueprint.view", or "blueprint.*" for every view of a blueprint.
    endpoints: tuple[str, ...]
    #: Its paths, for requests no route matched and for exported files: "/x" is that path,
    #: "/x*" every path starting with "/x".
    paths: tuple[str, ...]
    cors: Cors
    #: Cache-Control the app sends with its prepared answers; None: none (ETag and 304).
    cache: str | None
    #: Cache-Control a static host sends with an exported copy (geoapp/web/export.py).
    static_cache: str
    #: Content-Security-Policy frame-ancestors.
    frame_ancestors: str
    errors: ErrorFormat

    def has_endpoint(self, endpoint: str) -> bool:
        blueprint = endpoint.split(".", 1)[0]
        return endpoint in self.endpoints or f"{blueprint}.*" in self.endpoints

    def has_path(self, path: str) -> bool:
        return path in self._exact_paths or path.startswith(self._path_prefixes)

    @functools.cached_property
    def _exact_paths(self) -> frozenset[str]:
        return frozenset(pattern for pattern in self.paths if not pattern.endswith("*"))

    @functools.cached_property
    def _path_prefixes(self) -> tuple[str, ...]:
        return tuple(pattern[:-1] for pattern in self.paths if pattern.endswith("*"))

    def unmatched(self) -> RouteFamily:
        """Return what a request under its paths that no route matched gets: its error
        format, CORS on its JSON errors only, never a frame."""
        cors = Cors.NONE if self.cors is Cors.NONE else Cors.JSON_ERRORS
        return replace(self, cors=cors, frame_ancestors=OWN_SITE)


PAGES = RouteFamily(
    name="pages",
    endpoints=("pages.map_page", "areas.*"),
    paths=("/", "/areas", "/areas/*", "/search"),
    cors=Cors.NONE,
    cache=None,
    static_cache=SHORT_CACHE,
    frame_ancestors=OWN_SITE,
    errors=ErrorFormat.PAGE,
)
EMBED = RouteFamily(
    name="embed",
    endpoints=("embed.embed_page",),
    paths=("/embed", "/embed/"),
    cors=Cors.NONE,
    cache=None,
    static_cache=SHORT_CACHE,
    frame_ancestors=ANY_SITE,
    errors=ErrorFormat.PAGE,
)
PANELS = RouteFamily(
    # CORS: maps embedded in sandboxed frames (an opaque origin) fetch them.
    name="panels",
    endpoints=("pages.panel_at", "pages.panel_for"),
    paths=("/panel/*",),
    cors=Cors.ANSWERS,
    cache=None,
    static_cache=SHORT_CACHE,
    frame_ancestors=OWN_SITE,
    errors=ErrorFormat.PANEL,
)
API = RouteFamily(
    name="api",
    endpoints=("api.*", "search_api.*", "embed.oembed_endpoint"),
    paths=("/api/*", "/oembed*"),
    cors=Cors.ANSWERS,
    cache=None,
    static_cache=SHORT_CACHE,
    frame_ancestors=OWN_SITE,
    errors=ErrorFormat.JSON,
)
FILES = RouteFamily(
    name="files",
    endpoints=("downloads.*", "pictures.*"),
    paths=("/downloads/*", "/images/*"),
    cors=Cors.ALL,
    cache=SHORT_CACHE,
    static_cache=SHORT_CACHE,
    frame_ancestors=OWN_SITE,
    errors=ErrorFormat.JSON,
)
OGC = RouteFamily(
    name="ogc",
    endpoints=("ogc.*",),
    paths=("/ogc", "/ogc/*"),
    cors=Cors.ALL,
    cache=SHORT_CACHE,
    static_cache=SHORT_CACHE,
    frame_ancestors=OWN_SITE,
    errors=ErrorFormat.OGC,
)
ASSETS = RouteFamily(
    # CORS: maps embedded in sandboxed frames fetch the boundaries.
    name="assets",
    endpoints=("assets.*",),
    paths=("/assets/*",),
    cors=Cors.ANSWERS,
    cache=IMMUTABLE,
    static_cache=IMMUTABLE,
    frame_ancestors=OWN_SITE,
    errors=ErrorFormat.PAGE,
)
STATIC_DATA = RouteFamily(
    # Only in an export (geoapp/site/static_data.py): what static-site.js reads instead of
    # the app's lookup and search. Not content-hashed (pages name them), so 5 minutes.
    name="static data",
    endpoints=(),
    paths=("/data/*",),
    cors=Cors.ALL,
    cache=None,
    static_cache=SHORT_CACHE,
    frame_ancestors=OWN_SITE,
    errors=ErrorFormat.PAGE,
)
#: Every family, in the README's order.
FAMILIES = (PAGES, EMBED, PANELS, API, FILES, OGC, ASSETS, STATIC_DATA)
#: The family of a path no family names (an unknown page).
DEFAULT = PAGES


@functools.cache
def family_of_endpoint(endpoint: str) -> RouteFamily:
    """Return the family of an endpoint. Raises LookupError for one no family names
    (create_app refuses to start with such a route: see ``missing_families``)."""
    for family in FAMILIES:
        if family.has_endpoint(endpoint):
            return family
    raise LookupError(f"route {endpoint!r} has no family in geoapp/web/routes.py")


def family_of_path(path: str) -> RouteFamily:
    """Return the family whose paths hold ``path`` (an exported file's URL), else DEFAULT."""
    return next((family for family in FAMILIES if family.has_path(path)), DEFAULT)


def family_of_request(endpoint: str | None, path: str) -> RouteFamily:
    """Return what a request is answered as: its endpoint's family, or, when no route
    matched (``endpoint`` None), its path's family as ``RouteFamily.unmatched`` says."""
    if endpoint is None:
        return unmatched(family_of_path(path))
    try:
        return family_of_endpoint(endpoint)
    except LookupError:
        # create_app refuses such routes; an app assembled otherwise (a test's) still gets
        # its errors answered, by the path, rather than a failure inside the error page.
        return family_of_path(path)


@functools.cache
def unmatched(family: RouteFamily) -> RouteFamily:
    """Return ``family.unmatched()``, made once per family (404s need not cost more)."""
    return family.unmatched()


def allows_cors(family: RouteFamily, method: str, status: int, json_error: bool = False) -> bool:
    """Return whether this response of ``family`` gets ``Access-Control-Allow-Origin: *``."""
    if family.cors is Cors.NONE:
        return False
    if family.cors is Cors.ALL or json_error:
        return True
    return family.cors is Cors.ANSWERS and method in ("GET", "HEAD") and status < 400


def missing_families(endpoints: Iterable[str]) -> list[str]:
    """Return the endpoints no family names, sorted (an empty list when all are covered)."""
    return sorted(
        endpoint
        for endpoint in set(endpoints)
        if not any(family.has_endpoint(endpoint) for family in FAMILIES)
    )
