"""``geoapp summaries import`` and ``geoapp summaries fetch``: the command-line side."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from geoapp.config import Settings, load_settings
from geoapp.summaries_import.importer import Outcome, Pdf, import_pdfs, read_register

#: ONS district names end ", City of" or ", County of"; pages print "Bristol", "Herefordshire".
NAME_SUFFIXES = (", City of", ", County of")


def place_names(settings: Settings) -> tuple[str, ...]:
    """Return the names of the councils (ONS districts, Dec 2017) a case study may name;
    empty when the boundaries cannot be read (places are then left out and listed)."""
    import pyogrio

    from geoapp.inputs.problems import DataError
    from geoapp.model.districts import DISTRICT_LAYER, manifest_layer

    try:
        layer = manifest_layer(settings.boundaries_manifest, DISTRICT_LAYER)
        if layer is None:
            return ()
        frame = pyogrio.read_dataframe(
            settings.boundaries_dir / layer.file, columns=[layer.name_field], read_geometry=False
        )
    except (DataError, OSError, pyogrio.errors.DataSourceError):
        return ()
    names = set()
    for name in frame[layer.name_field]:
        for suffix in NAME_SUFFIXES:
            name = name.removesuffix(suffix)
        names.add(name)
    return tuple(sorted(names))


def show_diff(diff: str) -> None:
    sys.stdout.write(diff if diff.endswith("\n") else diff + "\n")


def report(outcomes: list[Outcome], dry_run: bool, out=None, err=None) -> int:
    """Print one line per file and per field left out (the diffs were shown as each file
    was written); return the exit code (1 if any file was refused)."""
    out, err = out or sys.stdout, err or sys.stderr
    would = "would be " if dry_run else ""
    for outcome in outcomes:
        target = f" → {outcome.path}" if outcome.path else ""
        if outcome.action == "refused":
            print(f"refused {outcome.address}: {outcome.reason}", file=err)
        else:
            print(f"{would}{outcome.action}: {outcome.address}{target}", file=out)
    missing = [p for o in outcomes if o.action != "refused" for p in o.missing]
    if missing:
        print(f"left out ({len(missing)} field(s) not read for certain):", file=err)
        for problem in missing:
            print(f"  {problem}", file=err)
    refused = sum(o.action == "refused" for o in outcomes)
    changed = sum(o.action in ("created", "updated") for o in outcomes)
    print(
        f"geoapp summaries: {len(outcomes)} file(s): {changed} {would}written, "
        f"{refused} refused, {len(missing)} field(s) left out"
        + ("; dry run: nothing written" if dry_run else ""),
        file=out,
    )
    if changed and not dry_run:
        print("Run `geoapp check`, then reload a running server (kill -HUP <pid>).", file=out)
    return 1 if refused else 0


def run_import(pdfs: list[Pdf], args: argparse.Namespace, settings: Settings) -> int:
    register = read_register(settings.data_dir, place_names(settings))
    outcomes = import_pdfs(
        pdfs, settings.data_dir, register, dry_run=args.dry_run, force=args.force, show=show_diff
    )
    return report(outcomes, args.dry_run)


def import_files(args: argparse.Namespace) -> int:
    """``geoapp summaries import FILE.pdf …``: read local PDFs (address = the file name)."""
    pdfs = []
    for name in args.files:
        path = Path(name)
        try:
            pdfs.append(Pdf(path.read_bytes(), path.name))
        except OSError as error:
            print(f"geoapp summaries import: cannot read {name}: {error.strerror}", file=sys.stderr)
            return 1
    return run_import(pdfs, args, load_settings())


def fetch(args: argparse.Namespace) -> int:
    """``geoapp summaries fetch``: find the PDFs through the Content API, download, import."""
    from tqdm import tqdm

    from geoapp.summaries_import.fetch import EXPECTED_PAGES, Cache, FetchError, Offline, fetch_all

    settings = load_settings()
    cache = Cache(settings.cache_dir / "summary-pdfs")
    started = time.monotonic()
    try:
        links, pdfs, problems = fetch_all(
            args.source,
            cache,
            args.timeout,
            lambda urls: tqdm(urls, desc="downloading", unit="pdf", file=sys.stderr),
        )
    except Offline as error:
        print(
            f"geoapp summaries fetch: cannot reach {error} (offline?); with the PDFs on disk, "
            "run: geoapp summaries import FILE.pdf …",
            file=sys.stderr,
        )
        return 1
    except FetchError as error:
        print(f"geoapp summaries fetch: {error}", file=sys.stderr)
        return 1
    for problem in problems:
        print(f"not downloaded: {problem}", file=sys.stderr)
    if len(links) != EXPECTED_PAGES:
        print(f"note: {len(links)} PDF link(s) found, {EXPECTED_PAGES} expected", file=sys.stderr)
    print(
        f"{len(pdfs)} of {len(links)} PDF(s) in {cache.folder} "
        f"({time.monotonic() - started:.1f} s)",
        file=sys.stderr,
    )
    code = run_import([Pdf(data, url) for url, data in pdfs], args, settings)
    return 1 if problems else code


def add_commands(commands) -> None:
    """Add ``summaries import`` and ``summaries fetch`` to the geoapp command."""
    summaries = commands.add_parser("summaries", help="import the summary PDFs into data/")
    verbs = summaries.add_subparsers(dest="verb", required=True)
    reading = verbs.add_parser("import", help="read summary PDFs into data/summaries/")
    reading.add_argument("files", nargs="+", metavar="FILE.pdf", help="one-page summary PDFs")
    reading.set_defaults(handler=import_files)
    fetching = verbs.add_parser("fetch", help="download the 41 PDFs from GOV.UK, then import")
    from geoapp.summaries_import.fetch import CONTENT_API

    fetching.add_argument(
        "--from",
        dest="source",
        default=CONTENT_API,
        metavar="URL",
        help="Content API address or an HTML copy linking the PDFs (default: GOV.UK's)",
    )
    fetching.add_argument("--timeout", type=float, default=30, help="seconds per request (30)")
    fetching.set_defaults(handler=fetch)
    for verb in (reading, fetching):
        verb.add_argument("--dry-run", action="store_true", help="show the diffs, write nothing")
        verb.add_argument(
            "--force", action="store_true", help="also replace files a person wrote or reviewed"
        )
