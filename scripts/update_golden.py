#!/usr/bin/env python3
"""Regenerate the golden whole-document files in tests/golden/ from the current pipeline.

    python scripts/update_golden.py          # write tests/golden/<doc_id>.json for each example
    python scripts/update_golden.py --check  # only show what would change

Each golden file holds the fields that matter of one example report in
src/marsad/examples/examples.jsonl (events, claims, contradictions), with claim ids replaced by
their sources so that the files do not depend on numbering. The test checks each expected event,
the absence of extra events, the claims and the contradictions separately.

Where the pipeline gets something wrong, the expected value is written by hand and marked: an
event carries "xfail": "<reason>", a section ("claims", "contradictions", "extra_events") is
listed in the file's "xfail" map. This script never overwrites hand-marked values: a file with an
xfail event keeps its events as they are, a section listed in "xfail" keeps its value; it says
whether the output now matches, so that the mark can be removed. Read the diff before committing
regenerated files: a golden file records what is right, not merely what the pipeline does today.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "src" / "marsad" / "examples" / "examples.jsonl"
GOLDEN_DIR = REPO / "tests" / "golden"
SECTIONS = ("events", "claims", "contradictions")
EVENT_FIELDS = ("event_type", "sub_event_type", "background", "date", "actor1", "actor2", "casualties", "claims")


def _sort(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda x: json.dumps(x, ensure_ascii=False, sort_keys=True))


def golden_view(rec: dict[str, Any]) -> dict[str, Any]:
    """The fields of a spec §2 record that the golden files pin, in a stable order."""
    source = {c["id"]: c["source"]["canonical"] for c in rec["claims"]}
    events = [{
        "event_type": e["event_type"],
        "sub_event_type": e["sub_event_type"],
        "background": e["background"],
        "date": {k: e["date"][k] for k in ("start", "end", "precision")},
        "actor1": [a["canonical"] for a in e["actors"] if a["role"] == "actor1"],
        "actor2": [a["canonical"] for a in e["actors"] if a["role"] == "actor2"],
        "casualties": [{"category": c["category"], "group": c["group"], "low": c["low"], "high": c["high"],
                        "approximate": c["approximate"], "source": source.get(c["claim"])}
                       for c in e["casualties"]],
        "claims": [source.get(cid, cid) for cid in e["claims"]],
    } for e in rec["events"]]
    claims = [{"source": c["source"]["canonical"], "via": [v["canonical"] for v in c["via"]],
               "stance": c["stance"]} for c in rec["claims"]]
    contradictions = [{"field": x["field"], "sides": [source.get(cid, cid) for cid in x["claims"]]}
                      for x in rec["contradictions"]]
    return order_view({"events": events, "claims": claims, "contradictions": contradictions})


def order_view(view: dict[str, Any]) -> dict[str, Any]:
    """Sort what has no meaningful order, so that a golden file does not depend on numbering or on
    the order of secondary events (the sides of a contradiction keep theirs: asserting side first)."""
    events = []
    for e in view.get("events", []):
        e = dict(e)
        for key in ("actor1", "actor2", "claims"):
            e[key] = sorted(set(e[key]))
        e["casualties"] = _sort(e["casualties"])
        events.append(e)
    events.sort(key=lambda e: (e["background"], e["date"]["start"] or "", e["event_type"], e["sub_event_type"],
                               json.dumps(e, ensure_ascii=False, sort_keys=True)))
    out = dict(view)
    out.update(events=events, claims=_sort(view.get("claims", [])),
               contradictions=_sort(view.get("contradictions", [])))
    return out


def current_records() -> dict[str, dict[str, Any]]:
    """The pipeline's records for the shipped examples, by document id."""
    from marsad.ingest import read_inputs
    from marsad.output import document_record
    from marsad.pipeline import Pipeline

    pipe = Pipeline.default()
    out: dict[str, dict[str, Any]] = {}
    for res in pipe.process_all(read_inputs([str(EXAMPLES)])):
        if res.doc is None:
            raise SystemExit(f"example {res.origin} failed: {res.error!r}")
        out[res.doc.id] = document_record(res.doc)
    return out


def golden_path(doc_id: str) -> Path:
    return GOLDEN_DIR / f"{doc_id}.json"


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def diff(expected: Any, actual: Any, label: str) -> str:
    return "".join(difflib.unified_diff(dumps(expected).splitlines(keepends=True),
                                        dumps(actual).splitlines(keepends=True),
                                        fromfile=f"{label} (golden)", tofile=f"{label} (pipeline now)"))


def strip_marks(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k != "xfail"}


def match_events(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> list[int | None]:
    """For each expected event, the index of the output event it is compared with (or None).

    Pairs are taken best first by the number of equal fields; a pair must agree on the event
    type and on being background, or on at least half of the fields."""
    pairs = []
    for i, e in enumerate(expected):
        for j, a in enumerate(actual):
            score = sum(e.get(k) == a.get(k) for k in EVENT_FIELDS)
            agree = e["event_type"] == a["event_type"] and e["background"] == a["background"]
            if agree or score >= len(EVENT_FIELDS) // 2:
                pairs.append((-score, i, j))
    out: list[int | None] = [None] * len(expected)
    used: set[int] = set()
    for _, i, j in sorted(pairs):
        if out[i] is None and j not in used:
            out[i] = j
            used.add(j)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--check", action="store_true", help="show what would change, write nothing")
    args = ap.parse_args(argv)
    changed = 0
    for doc_id, rec in current_records().items():
        view = golden_view(rec)
        path = golden_path(doc_id)
        old: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        xfail: dict[str, str] = old.get("xfail", {})
        new: dict[str, Any] = {"doc_id": doc_id, "published": rec["published"]}
        marked = [e for e in old.get("events", []) if "xfail" in e]
        for section in SECTIONS:
            if section in xfail or (section == "events" and marked):
                new[section] = old[section]
                if section == "events":
                    matched = match_events(old[section], view[section])
                    for e, j in zip(old[section], matched, strict=True):
                        if "xfail" in e:
                            now = j is not None and view[section][j] == strip_marks(e)
                            print(f"{doc_id}: event {e['event_type']} / {e['sub_event_type']} is hand-written "
                                  f"({'now matches: remove its xfail' if now else 'still differs'})")
                else:
                    now = view[section] == old[section]
                    print(f"{doc_id}: {section} is hand-written "
                          f"({'now matches: remove its xfail' if now else 'still differs'})")
            else:
                new[section] = view[section]
        if xfail:
            new["xfail"] = xfail
        if new != old:
            changed += 1
            print(diff(old, new, path.name) or f"{path.name}: new file")
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(dumps(new), encoding="utf-8")
    print(f"{changed} golden file(s) {'would change' if args.check else 'written'}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
