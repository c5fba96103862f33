"""Turn summary PDFs into data/summaries/<code>.toml files, safely.

Every file is read before anything is written, so a batch with two pages for one area
refuses both. A file a person wrote or marked ``reviewed`` is only replaced with
``force``; every change is shown as a diff first; each new file is checked by the same
validator as ``geoapp check`` and then swapped in whole (a running server reloading at
that moment sees the old file or the new one, never half of each).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from geoapp.inputs.figures import read_summary
from geoapp.inputs.problems import Problem
from geoapp.summaries_import.page import NotASummary, ReadPage, read_page
from geoapp.summaries_import.pdftext import UnreadablePdf, read_pdf

HEADER = """\
# {title}: imported by `geoapp summaries import` from {file}.
# Every value is as the PDF prints it; fields it could not read for certain are left out
# (see note). Once a person has checked every value against the PDF, set
# provenance.status = "reviewed" (the importer then leaves this file alone without --force).
# Field meanings: data/README.md.
"""


@dataclass(frozen=True)
class Pdf:
    """A summary PDF to import: its bytes and where it came from (address or file name)."""

    data: bytes
    address: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Outcome:
    """What importing one PDF did (``action``: created, updated, unchanged, refused)."""

    address: str
    action: str
    reason: str = ""
    code: str = ""
    path: Path | None = None
    diff: str = ""
    missing: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Register:
    """What the importer needs from data/areas.toml and the boundaries."""

    names: dict[str, list[str]]  # code → names a page may print as its title
    publisher: str
    published: dt.date
    places: tuple[str, ...] = ()  # place names a case study may name


def read_register(data_dir: Path, places=()) -> Register:
    """Return the printed names of every area in data/areas.toml. Raises OSError/ValueError."""
    table = tomllib.loads((data_dir / "areas.toml").read_text(encoding="utf-8"))
    names = {code: list(e.get("printed_names", [])) for code, e in table["areas"].items()}
    publication = table["publication"]
    return Register(names, publication["publisher"], publication["published"], tuple(places))


def read_one(pdf: Pdf, register: Register) -> ReadPage | Outcome:
    """Return the page read from ``pdf``, or the Outcome that refuses it."""
    try:
        text = read_pdf(pdf.data)
        if text.pages != 1:
            raise UnreadablePdf(f"it has {text.pages} pages; a summary is one page")
        return read_page(text.paragraphs, text.title, register.names, register.places)
    except (UnreadablePdf, NotASummary) as error:
        return Outcome(pdf.address, "refused", str(error))


def document(page: ReadPage, pdf: Pdf, register: Register, today: dt.date) -> dict:
    """Return the TOML document for a page, in the shape figures.py reads."""
    doc: dict = {"code": page.code, "status": "partial" if page.missing else "complete"}
    if page.missing:
        fields = "; ".join(f"{name} ({reason})" for name, reason in page.missing)
        doc["note"] = f"The importer could not read every field of the PDF for certain: {fields}."
    if page.lis_line:
        doc["lis_line"] = page.lis_line
    web = pdf.address.startswith(("https://", "http://"))
    doc["source"] = {
        "title": f"Industrial Strategy: local summaries – {page.title}",
        "publisher": register.publisher,
        "published": register.published,
        "urls": [pdf.address] if web else [],
    }
    doc["provenance"] = {
        "file": pdf.address,
        "sha256": pdf.sha256,
        "read": today,
        "status": "imported",
    }
    if page.figures:
        doc["figures"] = page.figures
    if page.investments:
        doc["investments"] = page.investments
    if page.case_study:
        doc["case_study"] = page.case_study
    return doc


def render(doc: dict, title: str) -> str:
    return HEADER.format(title=title, file=doc["provenance"]["file"]) + tomli_w.dumps(doc)


def existing_files(summaries: Path) -> dict[str, Path]:
    """Return the file holding each area's summary (the code inside decides, not the name)."""
    found: dict[str, Path] = {}
    for path in sorted(summaries.glob("*.toml")):
        try:
            code = tomllib.loads(path.read_text(encoding="utf-8")).get("code")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            code = path.stem  # unreadable: its name is the best clue; never overwritten
        if isinstance(code, str):
            found.setdefault(code, path)
    return found


def what_was_read(doc: dict) -> dict:
    """Return the document without when it was read or whether it was reviewed: importing
    the same PDF again changes nothing, and leaves a reviewed file reviewed."""
    provenance = doc.get("provenance", {})
    kept = {k: v for k, v in provenance.items() if k not in ("read", "status")}
    return {**doc, "provenance": kept}


