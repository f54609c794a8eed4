"""The command line: ``marsad extract`` and ``marsad run``. This module is the only one that prints.

Exit codes (also in ``--help`` and the README):
  0  every document was processed
  1  some documents failed (each one reported); the others were written
  2  usage error (bad arguments)
  3  nothing could be processed, or a fatal error (no input found, cannot write output,
     database error)
  130 interrupted (Ctrl-C); everything written before that point is kept
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.resources
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Protocol

from marsad import __version__
from marsad.argtypes import positive_int
from marsad.errors import MarsadError, ProcessingError, StoreError
from marsad.geo.cli import add_gazetteer_parser, run_gazetteer
from marsad.incidents.cli import add_incidents_parsers, run_incidents
from marsad.serve.command import add_serve_parser, run_serve

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_FATAL = 3
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = """\
exit codes:
  0    every document was processed
  1    some documents failed (each is reported on stderr); the others were written
  2    usage error
  3    nothing could be processed, or a fatal error (no input found,
       cannot write the output, database error)
  130  interrupted; what was written before is kept"""

EXTRACT_EXAMPLES = """\
examples:
  marsad extract report.txt                      one plain-text report, JSON line on stdout
  marsad extract reports.jsonl -o out.jsonl      JSON lines in (spec §1), JSON lines out (spec §2)
  marsad extract pages/ --format table           every .txt/.html/.json/.jsonl file under pages/
  cat report.html | marsad extract -             read standard input
  marsad extract big.jsonl -o out.jsonl --errors errors.jsonl --progress
"""

RUN_EXAMPLES = """\
examples:
  marsad run                                     the example reports shipped with marsad
  marsad run reports.jsonl --db conflict.db      extract and store your own reports
