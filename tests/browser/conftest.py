"""A live server and headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

With CI=true a missing browser fails the run: browser tests are never silently skipped there.
Pages run under the app's real Content-Security-Policy, and any violation fails the test.
"""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("GEOAPP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


#: Reports each Content-Security-Policy violation, in every frame, to the test.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(event.violatedDirective + " blocked " + event.blockedURI
    + " on " + event.documentURI);
});
"""


def function_of(expression: str) -> str:
    """Return ``expression`` (a function or a bare expression) as a function of ``arg``.

    Playwright evaluates a bare-expression predicate with eval() at every poll, which our
    CSP (no 'unsafe-eval') rightly refuses; a function is evaluated once and then called.
    """
    return (
        f"(arg) => {{ const value = ({expression});"
        ' return typeof value === "function" ? value(arg) : value; }'
    )


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM} (install Debian's chromium package)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright._impl.frame import Frame
    from playwright.sync_api import sync_playwright

    wait_for_function = Frame.wait_for_function

    async def wait_for_function_under_csp(self, expression, *args, **kwargs):
        return await wait_for_function(self, function_of(expression), *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setattr(Frame, "wait_for_function", wait_for_function_under_csp)
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    """A fresh page that refuses any request beyond localhost and records page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.outside_requests = []
    page.errors = []
    page.csp_violations = []
    context.expose_binding(
        "__reportCspViolation", lambda _source, report: page.csp_violations.append(report)
    )
    context.add_init_script(REPORT_CSP_VIOLATIONS)

    def guard(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith("data:") or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            page.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()
    assert page.errors == []
    assert page.outside_requests == []
    assert page.csp_violations == []


def open_map(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#map-view[data-map-ready=true]")


def zoom_to(page, lat: float, lon: float, zoom: int = 9) -> None:
    """Centre the map on (lat, lon) at ``zoom``, as a person zooming in before clicking."""
    page.evaluate(
        "([lat, lon, z]) => { map_areas.setView([lat, lon], z, {animate: false}); }",
        [lat, lon, zoom],
    )


def map_point(page, lat: float, lon: float) -> tuple[float, float]:
    """Return the page coordinates of (lat, lon) on the map."""
    x, y = page.evaluate(
        "([lat, lon]) => { const p = map_areas.latLngToContainerPoint([lat, lon]);"
        " return [p.x, p.y]; }",
        [lat, lon],
    )
    box = page.locator("#map_areas").bounding_box()
    return box["x"] + x, box["y"] + y


def click_map(page, lat: float, lon: float) -> None:
    """Click the map at (lat, lon) as a person would, and wait for the panel to change."""
    zoom_to(page, lat, lon)
    before = page.locator("#status").text_content()
    page.mouse.click(*map_point(page, lat, lon))
    page.wait_for_function(
        "before => document.querySelector('#status').textContent !== before "
        "&& !document.querySelector('#panel').hasAttribute('aria-busy')",
        arg=before,
    )


def frame_click_map(page, frame, lat: float, lon: float) -> None:
    """Click the map inside ``frame`` at (lat, lon) and wait for its panel to change."""
    frame.evaluate(
        "([lat, lon]) => { map_areas.setView([lat, lon], 9, {animate: false}); }", [lat, lon]
    )
    x, y = frame.evaluate(
        "([lat, lon]) => { const p = map_areas.latLngToContainerPoint([lat, lon]);"
        " const box = document.querySelector('#map_areas').getBoundingClientRect();"
        " return [box.x + p.x, box.y + p.y]; }",
        [lat, lon],
    )
    offset = frame.frame_element().bounding_box()
    before = frame.locator("#status").text_content()
    page.mouse.click(offset["x"] + x, offset["y"] + y)
    frame.wait_for_function(
        "before => document.querySelector('#status').textContent !== before "
        "&& !document.querySelector('#panel').hasAttribute('aria-busy')",
        arg=before,
    )
