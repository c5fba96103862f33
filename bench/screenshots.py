"""Screenshots of the map for review: five sizes, four views each, in headless Chromium.

    python bench/screenshots.py http://127.0.0.1:8000 shots/

Sizes: 1280×800, 1920×1080, a 390×844 touch phone, and the embed in frames of 600×400
and 320×480 on a page of another origin. Views: the opening view, Hertfordshire chosen,
Letchworth chosen (in two areas at once), and the areas coloured by a measure (for the
embeds, the address of one area, `?area=E37000017`, instead).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = os.environ.get("GEOAPP_CHROMIUM", "/usr/bin/chromium")
PAGES = {"desktop-1280x800": (1280, 800), "desktop-1920x1080": (1920, 1080)}
PHONE = (390, 844)
EMBEDS = {"embed-600x400": (600, 400), "embed-320x480": (320, 480)}
STEVENAGE = (51.9038, -0.1966)
ST_ALBANS = (51.7527, -0.3394)  # well inside Hertfordshire, even at a small scale
LETCHWORTH = (51.979, -0.229)
MEASURE = "employment_rate_change"


def host_page(embed_url: str, width: int, height: int) -> bytes:
    """A council's page on another origin with the embed in the middle of its text."""
    filler = "<p>" + "Council news and services. " * 40 + "</p>"
    return (
        "<!doctype html><html lang='en'><head><title>Council page</title></head>"
        f"<body style='margin:8px'><h1>Our area</h1>{filler}"
        f"<iframe src='{embed_url}' width='{width}' height='{height}' style='border:0'"
        f" title='map'></iframe>{filler}{filler}</body></html>"
    ).encode()


class Host:
    """Another origin serving one host page at a time."""

    def __init__(self):
        self.body = b""
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(host.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/"


def tap(page, frame, lat: float, lon: float, touch: bool = False) -> None:
    """Tap (lat, lon) on the map in ``frame`` as it is framed now, and wait for the panel."""
    x, y = frame.evaluate(
        "([lat, lon]) => { const p = map_areas.latLngToContainerPoint([lat, lon]);"
        " const box = document.querySelector('#map_areas').getBoundingClientRect();"
        " return [box.x + p.x, box.y + p.y]; }",
        [lat, lon],
    )
    offset = frame.frame_element().bounding_box() if frame.parent_frame else {"x": 0, "y": 0}
    before = frame.locator("#status").text_content()
    if touch:
        page.touchscreen.tap(offset["x"] + x, offset["y"] + y)
    else:
        page.mouse.click(offset["x"] + x, offset["y"] + y)
    frame.wait_for_function(
        "before => document.querySelector('#status').textContent !== before"
        " && !document.querySelector('#panel').hasAttribute('aria-busy')",
        arg=before,
    )
    page.wait_for_timeout(150)


def shoot(browser, base: str, out: Path, host: Host) -> None:
    sizes = [(n, s, False) for n, s in PAGES.items()] + [("phone-390x844", PHONE, True)]
    for name, (width, height), touch in sizes:
        context = browser.new_context(
            viewport={"width": width, "height": height}, has_touch=touch, is_mobile=touch
        )
        page = context.new_page()
        for view, query in (("1-default", ""), ("4-coloured", f"?measure={MEASURE}")):
            page.goto(base + "/" + query)
            page.wait_for_selector("#map-view[data-map-ready=true]")
            page.wait_for_timeout(200)
            page.screenshot(path=out / f"{name}-{view}.png")
        page.goto(base + "/")
        page.wait_for_selector("#map-view[data-map-ready=true]")
        tap(page, page.main_frame, *STEVENAGE, touch=touch)
        page.screenshot(path=out / f"{name}-2-hertfordshire.png")
        tap(page, page.main_frame, *LETCHWORTH, touch=touch)
        page.screenshot(path=out / f"{name}-3-letchworth.png")
        context.close()
    for name, (width, height) in EMBEDS.items():
        context = browser.new_context(
            viewport={"width": max(width + 40, 390), "height": 844}, has_touch=True
        )
        page = context.new_page()
        for view, query in (("1-default", ""), ("4-area-address", "?area=E37000017")):
            host.body = host_page(base + "/embed" + query, width, height)
            page.goto(host.url)
            frame = page.frame_locator("iframe").first
            frame.locator("#map-view[data-map-ready=true]").wait_for()
            page.locator("iframe").scroll_into_view_if_needed()
            page.wait_for_timeout(200)
            page.locator("iframe").screenshot(path=out / f"{name}-{view}.png")
        host.body = host_page(base + "/embed", width, height)
        page.goto(host.url)
        frame_locator = page.frame_locator("iframe").first
        frame_locator.locator("#map-view[data-map-ready=true]").wait_for()
        page.locator("iframe").scroll_into_view_if_needed()
        frame = page.frames[1]
        tap(page, frame, *ST_ALBANS, touch=True)
        page.locator("iframe").screenshot(path=out / f"{name}-2-hertfordshire.png")
        # As a reader would: bring Letchworth into the part of the map above the sheet.
        frame.evaluate(
            "([lat, lon]) => { map_areas.panTo([lat, lon], {animate: false});"
            " map_areas.panBy([0, map_areas.getSize().y / 4], {animate: false}); }",
            list(LETCHWORTH),
        )
        tap(page, frame, *LETCHWORTH, touch=True)
        page.locator("iframe").screenshot(path=out / f"{name}-3-letchworth.png")
        context.close()


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("base", help="the app's address, e.g. http://127.0.0.1:8000")
    options.add_argument("out", type=Path, help="folder for the PNG files")
    args = options.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    host = Host()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        shoot(browser, args.base.rstrip("/"), args.out, host)
        browser.close()
    host.server.shutdown()
    print("\n".join(sorted(str(p) for p in args.out.glob("*.png"))), file=sys.stdout)


if __name__ == "__main__":
    main()
