#!/usr/bin/env python3
"""Regenerate the golden whole-document files in tests/golden/ from the current pipeline.

    python scripts/update_golden.py          # write tests/golden/<doc_id>.json for each example
    python scripts/update_golden.py --check  # only show what would change

Each golden file holds the fields that matter of one example report in
src/marsad/examples/examples.jsonl (events, claims, contradictions), with claim ids replaced by
their sources so that the files do not depend on numbering. A section whose expected value was
written by hand because the pipeline gets it wrong is listed under "xfail" with the reason; this
script never overwrites such a section (it says whether the output now matches, so the entry can
be removed). Read the diff before committing regenerated files: a golden file records what is
right, not merely what the pipeline does today.
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
        for section in SECTIONS:
            if section in xfail:
                new[section] = old[section]
                state = "now matches: remove the xfail entry" if view[section] == old[section] else "still differs"
                print(f"{doc_id}: {section}: hand-written expected value kept ({state})")
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
