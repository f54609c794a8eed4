#!/usr/bin/env python3
"""Load test of the REST API: fill a store with many events, serve it, and hammer GET /api/events.

    .venv/bin/python scripts/load_api.py                          # 100,000 events, 20 clients, 30 s
    .venv/bin/python scripts/load_api.py --seconds 60 --workers 2 --json
    .venv/bin/python scripts/load_api.py --postgres postgresql://marsad@localhost/marsad_load

The events are derived from the pipeline's records of the example reports shipped with marsad (the
pipeline runs once per example, not once per event): each copy gets its own doc id, a date between
2014 and 2024, a place in Syria, Iraq or Yemen and an ACLED type drawn with rough real-world weights,
and the copies are written with ``Store.add_many`` in batches. Then ``marsad serve`` runs in a
subprocess and N concurrent clients (wrk when it is installed, else asyncio + httpx; one connection
each) ask for random filtered pages: a bounding box, a date range and an event type, limit 100. It prints the number of requests,
errors, latency percentiles and requests per second; with --json, one JSON object.

This is a script, not a test: the clients share the machine with the server, so the figures are
those of one small box doing both.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib.resources
import json
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

# (min_lon, min_lat, max_lon, max_lat) of the three countries, roughly.
COUNTRIES = {
    "SY": (35.8, 32.4, 42.3, 37.2),
    "IQ": (39.0, 29.2, 48.5, 37.3),
    "YE": (42.7, 12.7, 53.0, 18.9),
}
# (event type, sub-event type, weight): roughly how often each kind appears in these countries.
KINDS = (
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 24),
    ("Explosions/Remote violence", "Air/drone strike", 18),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 6),
    ("Battles", "Armed clash", 20),
    ("Battles", "Government regains territory", 1),
    ("Violence against civilians", "Attack", 9),
    ("Violence against civilians", "Abduction/forced disappearance", 2),
    ("Protests", "Peaceful protest", 8),
    ("Riots", "Violent demonstration", 2),
    ("Strategic developments", "Arrests", 5),
    ("Strategic developments", "Looting/property destruction", 3),
    ("Strategic developments", "Other", 2),
)
FIRST_DAY = dt.date(2014, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
BATCH = 500


# --------------------------------------------------------------------------- filling the store


def example_records() -> list[dict[str, Any]]:
    """The pipeline's spec §2 records of the shipped example reports (each with at least one event)."""
    from marsad.cli import default_engine
    from marsad.ingest import record_to_raw

    engine = default_engine()
    text = importlib.resources.files("marsad").joinpath("examples", "examples.jsonl").read_text("utf-8")
    records = []
    for n, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        raw = record_to_raw(json.loads(line), f"example {n}")
        if isinstance(raw, Exception):
            raise SystemExit(f"example {n}: {raw}")
        result = engine.pipeline.process_raw(raw)
        if result.doc is None:
            raise SystemExit(f"example {n}: {result.error}")
        record = engine.record(result.doc)
        if record.get("events"):
            records.append(record)
    return records


def _shift(date: Any, days: int) -> Any:
    if not isinstance(date, str) or len(date) < 10:
        return date
    return (dt.date.fromisoformat(date[:10]) + dt.timedelta(days=days)).isoformat()


def derived_records(templates: list[dict[str, Any]], events: int, seed: int) -> Iterator[dict[str, Any]]:
    """Copies of the templates with new ids, dates, places and kinds, ``events`` events in all."""
    rng = random.Random(seed)
    encoded = [json.dumps(t, ensure_ascii=False) for t in templates]
    weights = [w for *_, w in KINDS]
    span = (LAST_DAY - FIRST_DAY).days
    made = 0
    n = 0
    while made < events:
        k = n % len(templates)
        record = json.loads(encoded[k])
        record["doc_id"] = f"load-{n:07d}"
        published = templates[k].get("published")
        new_day = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        shift = (new_day - dt.date.fromisoformat(published[:10])).days if published else 0
        record["published"] = _shift(published, shift) if published else new_day.isoformat()
        country = rng.choice(tuple(COUNTRIES))
        min_lon, min_lat, max_lon, max_lat = COUNTRIES[country]
        lon, lat = rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)
        record["events"] = record["events"][: events - made]
        for event in record["events"]:
            date = event.get("date") or {}
            if date.get("start"):
                date["start"], date["end"] = _shift(date.get("start"), shift), _shift(date.get("end"), shift)
            else:
                date.update(start=new_day.isoformat(), end=new_day.isoformat(), precision="day")
            event["date"] = date
            location = event.get("location") or {"text": "موقع", "precision": 2}
            location.update(lat=round(lat + rng.uniform(-0.2, 0.2), 5), lon=round(lon + rng.uniform(-0.2, 0.2), 5),
                            country=country, admin1=None)
            event["location"] = location
            event["event_type"], event["sub_event_type"], _ = rng.choices(KINDS, weights)[0]
        made += len(record["events"])
        n += 1
        yield record