def protection(old_text: str) -> str:
    """Return why an existing file must not be replaced without --force ("" if it may)."""
    try:
        old = tomllib.loads(old_text)
    except tomllib.TOMLDecodeError:
        return "the existing file is not valid TOML"
    provenance = old.get("provenance")
    if not isinstance(provenance, dict):
        return "the existing file was written by a person (it has no [provenance])"
    if provenance.get("status") != "imported":
        return f"the existing file is marked {provenance.get('status')!r}"
    return ""


def diff_of(old: str, new: str, path: Path, existed: bool) -> str:
    before = str(path) if existed else "/dev/null"
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), before, str(path)
    )
    return "".join(lines)


def validated(text: str, folder: Path, codes: set[str]) -> tuple[Path | None, list[Problem]]:
    """Write ``text`` to a temporary file beside the target and validate it as
    ``geoapp check`` does. Return (the temporary file, []) or (None, its problems)."""
    handle, name = tempfile.mkstemp(prefix=".import-", suffix=".tmp", dir=folder)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    problems: list[Problem] = []
    if read_summary(Path(name), codes, problems) is None:
        Path(name).unlink()
        return None, problems
    return Path(name), []


def plan(page: ReadPage, pdf: Pdf, ctx: ImportContext) -> Outcome:
    """Return what to do with one page read (and, unless a dry run, do it)."""
    outcome = Outcome(pdf.address, "created", code=page.code)
    outcome.missing = [Problem(pdf.address, f, r) for f, r in page.missing]
    path = ctx.existing.get(page.code, ctx.summaries / f"{page.code}.toml")
    outcome.path = path
    new_doc = document(page, pdf, ctx.register, ctx.today)
    new_text = render(new_doc, page.title)
    old_text = path.read_text(encoding="utf-8") if path.exists() else ""
    if path.exists():
        try:
            old_doc = tomllib.loads(old_text)
        except tomllib.TOMLDecodeError:
            old_doc = None
        if old_doc is not None and what_was_read(old_doc) == what_was_read(new_doc):
            outcome.action = "unchanged"
            return outcome
        reason = protection(old_text)
        if reason and not ctx.force:
            outcome.action, outcome.reason = "refused", f"{reason}: use --force to replace it"
            return outcome
        outcome.action = "updated"
    outcome.diff = diff_of(old_text, new_text, path, path.exists())
    if ctx.show:
        ctx.show(outcome.diff)  # before anything is written
    if ctx.dry_run:
        return outcome
    temporary, problems = validated(new_text, ctx.summaries, set(ctx.register.names))
    if temporary is None:
        outcome.action = "refused"
        outcome.reason = "the file written would not pass geoapp check: " + "; ".join(
            f"{p.field}: {p.reason}" for p in problems
        )
        return outcome
    os.replace(temporary, path)
    return outcome


@dataclass
class ImportContext:
    summaries: Path
    register: Register
    existing: dict[str, Path]
    today: dt.date
    dry_run: bool = False
    force: bool = False
    show: Callable[[str], object] | None = None


def import_pdfs(
    pdfs: list[Pdf],
    data_dir: Path,
    register: Register,
    *,
    dry_run: bool = False,
    force: bool = False,
    today: dt.date | None = None,
    show: Callable[[str], object] | None = None,
) -> list[Outcome]:
    """Import each PDF into data_dir/summaries/; return one Outcome per PDF, in order.

    ``show`` is given each change's diff just before the file is written. Nothing is
    written on a dry run. Two different PDFs for one area are both refused.
    """
    summaries = data_dir / "summaries"
    summaries.mkdir(parents=True, exist_ok=True)
    ctx = ImportContext(
        summaries,
        register,
        existing_files(summaries),
        today or dt.date.today(),
        dry_run,
        force,
        show,
    )
    read = [(pdf, read_one(pdf, register)) for pdf in pdfs]
    by_code: dict[str, list[Pdf]] = {}
    for pdf, page in read:
        if isinstance(page, ReadPage):
            copies = by_code.setdefault(page.code, [])
            if all(c.sha256 != pdf.sha256 for c in copies):
                copies.append(pdf)
    outcomes, done = [], set()
    for pdf, page in read:
        if isinstance(page, Outcome):
            outcomes.append(page)
        elif len(by_code[page.code]) > 1:
            others = ", ".join(c.address for c in by_code[page.code] if c is not pdf)
            reason = f"two pages for {page.code} ({page.title}): also {others}; import one"
            outcomes.append(Outcome(pdf.address, "refused", reason, code=page.code))
        elif page.code in done:
            outcomes.append(Outcome(pdf.address, "unchanged", "the same file twice", page.code))
        else:
            done.add(page.code)
            outcomes.append(plan(page, pdf, ctx))
    return outcomes
