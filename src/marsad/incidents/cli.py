"""``marsad incidents build|export`` and ``marsad show INCIDENT_ID`` (wired into ``marsad.cli``).

``add_incidents_parsers(subparsers)`` adds both subcommands; ``run_incidents(args, out, err)`` runs
either and returns the exit code (0 done, 3 the database or a file could not be read or written).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from marsad.errors import StoreError
from marsad.incidents.corpus import IncidentCorpus
from marsad.incidents.db import IncidentDB
from marsad.incidents.errors import IncidentError

EXIT_OK = 0
EXIT_FATAL = 3
DB_HELP = "the store: a SQLite file path or a postgresql:// URL (default: marsad.db)"

INCIDENTS_EXAMPLES = """\
examples:
  marsad incidents build                          group the stored documents (marsad.db) into incidents
  marsad incidents build --db conflict.db         ... of another database (incremental: new documents only)
  marsad incidents build --db postgresql://marsad@db.example.org/marsad
                                                  ... of a PostgreSQL store
  marsad incidents build --from out.jsonl -o incidents.jsonl
                                                  from spec §2 records, without a database
  marsad incidents export -o incidents.jsonl      every incident as one JSON line (spec §3)
  marsad show inc-3f2a                            one incident: members, claims, contradictions
"""


def add_incidents_parsers(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fmt = argparse.RawDescriptionHelpFormatter
    inc = subparsers.add_parser(
        "incidents", help="merge reports of one event across documents into incidents",
        description="Group the events of stored documents into incidents (one per real-world event), "
        "reconcile what their sources claim, and export them (spec §3).",
        epilog=INCIDENTS_EXAMPLES, formatter_class=fmt)
    sub = inc.add_subparsers(dest="incidents_command", metavar="COMMAND")
    sub.required = True
    build = sub.add_parser("build", help="assign documents stored since the last build to incidents")
    build.add_argument("--db", default="marsad.db", metavar="PATH|URL", help=DB_HELP)
    build.add_argument("--from", dest="records", action="append", default=[], metavar="FILE",
                       help="spec §2 records (JSON lines) instead of the database; repeatable")
    build.add_argument("-o", "--output", metavar="FILE", help="also write the incidents here (JSON lines)")
    export = sub.add_parser("export", help="write every incident as one JSON line")
    export.add_argument("--db", default="marsad.db", metavar="PATH|URL", help=DB_HELP)
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    show = subparsers.add_parser("show", help="a readable account of one incident",
                                 description="Show one incident: the merged record, each claim with its "
                                 "source and quote, and the contradictions.")
    show.add_argument("incident_id", metavar="INCIDENT_ID", help="an incident id (a unique prefix is enough)")
    show.add_argument("--db", default="marsad.db", metavar="PATH|URL", help=DB_HELP)
    show.add_argument("--json", action="store_true", help="the incident record as JSON")


def run_incidents(args: argparse.Namespace, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        if args.command == "show":
            with IncidentDB(args.db) as db:
                record = db.get(args.incident_id)
            if args.json:
                out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
            else:
                out.write("\n".join(describe_incident(record)) + "\n")
            return EXIT_OK
        if args.incidents_command == "build" and args.records:
            corpus = IncidentCorpus()
            corpus.add_records(_read_records(args.records))
            incidents = list(corpus.incidents())
            err.write(f"{len(corpus.docs)} documents, {len(incidents)} incidents\n")
            if args.output:
                _write(incidents, args.output, out)
            return EXIT_OK
        with IncidentDB(args.db) as db:
            if args.incidents_command == "build":
                report = db.build()
                err.write(f"run {report['run']}: {report['documents']} new or changed documents, "
                          f"{report['touched']} incidents created or changed, {report['incidents']} in all\n")
                if args.output:
                    _write(db.incidents(), args.output, out)
            else:
                _write(db.incidents(), args.output, out)
        return EXIT_OK
    except (IncidentError, StoreError) as exc:
        err.write(f"error: {exc}\n")
        return EXIT_FATAL
    except OSError as exc:
        err.write(f"error: {exc}\n")
        return EXIT_FATAL


def _read_records(paths: list[str]) -> Iterator[dict[str, Any]]:
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise IncidentError(f"{path}:{n}: not JSON ({exc})", origin=path) from exc
                if isinstance(value, dict):
                    yield value


def _write(incidents: Any, output: str | None, out: IO[str]) -> None:
    with contextlib.ExitStack() as stack:
        fh = stack.enter_context(Path(output).open("w", encoding="utf-8")) if output and output != "-" else out
        for record in incidents:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def describe_incident(rec: dict[str, Any]) -> list[str]:
    date = rec.get("date") or {}
    loc = rec.get("location") or {}
    lines = [f"{rec.get('incident_id')}  {rec.get('event_type')} / {rec.get('sub_event_type')}",
             f"  date        {date.get('start') or '?'}"
             + (f"..{date['end']}" if date.get("end") and date.get("end") != date.get("start") else "")
             + f" ({date.get('precision')}, from {date.get('anchor')})",
             f"  place       {loc.get('text') or '?'}" + (f" ({loc['name_en']})" if loc.get("name_en") else ""),
             f"  documents   {rec.get('documents')}; independent sources {rec.get('sources_independent')}"]
    for a in rec.get("actors") or ():
        lines.append(f"  {a.get('role'):<11} {a.get('canonical')}  ({len(a.get('claims') or [])} reports)")
    for cat, c in (rec.get("casualties") or {}).items():
        lines.append(f"  {cat:<11} low {c['low']}  best {c['best']}  high {c['high']}  "
                     f"(ACLED figure {c['acled']}; {c['originators']} originators)")
    lines.append("  members")
    for m in rec.get("members") or ():
        copy = f"  copy of {m['copy_of']}" if m.get("copy_of") else ""
        lines.append(f"    {m.get('doc_id')}  {m.get('publisher') or ''} {m.get('published') or ''}{copy}")
    lines.append("  claims")
    for c in rec.get("claims") or ():
        stance = " (denies)" if c.get("stance") == "denies" else ""
        via = f" via {', '.join(c['via'])}" if c.get("via") else ""
        lines.append(f"    {c.get('doc_id')}:{c.get('claim')}  {c['source']['canonical']}{via}{stance}")
        if c.get("quote"):
            lines.append(f"      «{' '.join(str(c['quote']).split())}»")
    for con in rec.get("contradictions") or ():
        lines.append(f"  contradiction ({con.get('field')}): {con.get('summary')}")
        for side in con.get("sides") or ():
            refs = ", ".join(f"{r.get('source')} [{r.get('doc_id')}]" for r in side.get("claims") or ())
            lines.append(f"    {side.get('value') or '-'}: {refs}")
    for entry in rec.get("log") or ():
        changed = ", ".join(entry.get("changed") or ()) or "nothing"
        lines.append(f"  log run {entry.get('run')}: {entry.get('doc_id')} {entry.get('action')} "
                     f"(changed: {changed})")
    return lines


def main(argv: list[str] | None = None) -> int:
    """``python -m marsad.incidents.cli`` until the subcommands are wired into the main CLI."""
    parser = argparse.ArgumentParser(prog="marsad")
    sub = parser.add_subparsers(dest="command", required=True)
    add_incidents_parsers(sub)
    return run_incidents(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
