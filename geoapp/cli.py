"""The ``geoapp`` command: ``serve`` runs the app, ``check`` validates boundaries and data,
``summaries import|fetch`` reads the summary PDFs into data/."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from geoapp.inputs.problems import DataError

if TYPE_CHECKING:
    from flask import Flask


def check(_args: argparse.Namespace) -> int:
    """Validate the boundaries and data/; print every problem; 0 when all is well."""
    from geoapp.config import load_settings
    from geoapp.site.checks import build_checked_site

    try:
        site = build_checked_site(load_settings())
    except DataError as error:
        print(f"geoapp check: {len(error.problems)} problem(s):", file=sys.stderr)
        print_problems(error.problems)
        return 1
    area_set = site.summaries
    with_figures = sum(1 for area in area_set.areas if area.summary)
    print(
        f"geoapp check: OK: {len(area_set.areas)} areas, {with_figures} with summary figures, "
        f"data version {area_set.version}"
    )
    return 0


def print_problems(problems) -> None:
    """Print one line per problem (file: field: reason), as check, serve and reload do."""
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)


def app_or_problems() -> Flask | None:
    """Return the app built from the inputs, or None after printing every problem."""
    from geoapp import create_app

    try:
        return create_app()
    except DataError as error:
        print(f"geoapp serve: cannot start: {len(error.problems)} problem(s):", file=sys.stderr)
        print_problems(error.problems)
        return None


def serve(args: argparse.Namespace) -> int:
    """Run the app with waitress, set for a public site (geoapp/web/server.py), or with
    granian's workers (``--server granian``, geoapp/web/granian_server.py).

    SIGHUP reloads the data (geoapp/site/reload.py): swapped in only if all of it is good.
    """
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if args.server == "granian":
        return serve_with_granian(args)
    if args.export:
        return serve_from_export(args)

    from geoapp.site.reload import reload_on_hangup
    from geoapp.web.server import make_server

    app = app_or_problems()
    if app is None:
        return 1
    reload_on_hangup(app.extensions["geoapp"])
    server = make_server(app, args.host, args.port, threads=args.threads or 8)
    print(f"Serving the Industrial Strategy map on http://{args.host}:{args.port}/", flush=True)
    server.run()
    return 0


def serve_with_granian(args: argparse.Namespace) -> int:
    """Build the app once, then serve it from granian's forked workers."""
    if args.export:
        print("geoapp serve: --export is served by waitress only", file=sys.stderr)
        return 2
    try:
        from geoapp.web.granian_server import serve as serve_granian
    except ImportError as error:
        print(f"geoapp serve: {error}: pip install -e '.[prod]'", file=sys.stderr)
        return 2
    app = app_or_problems()
    if app is None:
        return 1
    print(f"Serving the Industrial Strategy map on http://{args.host}:{args.port}/", flush=True)
    serve_granian(app, args.host, args.port, workers=args.workers, threads=args.threads or 2)
    return 0


def serve_from_export(args: argparse.Namespace) -> int:
    """Answer from an export at once while the app is built (geoapp/web/export_server.py)."""
    import signal
    from pathlib import Path

    from geoapp import create_app
    from geoapp.web.export_server import StartingApp
    from geoapp.web.server import make_server

    starting = StartingApp(Path(args.export), create_app)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, lambda _signum, _frame: starting.reload())
    server = make_server(starting, args.host, args.port, threads=args.threads or 8)
    starting.start()
    print(f"Serving the Industrial Strategy map on http://{args.host}:{args.port}/", flush=True)
    server.run()
    return 0


def export(args: argparse.Namespace) -> int:
    """Write the public site as static files (geoapp/web/export.py) and say what was written."""
    from pathlib import Path

    from geoapp import create_app
    from geoapp.web.export import export_site

    try:
        # The export is the site at its public address: every page is asked for there.
        app = create_app({"public_base_url": args.base_url} if args.base_url else None)
    except DataError as error:
        print(f"geoapp export: cannot build: {len(error.problems)} problem(s):", file=sys.stderr)
        print_problems(error.problems)
        return 1
    base_url = args.base_url or app.extensions["geoapp"].site.settings.public_base_url
    try:
        report = export_site(app, Path(args.folder), base_url or "http://localhost/")
    except ValueError as error:
        print(f"geoapp export: {error}", file=sys.stderr)
        return 1
    print(
        f"geoapp export: {len(report.files)} URLs, {report.file_count:,} files "
        f"({report.total_bytes / 1e6:.1f} MB with .gz and .br) in {report.seconds:.1f} s "
        f"to {args.folder}"
    )
    for rule in report.skipped_rules:
        print(f"  not exported (an argument with no known values): {rule}", file=sys.stderr)
    return 0


def nginx_conf(args: argparse.Namespace) -> int:
    """Print an nginx.conf serving an export, alone or in front of the app."""
    from pathlib import Path

    from geoapp.web.hosting import nginx_config

    runtime = Path(args.runtime_dir).resolve()
    runtime.mkdir(parents=True, exist_ok=True)
    print(nginx_config(Path(args.folder), args.listen, runtime, args.app, args.user), end="")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="geoapp", description=__doc__)
    commands = main.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="run the web app")
    run.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    run.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    run.add_argument(
        "--server",
        choices=("waitress", "granian"),
        default="waitress",
        help="waitress (default: holds slow clients itself) or granian (HTTP in Rust, "
        "forked workers: faster, for behind nginx; pip install -e '.[prod]')",
    )
    run.add_argument(
        "--threads", type=int, default=None, help="worker threads (waitress 8; granian 2 a worker)"
    )
    run.add_argument("--workers", type=int, default=2, help="granian's worker processes (2)")
    run.add_argument(
        "--export",
        default=None,
        help="an export of the same data (geoapp export) to answer from while the app starts",
    )
    run.set_defaults(handler=serve)
    static = commands.add_parser("export", help="write the public site as static files")
    static.add_argument("folder", help="folder to write (emptied if it holds an earlier export)")
    static.add_argument(
        "--base-url",
        default="",
        help="the public address the files will be served from, for the OGC API's absolute "
        "links and embed snippets (GEOAPP_PUBLIC_BASE_URL, else http://localhost/)",
    )
    static.set_defaults(handler=export)
    conf = commands.add_parser("nginx-conf", help="print an nginx.conf serving an export")
    conf.add_argument("folder", help="the export's folder")
    conf.add_argument("--listen", default="127.0.0.1:8080", help="address:port (127.0.0.1:8080)")
    conf.add_argument(
        "--app",
        default=None,
        help="the app's address, e.g. 127.0.0.1:8000: "
        "the production layout, where the app answers what has no file",
    )
    conf.add_argument("--runtime-dir", default="nginx-run", help="pid, logs, temporary files")
    conf.add_argument("--user", default=None, help="the workers' user when started as root")
    conf.set_defaults(handler=nginx_conf)
    validate = commands.add_parser("check", help="validate boundaries and data/, list problems")
    validate.set_defaults(handler=check)
    from geoapp.summaries_import.commands import add_commands

    add_commands(commands)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)
