"""Reloading the data of a running server: all of it or none of it.

A reload builds a complete new Site off to the side (boundaries, figures, statistics,
assets, downloads, search) and swaps it in with one assignment, only if it built without a
problem. Otherwise the problems are logged and the last good Site keeps being served, so
broken data never replaces good data and no request ever sees half of each.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from geoapp.config import Settings
from geoapp.inputs.problems import DataError, Problem
from geoapp.outputs.assets import Asset, AssetStore
from geoapp.site.build import Site
from geoapp.site.checks import build_checked_site

log = logging.getLogger(__name__)

#: Versions before the current one whose assets are still served.
KEPT_ASSET_VERSIONS = 3


@dataclass(frozen=True)
class ReloadResult:
    """What a reload did: whether it swapped, the problems if not, the version now served."""

    swapped: bool
    problems: tuple[Problem, ...]
    version: str


class SiteHolder:
    """The Site a running app serves; ``reload()`` replaces it whole. Safe across threads.

    Attribute reads pass through to the current Site (``holder.summaries``), so code that
    reads the app's site directly keeps working. Views use ``geoapp.web.views.site()``, which
    pins one Site for the whole of a request.
    """

    def __init__(
        self, site: Site, build: Callable[[Settings, Site], Site] = build_checked_site
    ) -> None:
        self._site = site
        #: The assets of the last few versions, newest first; not their data (memory).
        self._previous_assets: deque[AssetStore] = deque(maxlen=KEPT_ASSET_VERSIONS)
        self._build = build
        self._lock = threading.Lock()

    @property
    def site(self) -> Site:
        """The Site to serve now (one attribute read, so never half-swapped)."""
        return self._site

    def find_asset(self, versioned_name: str) -> Asset | None:
        """Return the asset with this versioned name, from the current Site or the last few.

        Pages rendered before a reload still name the assets of their version; keeping
        them a few generations lets those pages finish loading after reloads in quick
        succession.
        """
        for assets in (self._site.assets, *self._previous_assets):
            found = assets.find(versioned_name)
            if found is not None:
                return found
        return None

    def reload(self) -> ReloadResult:
        """Build a new Site from the same settings; swap it in only if it built cleanly.

        One reload runs at a time; another that arrives meanwhile waits, then rebuilds.
        """
        with self._lock:
            current = self._site
            try:
                fresh = self._build(current.settings, current)
            except DataError as error:
                log_refusal(error.problems, current)
                return ReloadResult(False, tuple(error.problems), current.summaries.version)
            except Exception as error:  # a reload must never end the server
                log.error("reload failed unexpectedly", exc_info=True)
                problems = (Problem("(reload)", "", f"unexpected {type(error).__name__}: {error}"),)
                log_refusal(list(problems), current)
                return ReloadResult(False, problems, current.summaries.version)
            self._previous_assets.appendleft(current.assets)
            self._site = fresh
        log.info(
            "data reloaded: version %s (was %s), built in %.1f s",
            fresh.summaries.version,
            current.summaries.version,
            fresh.build_seconds,
        )
        return ReloadResult(True, (), fresh.summaries.version)

    def __getattr__(self, name: str):
        if name.startswith("_"):  # never recurse while the holder itself is half-made
            raise AttributeError(name)
        return getattr(self._site, name)


def log_refusal(problems: list[Problem], kept: Site) -> None:
    """Log why a reload was refused, one line per problem, and which version stays."""
    log.error(
        "data NOT reloaded: %d problem(s); still serving version %s",
        len(problems),
        kept.summaries.version,
    )
    for problem in problems:
        log.error("  %s", problem)


def reload_on_hangup(holder: SiteHolder) -> None:
    """Make SIGHUP reload the data (``kill -HUP <pid>``), in a thread of its own.

    The build takes seconds; the signal handler must return at once so the server keeps
    answering meanwhile. Does nothing where there is no SIGHUP (Windows).
    """
    if not hasattr(signal, "SIGHUP"):
        return

    def handle(_signum, _frame) -> None:
        threading.Thread(target=holder.reload, name="geoapp-reload", daemon=True).start()

    signal.signal(signal.SIGHUP, handle)
