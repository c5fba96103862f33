"""The text of a one-page PDF, in the order a person reads it, as paragraphs.

pdfminer.six gives every line of text with its position and fonts (bench/pdf_libraries.py
compares it with pypdf and pdfplumber); the reading order is ours: a summary page is a
title, two columns, and a line across the foot. Lines that cross the gutter between the
columns split the page into bands; within a band the left column is read before the right.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass

from pdfminer.layout import LAParams, LTChar, LTFigure, LTImage, LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException

#: Characters (and pdfminer's placeholder for an unmapped bullet glyph) that start a bullet.
BULLETS = re.compile(r"^\s*(?:[•●▪■◦‣∙·]|\(cid:127\))\s*")
#: A paragraph ends where the gap to the next line exceeds this share of the line height.
PARAGRAPH_GAP = 0.5


class UnreadablePdf(Exception):
    """The file cannot be read as a PDF with a text layer; the message says why."""


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float  # distance from the foot of the page to the top of the line
    bottom: float
    size: float  # the size most of the line is printed in

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass(frozen=True)
class PageText:
    """The paragraphs of the page in reading order; ``title`` is the largest text on it."""

    pages: int
    paragraphs: tuple[str, ...]
    title: str
    images: int


def check_complete(data: bytes) -> None:
    """Raise UnreadablePdf unless ``data`` looks like a whole PDF file.

    pdfminer recovers text from a cut-off file by scanning for objects, so a truncated
    download would be read in part without a word of warning: refuse it here instead.
    """
    if not data.startswith(b"%PDF-"):
        raise UnreadablePdf("not a PDF file (it does not start with %PDF-)")
    if b"%%EOF" not in data[-2048:]:
        raise UnreadablePdf("truncated: the file has no end-of-file marker (%%EOF)")


def line_of(item: LTTextLine) -> Line | None:
    text = " ".join(item.get_text().split())
    if not text:
        return None
    chars = [
        c
        for c in item
        if isinstance(c, LTChar) and not c.get_text().isspace() and not BULLETS.match(c.get_text())
    ]
    # The size most of the line is printed in: a bullet or a capital can be larger.
    sizes = Counter(round(c.size, 1) for c in chars)
    size = sizes.most_common(1)[0][0] if sizes else 0.0
    return Line(text, item.x0, item.x1, item.y1, item.y0, size)


def page_lines(page) -> tuple[list[Line], int]:
    """Return every text line of a laid-out page, and how many images it holds."""
    lines, images, stack = [], 0, list(page)
    while stack:
        item = stack.pop()
        if isinstance(item, LTTextLine):
            line = line_of(item)
            if line:
                lines.append(line)
        elif isinstance(item, LTTextContainer | LTFigure):
            stack.extend(item)
        elif isinstance(item, LTImage):
            images += 1
    return lines, images


def gutter(lines: list[Line], width: float) -> float:
    """Return the x of the gutter: the place in the page's middle third fewest lines cross."""
    candidates = [width * (1 / 3 + i / 60) for i in range(21)]
    return min(
        candidates, key=lambda x: (sum(ln.x0 < x < ln.x1 for ln in lines), abs(x - width / 2))
    )


def reading_order(lines: list[Line], width: float) -> list[Line]:
    """Return the lines in reading order: bands split by lines across the gutter, each band's
    left column before its right one, each column from top to bottom."""
    x = gutter(lines, width)
    ordered: list[Line] = []
    band: list[Line] = []
    for line in sorted(lines, key=lambda ln: (-ln.top, ln.x0)):
        if line.x0 < x < line.x1:  # across both columns: ends a band
            ordered += sorted(band, key=lambda ln: (ln.x1 > x, -ln.top, ln.x0))
            ordered.append(line)
            band = []
        else:
            band.append(line)
    return ordered + sorted(band, key=lambda ln: (ln.x1 > x, -ln.top, ln.x0))


def paragraphs(lines: list[Line], width: float) -> list[str]:
    """Return the text of the lines joined into paragraphs.

    A paragraph ends at a gap wider than PARAGRAPH_GAP lines, a change of column, a change
    of font size, or before a bullet. Bullet characters are dropped.
    """
    x = gutter(lines, width)
    found: list[list[str]] = []
    previous: Line | None = None
    for line in lines:
        bullet = bool(BULLETS.match(line.text))
        new = (
            previous is None
            or bullet
            or (previous.x1 > x) != (line.x1 > x)
            or previous.size != line.size
            or previous.bottom - line.top > PARAGRAPH_GAP * line.height
            or line.top > previous.top
        )
        text = BULLETS.sub("", line.text)
        if new:
            found.append([text])
        else:
            found[-1].append(text)
        previous = line
    return [join_lines(p) for p in found if "".join(p).strip()]


def join_lines(parts: list[str]) -> str:
    """Join a paragraph's lines with spaces (a line ending in a hyphen is kept as printed)."""
    return " ".join(" ".join(parts).split())


def read_pdf(data: bytes) -> PageText:
    """Return the text of every page of a PDF, in reading order.

    Raises UnreadablePdf when it is not a whole, readable PDF, or has no text layer.
    """
    check_complete(data)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    texts, title, images, count = [], "", 0, 0
    try:
        for page in PDFPage.get_pages(io.BytesIO(data), check_extractable=False):
            count += 1
            interpreter.process_page(page)
            layout = device.get_result()
            lines, found_images = page_lines(layout)
            images += found_images
            ordered = reading_order(lines, layout.width)
            texts += paragraphs(ordered, layout.width)
            if not title and ordered:
                title = title_of(ordered, layout.height)
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise UnreadablePdf(f"encrypted: {error or 'a password is needed'}") from error
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as error:
        raise UnreadablePdf(f"damaged PDF ({type(error).__name__}: {error})") from error
    if count == 0:
        raise UnreadablePdf("the PDF has no pages")
    if not texts:
        kind = "only images (a scan?)" if images else "nothing"
        raise UnreadablePdf(f"no text layer: the page holds {kind}; the importer does not do OCR")
    return PageText(pages=count, paragraphs=tuple(texts), title=title, images=images)


def title_of(lines: list[Line], height: float) -> str:
    """Return the text printed in the largest size at the head of the page (its top fifth):
    the area's name. Big figures lower down, as some designs print them, are not titles."""
    head = [line for line in lines if line.top >= height * 0.8] or lines
    largest = max(line.size for line in head)
    return " ".join(line.text for line in head if line.size == largest)
