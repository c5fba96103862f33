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
from run import cold_load, drawn_at, launch_chromium


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("bases", nargs="+", help="servers' base URLs")
    options.add_argument("--runs", type=int, default=12, help="cold loads of each (12)")
    options.add_argument("--path", default="/", help="the page loaded (/)")
    args = options.parse_args()
    times: dict[str, list[float]] = {base: [] for base in args.bases}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for round_ in range(args.runs):
            for base in args.bases if round_ % 2 == 0 else args.bases[::-1]:
                with cold_load(browser, base + args.path) as page:
                    times[base].append(drawn_at(page))
        browser.close()
    for base, taken in times.items():
        print(
            f"{base:28} map drawn median {statistics.median(taken):6.1f} ms, "
            f"min {min(taken):6.1f} ms ({len(taken)} cold loads)"
        )


if __name__ == "__main__":
    main()