"""

# How many documents ``run`` describes event by event; beyond this it only counts.
RUN_DETAIL_DOCS = 25


# --------------------------------------------------------------------------- engine


class ResultLike(Protocol):
    @property
    def doc(self) -> Any: ...

    @property
    def error(self) -> MarsadError | None: ...

    @property
    def origin(self) -> str: ...


class PipelineLike(Protocol):
    def process_raw(self, raw: Any) -> ResultLike: ...


@dataclass(frozen=True)
class Engine:
    """What the CLI needs from the library: a pipeline and the function that turns its document
    into the spec §2 record. Tests pass their own; ``default_engine`` builds the real one."""

    pipeline: PipelineLike
    record: Callable[[Any], dict[str, Any]]


def default_engine(headline: bool = True) -> Engine:
    from marsad.output import document_record
    from marsad.pipeline import Config, Pipeline

    return Engine(Pipeline.default(Config(headline=headline)), document_record)


EngineSource = Engine | Callable[[], Engine]


# --------------------------------------------------------------------------- arguments


def build_parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="marsad",
        description="marsad (مرصد): structured, source-attributed event records from Arabic "
        "reports of armed conflict.",
        epilog="examples:\n  marsad run\n  marsad extract reports.jsonl -o out.jsonl\n\n" + EXIT_CODES_HELP,
        formatter_class=fmt,
    )
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--max-bytes", type=positive_int, default=10_000_000, metavar="N",
                       help="largest document accepted, in bytes (default: 10000000)")
        p.add_argument("--errors", metavar="FILE",
                       help="also write each failed document as one JSON line to FILE")
        p.add_argument("--progress", action="store_true",
                       help="show a progress bar even when stderr is not a terminal")
        p.add_argument("-q", "--quiet", action="store_true",
                       help="no progress bar and no closing tally on stderr (errors are still reported)")
        p.add_argument("--no-headline", action="store_true",
                       help="do not put a page title the body lacks before the body (by default its "
                       "news is read as the report's first paragraph)")

    extract = sub.add_parser(
        "extract",
        help="extract event records from reports (JSON lines or a table)",
        description="Extract one record per document (spec §2) from files, directories or "
        "standard input ('-'). Records are written as soon as each document is done; a document "
        "that fails is reported on stderr as 'error: ORIGIN: CODE: MESSAGE' and the batch goes on.",
        epilog=EXTRACT_EXAMPLES + "\n" + EXIT_CODES_HELP,
        formatter_class=fmt,
    )
    extract.add_argument("inputs", nargs="+", metavar="INPUT",
                         help="a .txt, .html, .json or .jsonl file, a directory, or '-' for stdin")
    extract.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    extract.add_argument("--format", choices=("jsonl", "table"), default="jsonl",
                         help="jsonl: one spec §2 record per line (default); table: one row per event "
                         "(doc id, type / sub-type, date, actor1 -> actor2, claims, casualties; "
                         "[bg] marks a background event)")
    add_common(extract)

    run = sub.add_parser(
        "run",
        help="extract, store in SQLite and summarise (default: the shipped example reports)",
        description="Extract every document, store it with its events, claims, casualties and "
        "contradictions in a SQLite database, and print a summary. With no INPUT it runs on the "
        "example reports shipped with marsad. Storing is idempotent: a document already in the "
        "database is not stored twice.",
        epilog=RUN_EXAMPLES + "\n" + EXIT_CODES_HELP,
        formatter_class=fmt,
    )
    run.add_argument("inputs", nargs="*", metavar="INPUT",
                     help="files, directories or '-' (default: the shipped example reports)")
    run.add_argument("--db", default="marsad.db", metavar="PATH|URL",
                     help="database to create or add to: a SQLite file path, or a postgresql:// URL "
                     "(default: marsad.db)")
    add_common(run)
    add_gazetteer_parser(sub)
    add_incidents_parsers(sub)
    add_serve_parser(sub)
    return parser


# --------------------------------------------------------------------------- processing


@dataclass
class Tally:
    processed: int = 0
    failed: int = 0
    interrupted: bool = False

    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.processed == 0:
            return EXIT_FATAL
        return EXIT_PARTIAL if self.failed else EXIT_OK


class Fatal(Exception):
    """Stops the command with exit code 3; the message is printed as is."""


@dataclass
class Reporter:
    """Everything that goes to stderr: error lines, the error file, the progress bar."""

    stderr: IO[str]
    errors_file: IO[str] | None = None
    bar: Any = None

    def error(self, err: MarsadError, origin: str | None = None) -> None:
        where = err.origin or origin or "?"
        message = str(err)
        # Input errors often begin with their origin already; say it once.
        if message.startswith(f"{where}: "):
            message = message[len(where) + 2:]
        self.say(f"error: {where}: {err.code}: {message}")
        if self.errors_file is not None:
            entry = err.as_dict()
            entry["origin"] = where
            self.errors_file.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self.errors_file.flush()

    def say(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=self.stderr)
        else:
            print(line, file=self.stderr, flush=True)


def _records(
    paths: Sequence[str],
    engine: Engine,
    reporter: Reporter,
    tally: Tally,
    *,
    stdin: BinaryIO | None,
    max_bytes: int,
) -> Iterator[dict[str, Any]]:
    """Each document's record in input order. Failures are reported and counted here, never
    raised; the caller counts a record as processed once it has written or stored it."""
    from marsad.ingest import read_inputs

    for item in read_inputs(paths, stdin=stdin, max_bytes=max_bytes):
        record = _record_of(item, engine, reporter, tally)
        if reporter.bar is not None:
            reporter.bar.update(1)
        if record is not None:
            yield record


def _record_of(item: Any, engine: Engine, reporter: Reporter, tally: Tally) -> dict[str, Any] | None:
    if isinstance(item, MarsadError):
        tally.failed += 1
        reporter.error(item)
        return None
    result = engine.pipeline.process_raw(item)
    if result.error is not None or result.doc is None:
        tally.failed += 1
        reporter.error(result.error or ProcessingError("no document and no error", result.origin),
                       result.origin)
        return None
    try:
        return engine.record(result.doc)
    except MarsadError as exc:
        tally.failed += 1
        reporter.error(exc, result.origin)
        return None


def _want_bar(args: argparse.Namespace, stderr: IO[str]) -> bool:
    if args.quiet:
        return False
    return bool(args.progress or stderr.isatty())


def _make_bar(paths: Sequence[str], args: argparse.Namespace, stderr: IO[str]) -> Any:
    if not _want_bar(args, stderr):
        return None
    from marsad.ingest import count_inputs

    total = count_inputs(paths)
    if total is not None and total <= 1:
        return None
    from tqdm import tqdm

    return tqdm(total=total, file=stderr, unit="doc", dynamic_ncols=True, leave=False)


@contextlib.contextmanager
def _open_for_writing(path: str | None, default: IO[str], what: str) -> Iterator[IO[str]]:
    if path is None or path == "-":
        yield default
        return
    try:
        handle = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise Fatal(f"cannot write {what} {path}: {exc.strerror or exc}") from exc
    try:
        yield handle
    finally:
        handle.close()


def _to_json_line(record: dict[str, Any]) -> str:
    try:
        return json.dumps(record, ensure_ascii=False) + "\n"
    except (TypeError, ValueError) as exc:
        raise ProcessingError(f"record is not JSON-serialisable: {exc}",
                              str(record.get("doc_id"))) from exc


# --------------------------------------------------------------------------- formatting


def _fmt_count(cas: dict[str, Any]) -> str:
    low, high = cas.get("low"), cas.get("high")
    if low is None and high is None:
        figure = "?"
    elif low == high or high is None:
        figure = str(low)
    elif low is None:
        figure = f"up to {high}"
    else:
        figure = f"{low}-{high}"
    if cas.get("approximate"):
        figure = "about " + figure
    group = cas.get("group")
    who = f" {group}" if group and group != "unknown" else ""
    return f"{figure}{who} {str(cas.get('category', '?')).replace('_', ' ')}"


def _actor(event: dict[str, Any], role: str) -> str:
    for actor in event.get("actors") or ():
        if actor.get("role") == role:
            return str(actor.get("canonical") or actor.get("text") or "?")
    return "?"


def _fmt_date(date: Any) -> str:
    if not isinstance(date, dict) or not date.get("start"):
        return "date unknown"
    start, end = date.get("start"), date.get("end")
    return str(start) if not end or end == start else f"{start}..{end}"


def _fmt_place(location: Any) -> str:
    if not isinstance(location, dict) or not location.get("text"):
        return "place unknown"
    text = str(location["text"])
    name_en = location.get("name_en")
    lat, lon = location.get("lat"), location.get("lon")
    where = f" ({name_en})" if name_en else ""
    coords = f" {lat:.4f}, {lon:.4f}" if isinstance(lat, int | float) and isinstance(lon, int | float) else ""
    return text + where + coords


def _sources(record: dict[str, Any]) -> dict[str, str]:
    out = {}
    for claim in record.get("claims") or ():
        source = claim.get("source") or {}
        name = source.get("canonical") or source.get("text") or "unknown source"
        if claim.get("stance") == "denies":
            name += " (denies)"
        out[str(claim.get("id"))] = str(name)
    return out


def table_header() -> str:
    return _table_row("doc id", "event type / sub-type", "date", "actor1 -> actor2", "claims", "casualties")


def _table_row(doc_id: str, kind: str, date: str, actors: str, claims: str, casualties: str) -> str:
    def cell(value: str, width: int) -> str:
        value = value if len(value) <= width else value[: width - 1] + "…"
        return value.ljust(width)

    # Casualties come last so that the longest cell is never cut.
    return "  ".join(
        (cell(doc_id, 28), cell(kind, 66), cell(date, 22), cell(actors, 52), cell(claims, 6), casualties)
    ).rstrip()


def table_rows(record: dict[str, Any]) -> list[str]:
    doc_id = str(record.get("doc_id", "?"))
    events = record.get("events") or []
    if not events:
        return [_table_row(doc_id, "(no event)", "", "", str(len(record.get("claims") or [])), "")]
    rows = []
    for event in events:
        kind = f"{event.get('event_type', '?')} / {event.get('sub_event_type', '?')}"
        if event.get("background"):
            kind = "[bg] " + kind
        date = event.get("date") or {}
        rows.append(_table_row(
            doc_id,
            kind,
            _fmt_date(date) if date.get("start") else "?",
            f"{_actor(event, 'actor1')} -> {_actor(event, 'actor2')}",
            str(len(event.get("claims") or [])),
            "; ".join(_fmt_count(c) for c in event.get("casualties") or ()) or "-",
        ))
    return rows


@dataclass
class RunSummary:
    """What ``marsad run`` prints: counts for everything, details for the first documents."""

    stored: int = 0
    already: int = 0
    events_by_type: Counter[str] = field(default_factory=Counter)
    details: list[str] = field(default_factory=list)
    detailed_docs: int = 0
    more_docs: int = 0

    def add(self, record: dict[str, Any], *, new: bool) -> None:
        if new:
            self.stored += 1
        else:
            self.already += 1
        events = record.get("events") or []
        for event in events:
            label = f"{event.get('event_type', '?')} / {event.get('sub_event_type', '?')}"
            self.events_by_type[label + (" (background)" if event.get("background") else "")] += 1
        if self.detailed_docs >= RUN_DETAIL_DOCS:
            self.more_docs += 1
            return
        self.detailed_docs += 1
        self.details.extend(describe_record(record))


def describe_record(record: dict[str, Any]) -> list[str]:
    """A readable account of one record: each event with its sources, then contradictions."""
    sources = _sources(record)

    def cited(claim_ids: Sequence[Any]) -> str:
        return ", ".join(sources.get(str(c), str(c)) for c in claim_ids) or "no attributed source"

    head = str(record.get("doc_id", "?"))
    if record.get("published"):
        head += f"  (published {record['published']})"
    lines = ["", head]
    if record.get("title"):
        lines.append(f"  {record['title']}")
    events = record.get("events") or []
    if not events:
        lines.append("  no event found")
    for event in events:
        kind = f"{event.get('event_type', '?')} / {event.get('sub_event_type', '?')}"
        flag = "  [background]" if event.get("background") else ""
        lines.append(f"  {short_id(event.get('id'))}  {kind}{flag}")
        date = event.get("date") or {}
        precision = date.get("precision") or "unknown"
        lines.append(f"      date        {_fmt_date(date)} ({precision}, anchor: {date.get('anchor') or 'none'})")
        lines.append(f"      place       {_fmt_place(event.get('location'))}")
        lines.append(f"      actors      {_actor(event, 'actor1')} -> {_actor(event, 'actor2')}")
        casualties = event.get("casualties") or []
        if casualties:
            for n, cas in enumerate(casualties):
                label = "casualties" if n == 0 else ""
                claim = cas.get("claim")
                lines.append(f"      {label:<11} {_fmt_count(cas)}  per {cited([claim] if claim else [])}")
        else:
            lines.append("      casualties  none reported")
        if event.get("claims"):
            lines.append(f"      sources     {cited(event['claims'])}")
    for con in record.get("contradictions") or ():
        names = [sources.get(str(c), str(c)) for c in con.get("claims") or []]
        summary = str(con.get("summary") or "")
        line = f"  contradiction ({con.get('field', '?')}, {short_id(con.get('event'))}): {summary}"
        # Both sides are always named: in the summary already, or after it.
        if not summary or not all(name.removesuffix(" (denies)") in summary for name in names):
            line += f"  [{' vs '.join(names)}]"
        lines.append(line)
    return lines


def short_id(event_id: Any) -> str:
    """An event id without its document-id prefix ("doc:e1" -> "e1"); the document is the heading."""
    text = str(event_id) if event_id is not None else "?"
    return text.rsplit(":", 1)[-1] if ":" in text else text


def print_run_summary(summary: RunSummary, tally: Tally, db_path: str, totals: tuple[int, int],
                      out: IO[str]) -> None:
    print(f"documents: {tally.processed} processed, {tally.failed} failed "
          f"({summary.stored} newly stored, {summary.already} already in the database)", file=out)
    if summary.events_by_type:
        print("\nevents by type:", file=out)
        width = max(len(label) for label in summary.events_by_type)
        for label, count in sorted(summary.events_by_type.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {label:<{width}}  {count}", file=out)
    else:
        print("\nno events found", file=out)
    for line in summary.details:
        print(line, file=out)
    if summary.more_docs:
        print(f"\n... and {summary.more_docs} more documents (see the database)", file=out)
    docs, events = totals
    print(f"\ndatabase: {db_path} ({docs} documents, {events} events)", file=out)


# --------------------------------------------------------------------------- commands


def _resolve_engine(source: EngineSource | None, args: argparse.Namespace | None = None) -> Engine:
    if isinstance(source, Engine):
        return source
    headline = not getattr(args, "no_headline", False)
    factory = source or functools.partial(default_engine, headline)
    try:
        return factory()
    except MarsadError as exc:
        raise Fatal(f"cannot load the pipeline: {exc.code}: {exc}") from exc
    except ImportError as exc:
        # A broken installation: a clear message and exit code 3, not a traceback and code 1.
        raise Fatal(f"cannot load the pipeline: {exc}; reinstall marsad (make run)") from exc


def _cmd_extract(args: argparse.Namespace, engine_source: EngineSource | None, stdin: BinaryIO | None,
                 stdout: IO[str], stderr: IO[str]) -> int:
    tally = Tally()
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(_open_for_writing(args.output, stdout, "output"))
        errors_file = stack.enter_context(_open_for_writing(args.errors, stderr, "errors")) \
            if args.errors else None
        engine = _resolve_engine(engine_source, args)
        reporter = Reporter(stderr, errors_file)
        reporter.bar = _make_bar(args.inputs, args, stderr)
        if reporter.bar is not None:
            stack.callback(reporter.bar.close)
        if args.format == "table":
            out.write(table_header() + "\n")
        try:
            for record in _records(args.inputs, engine, reporter, tally, stdin=stdin,
                                   max_bytes=args.max_bytes):
                try:
                    text = _to_json_line(record) if args.format == "jsonl" else \
                        "\n".join(table_rows(record)) + "\n"
                except ProcessingError as exc:
                    tally.failed += 1
                    reporter.error(exc)
                    continue
                out.write(text)
                # Flushed per record: nothing extracted is lost if a later document or the run fails.
                out.flush()
                tally.processed += 1
        except KeyboardInterrupt:
            tally.interrupted = True
    _closing_tally(args, tally, stderr)
    return tally.exit_code()


def _closing_tally(args: argparse.Namespace, tally: Tally, stderr: IO[str]) -> None:
    if tally.interrupted:
        print(f"interrupted after {tally.processed} documents; those are written", file=stderr)
    elif tally.processed == 0 and tally.failed == 0:
        print("error: no input documents found", file=stderr)
    elif tally.processed == 0:
        print(f"error: none of the {tally.failed} documents could be processed", file=stderr)
    elif not args.quiet:
        print(f"{tally.processed} documents processed, {tally.failed} failed", file=stderr)


@contextlib.contextmanager
def _example_inputs() -> Iterator[list[str]]:
    examples = importlib.resources.files("marsad").joinpath("examples")
    with importlib.resources.as_file(examples) as path:
        if not Path(path).is_dir():
            raise Fatal(f"the example reports are missing from this installation ({path})")
        yield [str(path)]


def _cmd_run(args: argparse.Namespace, engine_source: EngineSource | None, stdin: BinaryIO | None,
             stdout: IO[str], stderr: IO[str]) -> int:
    from marsad.store import Store

    tally = Tally()
    summary = RunSummary()
    with contextlib.ExitStack() as stack:
        inputs = list(args.inputs) or stack.enter_context(_example_inputs())
        errors_file = stack.enter_context(_open_for_writing(args.errors, stderr, "errors")) \
            if args.errors else None
        engine = _resolve_engine(engine_source, args)
        try:
            # A path opens SQLite, a postgresql:// URL PostgreSQL (see marsad.store.open_store).
            store = stack.enter_context(Store.open(args.db))
        except StoreError as exc:
            raise Fatal(f"cannot open the database: {exc}") from exc
        db_shown = os.path.abspath(args.db) if store.backend == "sqlite" else store.target
        reporter = Reporter(stderr, errors_file)
        reporter.bar = _make_bar(inputs, args, stderr)
        if reporter.bar is not None:
            stack.callback(reporter.bar.close)
        try:
            for record in _records(inputs, engine, reporter, tally, stdin=stdin, max_bytes=args.max_bytes):
                try:
                    new = store.add(record)
                except StoreError as exc:
                    raise Fatal(f"cannot store {record.get('doc_id')}: {exc}") from exc
                tally.processed += 1
                summary.add(record, new=new)
        except KeyboardInterrupt:
            tally.interrupted = True
        totals = (store.count_documents(), store.count_events())
        if reporter.bar is not None:
            reporter.bar.close()
            reporter.bar = None
    if tally.processed:
        print_run_summary(summary, tally, db_shown, totals, stdout)
        stdout.flush()
    _closing_tally(args, tally, stderr)
    return tally.exit_code()


def _utf8(stream: IO[str]) -> IO[str]:
    # Arabic must come out whatever the locale says (a C locale would make print() raise).
    if isinstance(stream, io.TextIOWrapper) and (stream.encoding or "").lower().replace("-", "") != "utf8":
        stream.reconfigure(encoding="utf-8")
    return stream


def main(
    argv: Sequence[str] | None = None,
    *,
    engine: EngineSource | None = None,
    stdin: BinaryIO | None = None,
) -> int:
    """Run the command line; returns the exit code. ``engine`` replaces the real pipeline (tests)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version (0) and usage errors (2)
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    stdout, stderr = _utf8(sys.stdout), _utf8(sys.stderr)
    if args.command == "gazetteer":
        return run_gazetteer(args, stdout, stderr)
    if args.command in ("incidents", "show"):
        return run_incidents(args, stdout, stderr)
    if args.command == "serve":
        return run_serve(args, stderr)
    command = _cmd_extract if args.command == "extract" else _cmd_run
    try:
        return command(args, engine, stdin, stdout, stderr)
    except Fatal as exc:
        print(f"error: {exc}", file=stderr)
        return EXIT_FATAL
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep Python from complaining
        # again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FATAL
    except KeyboardInterrupt:
        print("interrupted", file=stderr)
        return EXIT_INTERRUPTED