def fill(target: str, templates: list[dict[str, Any]], events: int, seed: int, quiet: bool) -> dict[str, Any]:
    from marsad.store import Store

    started = time.perf_counter()
    documents = 0
    with Store.open(target) as store:
        batch: list[dict[str, Any]] = []
        for record in derived_records(templates, events, seed):
            batch.append(record)
            if len(batch) == BATCH:
                store.add_many(batch)
                documents += len(batch)
                batch = []
                if not quiet:
                    print(f"\r  {documents} documents written", end="", file=sys.stderr, flush=True)
        if batch:
            store.add_many(batch)
            documents += len(batch)
        counts = {"documents": store.count_documents(), "events": store.count_events()}
    if not quiet:
        print(file=sys.stderr)
    return {**counts, "seconds": round(time.perf_counter() - started, 1)}


def store_events(target: str) -> int:
    from marsad.store import Store

    try:
        with Store.open(target) as store:
            return store.count_events()
    except Exception:  # a store that does not open yet is simply not filled
        return 0


# --------------------------------------------------------------------------- the queries


def random_query(rng: random.Random) -> dict[str, Any]:
    """A bounding box of 1-6 degrees somewhere in the three countries, a range of 1 month to 2
    years, one event type, limit 100: what a map user panning and filtering asks for."""
    country = rng.choice(tuple(COUNTRIES))
    min_lon, min_lat, max_lon, max_lat = COUNTRIES[country]
    width, height = rng.uniform(1, 6), rng.uniform(1, 5)
    lon, lat = rng.uniform(min_lon, max_lon - 1), rng.uniform(min_lat, max_lat - 1)
    start = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
    end = min(LAST_DAY, start + dt.timedelta(days=rng.randrange(30, 730)))
    event_type = rng.choices(KINDS, [w for *_, w in KINDS])[0][0]
    return {"bbox": f"{lon:.3f},{lat:.3f},{min(180, lon + width):.3f},{min(90, lat + height):.3f}",
            "date_from": start.isoformat(), "date_to": end.isoformat(), "event_type": event_type,
            "limit": 100}


def profile_store(target: str, queries: int, seed: int) -> dict[str, float]:
    """The same kind of queries straight on the store, one at a time: the SQL's share of a request."""
    from marsad.store import EventQuery, Store

    rng = random.Random(seed)
    times = []
    with Store.open(target) as store:
        for _ in range(queries):
            q = random_query(rng)
            min_lon, min_lat, max_lon, max_lat = (float(v) for v in q["bbox"].split(","))
            query = EventQuery(bbox=(min_lon, min_lat, max_lon, max_lat), date_from=dt.date.fromisoformat(q["date_from"]),
                               date_to=dt.date.fromisoformat(q["date_to"]), event_types=(q["event_type"],),
                               limit=100)
            t0 = time.perf_counter()
            store.events(query)
            times.append((time.perf_counter() - t0) * 1000)
    return _percentiles(times)


def _percentiles(ms: list[float]) -> dict[str, float]:
    if not ms:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}
    cuts = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else [ms[0]] * 99
    return {"p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1), "p99_ms": round(cuts[98], 1),
            "max_ms": round(max(ms), 1)}


