#!/usr/bin/env python3
"""Throughput and memory of the default pipeline on one core.

    python scripts/benchmark.py --corpus docs.jsonl              # spec §1 JSON lines
    python scripts/benchmark.py --saudinewsnet ../shared/data/news-saudinewsnet --limit 2000
    python scripts/benchmark.py --corpus src/marsad/examples/examples.jsonl --repeat 200 --json
    python scripts/benchmark.py --saudinewsnet DIR --limit 500 --profile 300   # where the time goes

The corpus is read into memory first, so the timed loop measures extraction only (plus, when
``marsad.output`` is there, building the spec §2 record and serialising it to JSON, as
``marsad extract`` does). Peak memory is reported two ways: tracemalloc's peak of Python
allocations during a second, traced pass (tracing slows Python down, so it is kept out of the
timed pass), and the process's maximum resident set size from getrusage.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.ingest import RawDocument, read_inputs, record_to_raw
from marsad.pipeline import Pipeline


def saudinewsnet_records(folder: Path) -> Iterator[tuple[dict[str, Any], str]]:
    """Articles of the SaudiNewsNet zips (each holds ``<day>.json``, a list of articles) as
    spec §1 records, in file order."""
    zips = sorted(folder.glob("*.zip"))
    if not zips:
        raise SystemExit(f"no .zip files in {folder}")
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith(".json"):
                    continue
                articles = json.loads(archive.read(name).decode("utf-8"))
                for n, art in enumerate(articles):
                    content = art.get("content")
                    if not isinstance(content, str) or not content.strip():
                        continue
                    date = art.get("date_extracted")
                    yield {
                        "id": f"{path.stem}-{n}",
                        "text": content,
                        "title": art.get("title"),
                        "published": date[:10] if isinstance(date, str) else None,
                        "url": art.get("url"),
                        "publisher": art.get("source"),
                    }, f"{path.name}:{name}:{n}"


def load_corpus(args: argparse.Namespace) -> list[RawDocument]:
    docs: list[RawDocument] = []
    skipped = 0
    if args.saudinewsnet:
        for record, origin in saudinewsnet_records(Path(args.saudinewsnet)):
            item = record_to_raw(record, origin)
            if isinstance(item, MarsadError):
                skipped += 1
                continue
            docs.append(item)
            if len(docs) >= args.limit:
                break
    else:
        for item in read_inputs([args.corpus]):
            if isinstance(item, MarsadError):
                skipped += 1
                continue
            docs.append(item)
            if len(docs) >= args.limit:
                break
    if skipped:
        print(f"note: {skipped} input items could not be read and were left out", file=sys.stderr)
    if not docs:
        raise SystemExit("the corpus holds no readable document")
    return docs * args.repeat


def record_function() -> Callable[[Any], dict[str, Any]] | None:
    try:
        from marsad.output import document_record
    except ImportError:
        return None
    return document_record


def one_pass(pipe: Pipeline, docs: list[RawDocument],
             to_record: Callable[[Any], dict[str, Any]] | None) -> tuple[float, int, int]:
    failed = events = 0
    t0 = time.perf_counter()
    for raw in docs:
        result = pipe.process_raw(raw)
        if result.doc is None:
            failed += 1
            continue
        events += len(result.doc.events)
        if to_record is not None:
            json.dumps(to_record(result.doc), ensure_ascii=False)
    return time.perf_counter() - t0, failed, events


def profile(pipe: Pipeline, docs: list[RawDocument],
            to_record: Callable[[Any], dict[str, Any]] | None) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(one_pass, pipe, docs, to_record)
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("tottime").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--corpus", help="a JSONL file (spec §1), or any input marsad extract accepts")
    src.add_argument("--saudinewsnet", metavar="DIR", help="the news-saudinewsnet folder of zips")
    ap.add_argument("--limit", type=int, default=2000, help="documents to read (default 2000)")
    ap.add_argument("--repeat", type=int, default=1, help="process the corpus this many times")
    ap.add_argument("--traced", type=int, default=500,
                    help="documents in the tracemalloc pass (default 500; 0 skips it)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="also profile N documents with cProfile and print the top functions to stderr")
    args = ap.parse_args(argv)

    docs = load_corpus(args)
    chars = sum(len(d.text or d.html or "") for d in docs)
    utf8_bytes = sum(len((d.text or d.html or "").encode("utf-8")) for d in docs)

    t0 = time.perf_counter()
    pipe = Pipeline.default()
    load_seconds = time.perf_counter() - t0
    to_record = record_function()

    one_pass(pipe, docs[: min(20, len(docs))], to_record)  # warm-up: first-call costs out of the figure
    seconds, failed, events = one_pass(pipe, docs, to_record)

    traced_peak = None
    if args.traced > 0:
        tracemalloc.start()
        one_pass(pipe, docs[: args.traced], to_record)
        traced_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    if args.profile > 0:
        profile(pipe, docs[: args.profile], to_record)
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    maxrss_mb = maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024

    figures = {
        "documents": len(docs),
        "failed": failed,
        "events": events,
        "mean_chars": round(chars / len(docs)),
        "mean_kb_utf8": round(utf8_bytes / len(docs) / 1024, 2),
        "pipeline_load_s": round(load_seconds, 3),
        "seconds": round(seconds, 3),
        "docs_per_s": round(len(docs) / seconds, 1) if seconds else None,
        "mb_per_s": round(utf8_bytes / seconds / 1e6, 3) if seconds else None,
        "includes_record_json": to_record is not None,
        "tracemalloc_peak_mb": round(traced_peak / 1e6, 1) if traced_peak is not None else None,
        "traced_documents": min(args.traced, len(docs)) if args.traced > 0 else 0,
        "maxrss_mb": round(maxrss_mb, 1),
    }
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        width = max(len(k) for k in figures)
        for key, value in figures.items():
            print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
