"""Time and memory of building incidents over N records (not a test).

    .venv/bin/python scripts/benchmark_incidents.py --synthetic 20000
    .venv/bin/python scripts/benchmark_incidents.py --records out.jsonl [--repeat 5]

Synthetic records imitate a conflict corpus: a few reports per event, events spread over days and
places, a share of near-copies, some events without dates or coordinates. ``--repeat`` reuses real
records under new ids (with dates shifted by a year per copy) to reach corpus sizes the dev data
lacks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import time
from collections.abc import Iterator
from typing import Any

from marsad.incidents import IncidentCorpus

WORDS = ["قصف", "غارة", "طيران", "حربي", "روسي", "مدنيين", "مقتل", "اصابة", "بلدة", "ريف", "ادلب", "حلب", "حماة", "دير", "الزور", "الدفاع", "المدني", "مصادر", "محلية", "صواريخ", "قذائف", "مدفعية", "منزل", "سوق", "مخيم", "نازحين", "طفل", "امرأة", "شاب", "مسعفين"]
ACTORS = ("Russian military", "Syrian government forces", "US-led coalition", "Turkish military", "ISIS")


def synthetic(n: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    # A news vocabulary is large: a few thousand made-up words besides the conflict ones.
    vocab = list(WORDS) + ["".join(rng.choice(letters) for _ in range(rng.randrange(3, 8))) for _ in range(5000)]
    start = dt.date(2016, 1, 1)
    produced = 0
    while produced < n:
        day = start + dt.timedelta(days=rng.randrange(365 * 6))
        lat, lon = 33 + rng.random() * 4, 36 + rng.random() * 4
        actor = rng.choice(ACTORS)
        killed = rng.randrange(0, 30)
        base = " ".join(rng.choice(vocab) for _ in range(400))
        for k in range(rng.choice((1, 1, 2, 3, 4, 6))):
            produced += 1
            doc_id = f"syn-{produced}"
            text = base if k and rng.random() < 0.3 else " ".join(rng.choice(vocab) for _ in range(400))
            dated = rng.random() < 0.6
            yield {
                "doc_id": doc_id, "published": day.isoformat() if rng.random() < 0.5 else None, "text": text,
                "events": [{"id": f"{doc_id}:e1", "event_type": "Explosions/Remote violence",
                            "sub_event_type": "Air/drone strike", "background": False,
                            "date": {"start": day.isoformat() if dated else None, "end": day.isoformat() if dated else None,
                                     "precision": "day" if dated else "unknown"},
                            "location": {"text": f"قرية {int(lat * 100)}", "lat": lat if rng.random() < 0.8 else None,
                                         "lon": lon, "precision": 1, "gazetteer_id": f"g{int(lat * 100)}{int(lon * 100)}"},
                            "actors": [{"role": "actor1", "canonical": actor}],
                            "casualties": [{"category": "killed", "low": killed + rng.choice((0, 0, 2)),
                                            "high": killed + 2, "claim": "c1"}],
                            "claims": ["c1"]}],
                "claims": [{"id": "c1", "source": {"canonical": rng.choice(("SOHR", "Civil Defence", "local sources")),
                                                   "kind": "ngo"}, "via": [], "stance": "asserts",
                            "events": [f"{doc_id}:e1"], "evidence": {"start": 0, "end": 80}}],
                "contradictions": [],
            }
            if produced >= n:
                return


def repeated(path: str, times: int) -> Iterator[dict[str, Any]]:
    for k in range(times):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if k:
                    rec["doc_id"] = f"{rec['doc_id']}~{k}"
                    for ev in rec.get("events") or ():
                        ev["id"] = f"{rec['doc_id']}:{ev['id']}"
                        date = ev.get("date") or {}
                        for key in ("start", "end"):
                            if isinstance(date.get(key), str) and len(date[key]) >= 10:
                                date[key] = str(int(date[key][:4]) + 20 * k) + date[key][4:10]
                        for cas in ev.get("casualties") or ():
                            cas["claim"] = cas.get("claim")
                    if rec.get("published"):
                        rec["published"] = str(int(rec["published"][:4]) + 20 * k) + rec["published"][4:10]
                yield rec


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--synthetic", type=int, metavar="N", help="N synthetic records")
    ap.add_argument("--records", metavar="FILE", help="spec §2 records (JSON lines)")
    ap.add_argument("--repeat", type=int, default=1, help="copies of --records under new ids")
    args = ap.parse_args(argv)
    if not args.synthetic and not args.records:
        ap.error("give --synthetic N or --records FILE")
    records = synthetic(args.synthetic) if args.synthetic else repeated(args.records, args.repeat)
    t0 = time.perf_counter()
    corpus = IncidentCorpus()
    # In batches, as a loader would: memory then holds the index and slim summaries, not the texts.
    batch: list[dict[str, Any]] = []
    docs = 0
    for rec in records:
        batch.append(rec)
        if len(batch) == 5000:
            corpus.add_records(batch)
            docs += len(batch)
            batch = []
    corpus.add_records(batch)
    docs += len(batch)
    seconds = time.perf_counter() - t0
    incidents = sum(1 for _ in corpus.incidents())
    reports = len(corpus.builder.member_of)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{docs} documents, {reports} reports -> {incidents} incidents in {seconds:.1f} s "
          f"({docs / seconds:.0f} documents/s); peak RSS {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