# --------------------------------------------------------------------------- server and clients


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(target: str, port: int, workers: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "marsad", "serve", "--db", target, "--port", str(port),
               "--workers", str(workers), "--threads", str(threads), "--no-access-log"]
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_API_TOKEN"}
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_server(proc)
            raise SystemExit(f"the server did not start; its log:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _server_timing(header: str | None, metric: str) -> float | None:
    for part in (header or "").split(","):
        name, _, rest = part.strip().partition(";")
        if name == metric and rest.startswith("dur="):
            return float(rest[4:])
    return None


async def _client(base: str, seed: int, until: float, latencies: list[float], store_ms: list[float],
                  errors: list[str]) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.perf_counter() < until:
            params = random_query(rng)
            t0 = time.perf_counter()
            try:
                response = await client.get("/api/events", params=params)
                # The body is not parsed: the clients share the CPUs with the server, and parsing
                # 100 events costs them milliseconds. A page always begins with its items.
                ok = response.status_code == 200 and response.content.startswith(b'{"items":[')
                problem = f"HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                ok, problem = False, type(exc).__name__
            elapsed = (time.perf_counter() - t0) * 1000
            if ok:
                latencies.append(elapsed)
                in_store = _server_timing(response.headers.get("server-timing"), "store")
                if in_store is not None:
                    store_ms.append(in_store)
            else:
                errors.append(problem)


async def hammer(base: str, clients: int, seconds: float, seed: int) -> dict[str, Any]:
    latencies: list[float] = []
    store_ms: list[float] = []
    errors: list[str] = []
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(_client(base, seed + n, until, latencies, store_ms, errors) for n in range(clients)))
    wall = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    requests = len(latencies) + len(errors)
    return {"requests": requests, "errors": len(errors), "error_kinds": sorted(set(errors)),
            "seconds": round(wall, 1), "requests_per_second": round(requests / wall, 1),
            "client_cpu_share": round(client_cpu / wall, 2),  # cores the clients themselves kept busy
            **_percentiles(latencies), "server_store": _percentiles(store_ms)}


# wrk (Debian package "wrk", a C load generator) keeps the clients' share of the two cores small; the
# Lua script cycles through pre-drawn random queries and reports the percentiles as one JSON line.
WRK_LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "errors": %%d, "non_2xx": %%d, "seconds": %%.2f, "p50": %%d, "p95": %%d, "p99": %%d, "max": %%d}\\n',
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def hammer_wrk(base: str, clients: int, seconds: float, seed: int, workdir: Path) -> dict[str, Any]:
    """The same random filtered pages as ``hammer``, asked by wrk with one connection per client."""
    rng = random.Random(seed)
    paths = ["/api/events?" + urllib.parse.urlencode({**random_query(rng), "limit": 100}) for _ in range(5000)]
    script = workdir / "load.lua"
    script.write_text(WRK_LUA % ",".join(json.dumps(p) for p in paths), encoding="utf-8")
    before = os.times()
    out = subprocess.run(["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{max(1, round(seconds))}s",
                          "--timeout", "30s", "-s", str(script), base], capture_output=True, text=True, check=True)
    after = os.times()
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith('{"requests"')), None)
    if line is None:
        raise SystemExit(f"wrk printed no summary:\n{out.stdout}\n{out.stderr}")
    w = json.loads(line)
    client_cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    ms = {k: round(w[k] / 1000, 1) for k in ("p50", "p95", "p99", "max")}
    errors = w["errors"] + w["non_2xx"]
    return {"requests": w["requests"], "errors": errors,
            "error_kinds": (["non-2xx"] if w["non_2xx"] else []) + (["socket"] if w["errors"] else []),
            "seconds": round(w["seconds"], 1), "requests_per_second": round(w["requests"] / w["seconds"], 1),
            "client_cpu_share": round(client_cpu / w["seconds"], 2),
            "p50_ms": ms["p50"], "p95_ms": ms["p95"], "p99_ms": ms["p99"], "max_ms": ms["max"],
            "server_store": None, "client": "wrk"}


