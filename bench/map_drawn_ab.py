"""Time to "map drawn" on two or more running servers, cold loads taken in turn.

    python bench/map_drawn_ab.py http://127.0.0.1:8770 http://127.0.0.1:8765 [--runs 12]

On a shared machine the time of one cold load swings by a factor of two from minute to
minute, so a change is measured against the code before it in the same minutes: start one
server on each checkout (`PYTHONPATH=<checkout> python -m geoapp serve --port N`), and
this alternates between them (reversing the order every other round) and prints each
one's median and minimum. The mark is the one bench/run.py waits for.
"""

from __future__ import annotations

import argparse
import statistics

from playwright.sync_api import sync_playwright
from run import CHROMIUM, DRAWN, DRAWN_SIGNAL


def drawn_after(browser, url: str) -> float:
    """Milliseconds from navigation to the mark, in a new context (a cold cache)."""
    context = browser.new_context()
    context.add_init_script(DRAWN_SIGNAL)
    page = context.new_page()
    with page.expect_console_message(lambda message: message.text == DRAWN):
        page.goto(url, wait_until="commit")
    drawn = page.evaluate(f"performance.getEntriesByName('{DRAWN}')[0].startTime")
    context.close()
    return drawn


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("bases", nargs="+", help="servers' base URLs")
    options.add_argument("--runs", type=int, default=12, help="cold loads of each (12)")
    options.add_argument("--path", default="/", help="the page loaded (/)")
    args = options.parse_args()
    times: dict[str, list[float]] = {base: [] for base in args.bases}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for round_ in range(args.runs):
            for base in args.bases if round_ % 2 == 0 else args.bases[::-1]:
                times[base].append(drawn_after(browser, base + args.path))
        browser.close()
    for base, taken in times.items():
        print(
            f"{base:28} map drawn median {statistics.median(taken):6.1f} ms, "
            f"min {min(taken):6.1f} ms ({len(taken)} cold loads)"
        )


if __name__ == "__main__":
    main()
