"""Compare pypdf, pdfminer.six and pdfplumber on the same two-column summary page.

    pip install pypdf pdfplumber    # pdfminer.six and reportlab come with '.[test]'
    python bench/pdf_libraries.py

Prints, for each library (and the importer), whether the page's parts come out in reading
order, and how long one page takes. The page is Hertfordshire's (tests/summary_pdfs.py),
drawn in reading order and drawn as design tools often write it (right column first).
"""

from __future__ import annotations

import importlib.util
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import summary_pdfs

#: The start of each part of the page, in reading order (numbered from 0 in the output).
PARTS = (
    "Hertfordshire",
    "Our modern Industrial",
    "In Hertfordshire a partnership",
    "Industrial Strategy highlights",
    "£2.5m",
    "£6m",
    "£34m",
    "609,000",
    "Population: 1,116,300",
    "Businesses: 58,305",
    "Case study:",
    "For more examples",
    "Hertfordshire Local Enterprise",
    "We have committed",
)


def in_order(text: str) -> tuple[bool, str]:
    """Return (all parts in reading order and no columns interleaved, what went wrong)."""
    flat = " ".join(text.split())
    if "boost Population" in flat or "leaders – Catapult" in flat:
        return False, "the two columns are interleaved line by line"
    where = [flat.find(part) for part in PARTS]
    if -1 in where:
        return False, f"{PARTS[where.index(-1)]!r} not found"
    read = sorted(range(len(PARTS)), key=where.__getitem__)
    if read != sorted(read):
        return False, "parts read in the order " + " ".join(map(str, read))
    return True, ""


def readers():
    if importlib.util.find_spec("pypdf"):
        import pypdf

        yield "pypdf", lambda d: pypdf.PdfReader(io.BytesIO(d)).pages[0].extract_text()
        yield (
            "pypdf layout mode",
            lambda d: (
                pypdf.PdfReader(io.BytesIO(d)).pages[0].extract_text(extraction_mode="layout")
            ),
        )
    from pdfminer.high_level import extract_text

    yield "pdfminer.six extract_text", lambda d: extract_text(io.BytesIO(d))
    if importlib.util.find_spec("pdfplumber"):
        import pdfplumber

        yield "pdfplumber", lambda d: pdfplumber.open(io.BytesIO(d)).pages[0].extract_text()
    from geoapp.summaries_import.pdftext import read_pdf

    yield "geoapp (pdfminer.six lines, own order)", lambda d: "\n".join(read_pdf(d).paragraphs)


def main() -> None:
    page = summary_pdfs.hertfordshire()
    for drawn in ("reading", "design"):
        data = summary_pdfs.render(page, drawn=drawn)
        print(f"page drawn in {drawn} order ({len(data):,} bytes)")
        for name, read in readers():
            started = time.perf_counter()
            text = read(data)
            elapsed = (time.perf_counter() - started) * 1000
            ok, fault = in_order(text)
            verdict = "reading order" if ok else f"WRONG: {fault}"
            print(f"  {name:40} {elapsed:6.1f} ms  {verdict}")


if __name__ == "__main__":
    main()