def run_target(name: str, target: str, args: argparse.Namespace, templates: list[dict[str, Any]] | None,
               workdir: Path) -> dict[str, Any]:
    result: dict[str, Any] = {"store": name}
    have = store_events(target)
    if args.reuse and have >= args.events:
        result["fill"] = {"reused": True, "events": have}
    else:
        if have:
            raise SystemExit(f"{target} already holds {have} events; give an empty store, or --reuse")
        if templates is None:
            raise SystemExit("no templates")
        if not args.json:
            print(f"filling {name} with {args.events} events ...", file=sys.stderr)
        result["fill"] = fill(target, templates, args.events, args.seed, args.json)
    result["store_only"] = profile_store(target, 200, args.seed + 1000)
    # The machine may be shared: its load just before the run says how far to trust the figures.
    result["load_average_before"] = round(os.getloadavg()[0], 2)
    port = free_port()
    proc = start_server(target, port, args.workers, args.threads, workdir / f"serve-{name}.log")
    try:
        base = f"http://127.0.0.1:{port}"
        asyncio.run(hammer(base, 2, 2, args.seed + 2000))  # warm the caches and the connections
        if args.client == "wrk":
            result["load"] = hammer_wrk(base, args.clients, args.seconds, args.seed, workdir)
        else:
            result["load"] = {**asyncio.run(hammer(base, args.clients, args.seconds, args.seed)), "client": "httpx"}
    finally:
        stop_server(proc)
    return result


def describe(result: dict[str, Any], args: argparse.Namespace) -> str:
    fill_info = result["fill"]
    load = result["load"]
    store_only = result["store_only"]
    fill_line = (f"reused ({fill_info['events']} events)" if fill_info.get("reused") else
                 f"{fill_info['documents']} documents, {fill_info['events']} events in {fill_info['seconds']} s")
    return "\n".join((
        f"store {result['store']}: {fill_line}",
        f"  store.events alone (one at a time): p50 {store_only['p50_ms']} ms, p95 {store_only['p95_ms']} ms, "
        f"p99 {store_only['p99_ms']} ms",
        f"  {args.clients} clients, {load['seconds']} s, {args.workers} worker(s) x {args.threads} threads "
        f"(1-minute load average before: {result['load_average_before']}):",
        f"    requests {load['requests']}, errors {load['errors']}"
        + (f" ({', '.join(load['error_kinds'])})" if load["error_kinds"] else ""),
        f"    latency p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, p99 {load['p99_ms']} ms, "
        f"max {load['max_ms']} ms",
        f"    {load['requests_per_second']} requests/s (the clients, {load['client']}, used "
        f"{load['client_cpu_share']} of the machine's cores)",
    ) + ((f"    of which in the store (Server-Timing): p50 {load['server_store']['p50_ms']} ms, "
          f"p95 {load['server_store']['p95_ms']} ms",) if load.get("server_store") else ()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=None, help="SQLite file to fill (default: a new one in a temporary folder)")
    parser.add_argument("--postgres", metavar="URL", help="also fill and test this (empty) PostgreSQL database")
    parser.add_argument("--events", type=int, default=100_000, help="events to store (default: 100000)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default: 20)")
    parser.add_argument("--seconds", type=float, default=30, help="how long the clients run (default: 30)")
    parser.add_argument("--workers", type=int, default=2,
                        help="server worker processes (default: 2, one per core of a 2-core machine)")
    parser.add_argument("--threads", type=int, default=4, help="store connections per worker (default: 4)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default: 7)")
    parser.add_argument("--reuse", action="store_true", help="use the store as it is if it holds enough events")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--client", choices=("auto", "wrk", "httpx"), default="auto",
                        help="load generator: wrk (C, apt-get install wrk; its clients barely use the CPU the "
                             "server needs) or Python httpx clients (also report time in the store); "
                             "auto: wrk when installed")
    args = parser.parse_args(argv)
    if args.client == "auto":
        args.client = "wrk" if shutil.which("wrk") else "httpx"

    with tempfile.TemporaryDirectory(prefix="marsad-load-") as tmp:
        workdir = Path(tmp)
        sqlite_target = args.db or str(workdir / "load.db")
        need_templates = not (args.reuse and store_events(sqlite_target) >= args.events) or bool(args.postgres)
        templates = example_records() if need_templates else None
        results = [run_target("sqlite", sqlite_target, args, templates, workdir)]
        if args.postgres:
            results.append(run_target("postgresql", args.postgres, args, templates, workdir))
    if args.json:
        print(json.dumps({"clients": args.clients, "workers": args.workers, "threads": args.threads,
                          "events": args.events, "results": results}, indent=2))
    else:
        print("\n".join(describe(r, args) for r in results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
