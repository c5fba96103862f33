"""The ``geoapp`` command: ``serve`` runs the app, ``check`` validates boundaries and data."""

from __future__ import annotations

import argparse
import sys

from geoapp.problems import DataError


def check(_args: argparse.Namespace) -> int:
    """Validate the boundaries and data/; print every problem; 0 when all is well."""
    from geoapp.config import load_settings
    from geoapp.site import build_site

    try:
        site = build_site(load_settings())
    except DataError as error:
        print(f"geoapp check: {len(error.problems)} problem(s):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    atlas = site.atlas
    with_figures = sum(1 for area in atlas.areas if area.summary)
    print(
        f"geoapp check: OK: {len(atlas.areas)} areas, {with_figures} with summary figures, "
        f"data version {atlas.version}"
    )
    return 0


def serve(args: argparse.Namespace) -> int:
    """Run the app with waitress, a production WSGI server that needs no compiler."""
    import waitress

    from geoapp import create_app

    try:
        app = create_app()
    except DataError as error:
        print("geoapp serve: cannot start:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"Serving the Industrial Strategy map on http://{args.host}:{args.port}/", flush=True)
    waitress.serve(app, host=args.host, port=args.port, threads=args.threads, ident="geoapp")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="geoapp", description=__doc__)
    commands = main.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="run the web app")
    run.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    run.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    run.add_argument("--threads", type=int, default=8, help="worker threads (8)")
    run.set_defaults(handler=serve)
    validate = commands.add_parser("check", help="validate boundaries and data/, list problems")
    validate.set_defaults(handler=check)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)
