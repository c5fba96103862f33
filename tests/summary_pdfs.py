"""Summary pages as PDFs, made for the tests and benchmarks (reportlab, a test dependency).

``hertfordshire()`` is the Hertfordshire page of ../shared/sources/000_fd45ee4704843b8e.txt,
paragraph for paragraph; ``render()`` lays a page out as BEIS did: the title across the top,
then two columns (the highlights and jobs on the left; population, businesses, the case study
and the Local Industrial Strategy on the right), the national line along the bottom.

``drawn="design"`` writes the right column, then the left, then the title into the content
stream, as design tools often do, so a reader that follows the stream instead of the layout
gets the order wrong (see bench/pdf_libraries.py).
"""

from __future__ import annotations

import dataclasses
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

SHARED = Path(__file__).resolve().parents[2] / "shared"
HERTFORDSHIRE_TEXT = SHARED / "sources" / "000_fd45ee4704843b8e.txt"
if not HERTFORDSHIRE_TEXT.exists():  # the worktree's ../shared
    HERTFORDSHIRE_TEXT = Path("/work/shared/sources/000_fd45ee4704843b8e.txt")


@dataclass
class Page:
    """The printed text of one summary page, in reading order. ``**x**`` is printed bold."""

    title: str
    intro: list[str]
    highlights: list[str]
    employment: str
    population: str
    businesses: str
    case_study_name: str
    case_study: list[str]
    lis_line: str
    national_line: str
    pointer: list[str] = field(default_factory=lambda: ["For more examples", "go to bit.ly/IS-map"])

    def replace(self, **changes) -> Page:
        return dataclasses.replace(self, **changes)


def hertfordshire() -> Page:
    """Return the Hertfordshire page, read from its text copy in ../shared."""
    paragraphs = [p.strip() for p in HERTFORDSHIRE_TEXT.read_text("utf-8").splitlines()]
    paragraphs = [p for p in paragraphs if p]
    start = paragraphs.index("Industrial Strategy highlights include:")
    bullets = [p for p in paragraphs if p.startswith("**")]
    case = next(i for i, p in enumerate(paragraphs) if p.startswith("Case study:"))
    more = paragraphs.index("For more examples")
    return Page(
        title=paragraphs[0],
        intro=paragraphs[1:start],
        highlights=[b for b in bullets if "people in employment" not in b],
        employment=next(b for b in bullets if "people in employment" in b),
        population=next(p for p in paragraphs if p.startswith("Population:")),
        businesses=next(p for p in paragraphs if p.startswith("Businesses:")),
        case_study_name=paragraphs[case],
        case_study=paragraphs[case + 1 : more],
        lis_line=paragraphs[more + 2],
        national_line=paragraphs[more + 3],
    )


def markup(text: str) -> str:
    """Return reportlab paragraph markup: text escaped, ``**bold**`` in bold."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(text))


BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11.5, spaceAfter=7)
BULLET = ParagraphStyle("bullet", parent=BODY, leftIndent=10, bulletIndent=0)
HEADING = ParagraphStyle("heading", parent=BODY, fontName="Helvetica-Bold", fontSize=11)
TITLE = ParagraphStyle("title", parent=BODY, fontName="Helvetica-Bold", fontSize=26, leading=30)
FIGURE = ParagraphStyle("figure", parent=BODY, fontName="Helvetica-Bold", fontSize=12, leading=15)


def columns(page: Page) -> tuple[list, list]:
    """Return the flowables of the left and right columns."""
    left = [Paragraph(markup(p), BODY) for p in page.intro]
    left.append(Paragraph("Industrial Strategy highlights include:", HEADING))
    left += [Paragraph(markup(h), BULLET, bulletText="•") for h in page.highlights]
    left.append(Paragraph(markup(page.employment), BULLET, bulletText="•"))
    right = [Paragraph(markup(page.population), FIGURE), Paragraph(markup(page.businesses), FIGURE)]
    right.append(Paragraph(markup(page.case_study_name), HEADING))
    right += [Paragraph(markup(p), BODY) for p in page.case_study]
    right.append(Paragraph("<br/>".join(escape(p) for p in page.pointer), BODY))
    right.append(Paragraph(markup(page.lis_line), BODY))
    return left, right


def draw_page(canvas: Canvas, page: Page, drawn: str) -> None:
    width, height = A4
    left, right = columns(page)
    title, national = (
        [Paragraph(markup(page.title), TITLE)],
        [Paragraph(markup(page.national_line), BODY)],
    )
    parts = {
        "title": lambda: Frame(40, height - 125, width - 80, 85).addFromList(title, canvas),
        "left": lambda: Frame(40, 90, 280, height - 220).addFromList(left, canvas),
        "right": lambda: Frame(335, 90, width - 375, height - 220).addFromList(right, canvas),
        "national": lambda: Frame(40, 30, width - 80, 55).addFromList(national, canvas),
    }
    order = ("title", "left", "right", "national")
    if drawn == "design":
        order = ("right", "national", "left", "title")
    for part in order:
        parts[part]()
    if left or right or title or national:
        raise ValueError("the page does not fit on one page: shorten it")


def render(*pages: Page, drawn: str = "design") -> bytes:
    """Return a PDF with one page per Page (normally one), laid out in two columns."""
    stream = io.BytesIO()
    canvas = Canvas(stream, pagesize=A4, invariant=1)
    canvas.setTitle("Industrial Strategy: local summaries")
    for page in pages:
        draw_page(canvas, page, drawn)
        canvas.showPage()
    canvas.save()
    return stream.getvalue()


def scanned() -> bytes:
    """Return a one-page PDF holding only a picture of a page: no text layer (a scan)."""
    from reportlab.lib.utils import ImageReader

    png = io.BytesIO()
    from PIL import Image, ImageDraw

    image = Image.new("L", (200, 280), 255)
    ImageDraw.Draw(image).text((20, 20), "Hertfordshire", fill=0)
    image.save(png, "PNG")
    stream = io.BytesIO()
    canvas = Canvas(stream, pagesize=A4, invariant=1)
    canvas.drawImage(ImageReader(io.BytesIO(png.getvalue())), 40, 40, 500, 750)
    canvas.showPage()
    canvas.save()
    return stream.getvalue()


def letter(text: str) -> bytes:
    """Return a one-page PDF of plain paragraphs: a document that is not a summary."""
    stream = io.BytesIO()
    canvas = Canvas(stream, pagesize=A4, invariant=1)
    width, height = A4
    Frame(40, 40, width - 80, height - 80).addFromList(
        [Paragraph(escape(p), BODY) for p in text.split("\n\n")], canvas
    )
    canvas.showPage()
    canvas.save()
    return stream.getvalue()
