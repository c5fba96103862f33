"""How long `geoapp summaries import` takes for all 41 pages.

    python bench/import_pages.py

Makes 41 one-page PDFs (Hertfordshire's page under each area's printed name, as
tests/summary_pdfs.py lays it out), then imports them into a throwaway copy of data/ twice:
first writing every file, then again (every file unchanged). Prints wall-clock times.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import summary_pdfs  # noqa: E402

from geoapp.config import load_settings  # noqa: E402
from geoapp.summaries_import.commands import place_names  # noqa: E402
from geoapp.summaries_import.importer import Pdf, import_pdfs, read_register  # noqa: E402


def main() -> None:
    register = tomllib.loads((ROOT / "data" / "areas.toml").read_text("utf-8"))["areas"]
    page = summary_pdfs.hertfordshire()
    started = time.perf_counter()
    pdfs = [
        Pdf(summary_pdfs.render(page.replace(title=entry["printed_names"][0])), f"{code}.pdf")
        for code, entry in register.items()
    ]
    made = time.perf_counter() - started
    print(f"made {len(pdfs)} PDFs in {made:.1f} s ({sum(len(p.data) for p in pdfs):,} bytes)")
    started = time.perf_counter()
    places = place_names(load_settings())
    print(f"read {len(places)} council names in {time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        shutil.copy(ROOT / "data" / "areas.toml", data / "areas.toml")
        for run in ("first import (41 files written)", "second import (all unchanged)"):
            started = time.perf_counter()
            outcomes = import_pdfs(pdfs, data, read_register(data, places))
            elapsed = time.perf_counter() - started
            actions = {o.action for o in outcomes}
            print(
                f"{run}: {elapsed:.1f} s, {elapsed / len(pdfs) * 1000:.0f} ms a page; "
                f"outcomes {sorted(actions)}"
            )


if __name__ == "__main__":
    main()
