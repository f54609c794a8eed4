"""The REST API and the map page (docs/serving.md): ``create_app`` builds the ASGI application.

Routes are thin: parse and check the request (``params``, ``ingest``), call the store on one of the
pool's threads (``pool``), answer JSON (Arabic unescaped), CSV or GeoJSON (``export``). Every failure
has one shape (``errors``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import time
from collections.abc import AsyncIterator, Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
import orjson
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse as _StdJSONResponse
from pydantic import BaseModel
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marsad import __version__
from marsad.errors import StoreError
from marsad.serve import export, params
from marsad.serve.errors import ApiError, ErrorBody, error_response, install_error_handlers
from marsad.serve.ingest import (
    MAX_DOCUMENTS,
    EngineFactory,
    Processor,
    check_json_type,
    check_token,
    documents_of,
    parse_json,
    read_body,
)
from marsad.serve.pool import Opener, StorePool
from marsad.store import AmbiguousId, InvalidQuery
from marsad.store.base import EventQuery, IncidentQuery, Page, Store

log = logging.getLogger("marsad.serve")


class JSONResponse(_StdJSONResponse):
    """JSON encoded with orjson: a page of 100 events takes 0.2 ms instead of 1.8 ms with the json
    module, which is most of what the API spends per request outside the store. UTF-8, Arabic
    unescaped, as the standard one."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)

# The store time of the request being answered, for its Server-Timing header: [time in store calls,
# time waiting for a store thread], in ms. Set per request by GuardMiddleware; a context variable
# because the store calls happen deep in the endpoints.
_store_ms: ContextVar[list[float] | None] = ContextVar("marsad_store_ms", default=None)

DEFAULT_MAX_BODY = 5_000_000
DEFAULT_STATIC_DIR = Path(__file__).resolve().parent / "static"
EXPORT_PAGE = 1000  # events fetched from the store per step of an export

# What `marsad serve` hands to each uvicorn worker process (they build their own app).
CONFIG_ENV = "MARSAD_SERVE_CONFIG"
TOKEN_ENV = "MARSAD_API_TOKEN"

MISSING_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>marsad: map page not installed</title></head>
<body>
<h1>The map page is not installed</h1>
<p>The API is running (<a href="/api/health">/api/health</a>), but the map page or its JavaScript
libraries are missing from <code>src/marsad/serve/static</code>.</p>
<p>Run <code>make run</code> (or <code>make web</code>) in the marsad checkout to install them, then
reload this page.</p>
</body></html>
"""


# --------------------------------------------------------------------------- responses (OpenAPI)


class Health(BaseModel):
    status: str
    backend: str
    schema_version: int
    documents: int
    events: int
    incidents: int


class ClientConfig(BaseModel):
    tiles: str | None
    tiles_attribution: str | None
    version: str


class ItemPage(BaseModel):
    items: list[dict[str, Any]]
    total: int
    next_cursor: str | None


class IngestResult(BaseModel):
    doc_id: str
    stored: bool
    events: int


class IngestResults(BaseModel):
    results: list[IngestResult]


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorBody} for status in (*statuses, 500)}


_INPUT_RECORD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "one input record (spec §1): exactly one of text / html",
    "properties": {
        "id": {"type": "string"}, "text": {"type": "string"}, "html": {"type": "string"},
        "url": {"type": "string"}, "published": {"type": "string"}, "publisher": {"type": "string"},
        "title": {"type": "string"}, "language": {"type": "string"},
    },
}
_INGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"oneOf": [
            _INPUT_RECORD_SCHEMA,
            {"type": "object", "required": ["documents"], "properties": {
                "documents": {"type": "array", "minItems": 1, "maxItems": MAX_DOCUMENTS,
                              "items": _INPUT_RECORD_SCHEMA}}},
        ]}}},
    },
}


# --------------------------------------------------------------------------- configuration


def tiles_origin(url: str) -> str:
    """The CSP source of a tile URL template: its scheme and host, ``{s}`` subdomains as ``*``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an http(s) URL")
    host = parts.netloc.rsplit("@", 1)[-1]
    if "{" in host:
        labels = host.split(".")
        if any("{" in label for label in labels[1:]) or not labels[0].startswith("{"):
            raise ValueError(f"{url!r}: only the first label of the host may be a placeholder such as {{s}}")
        host = "*." + ".".join(labels[1:])
    return f"{parts.scheme}://{host}"


def security_headers(tiles: str | None) -> list[tuple[str, str]]:
    img = "'self' data:" + (f" {tiles_origin(tiles)}" if tiles else "")
    csp = "; ".join((
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src {img}",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))
    return [
        ("Content-Security-Policy", csp),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
    ]


# --------------------------------------------------------------------------- middleware and static


class GuardMiddleware:
    """Outermost: puts the security headers on every response, and answers anything unexpected
    with the JSON 500 (logged with its traceback, which the client never sees). Starlette's own
    500 handler sits outside user middleware, so it would answer without these headers."""

    def __init__(self, app: ASGIApp, headers: list[tuple[str, str]]) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        timings = [0.0, 0.0]
        token = _store_ms.set(timings)

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in self.headers:
                    headers[name] = value
                if timings[0] or timings[1]:
                    headers["Server-Timing"] = f"store;dur={timings[0]:.1f}, queue;dur={timings[1]:.1f}"
            await send(message)

        try:
            await self.app(scope, receive, send_guarded)
        except Exception:
            log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = error_response(500, "internal", "the server failed to answer; the cause is in its log")
            await response(scope, receive, send_guarded)
        finally:
            _store_ms.reset(token)


class StaticSite:
    """What the router falls back to when no API route matches: the map page's files, or a short
    page saying how to install them. Under /api/ it is always a JSON 404.

    It is the router's default rather than a ``Mount("/")``: a mount at / matches every path fully,
    which would turn ``DELETE /api/events`` into the static files' 405 without the route's Allow, and
    ``POST /api/nothing`` into a 405 instead of a 404."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._files = StaticFiles(directory=directory, html=True, check_dir=False)

    def installed(self) -> bool:
        vendor = self.directory / "vendor"
        return (self.directory / "index.html").is_file() and vendor.is_dir() and \
            any(p.is_file() for p in vendor.rglob("*"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path == "/api" or path.startswith("/api/"):
            raise StarletteHTTPException(404)
        if self.installed():
            await self._files(scope, receive, send)
            return
        if path in ("/", "/index.html", "/incident.html") and scope.get("method") in ("GET", "HEAD"):
            await HTMLResponse(MISSING_PAGE, status_code=503)(scope, receive, send)
            return
        raise StarletteHTTPException(404)


# --------------------------------------------------------------------------- the application


def _page(page: Page) -> JSONResponse:
    return JSONResponse({"items": page.items, "total": page.total, "next_cursor": page.next_cursor})


def _default_engine_factory() -> Any:
    from marsad.cli import default_engine

    return default_engine()


def create_app(
    store_target: str | Path,
    *,
    token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    tiles: str | None = None,
    tiles_attribution: str | None = None,
    static_dir: str | Path | None = None,
    pool_size: int = 4,
    engine: EngineFactory | None = None,
    opener: Opener | None = None,
) -> FastAPI:
    """The API and the map page over the store at ``store_target`` (opened lazily, one connection
    per pool thread). ``engine`` builds the pipeline for writes (default: the real one, loaded on
    the first write); ``opener`` replaces ``Store.open`` (tests)."""
    if max_body < 1:
        raise ValueError("max_body must be at least 1 byte")
    target = str(store_target)
    pool = StorePool(target, pool_size, opener)
    processor = Processor(engine or _default_engine_factory)
    headers = security_headers(tiles)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await anyio.to_thread.run_sync(pool.close)

    app = FastAPI(
        title="marsad",
        version=__version__,
        description="Conflict events extracted from Arabic reports: documents, events, incidents "
                    "and exports. Every failure answers {\"error\": {status, code, message, details}}.",
        docs_url=None,  # the interactive docs load scripts from a CDN, which the CSP (rightly) refuses
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.add_middleware(GuardMiddleware, headers=headers)
    app.router.default = StaticSite(Path(static_dir) if static_dir is not None else DEFAULT_STATIC_DIR)

    async def store_call(call: Callable[[Store], Any]) -> Any:
        timings = _store_ms.get()
        inside = [0.0]

        def timed(store: Store) -> Any:
            began = time.perf_counter()
            try:
                return call(store)
            finally:
                inside[0] = (time.perf_counter() - began) * 1000

        began = time.perf_counter()
        try:
            return await pool.run(timed)
        except AmbiguousId as exc:
            raise ApiError(400, "invalid_value", f"{exc.origin!r} names more than one record; give more of the id",
                           [{"field": "id", "problem": str(exc)}]) from exc
        except InvalidQuery as exc:
            field = exc.origin or "query"
            raise ApiError(400, "invalid_value", f"invalid value for '{field}': {exc}",
                           [{"field": field, "problem": str(exc)}]) from exc
        except StoreError as exc:
            log.error("store error: %s", exc)
            raise ApiError(500, "internal", "the database could not answer; the cause is in the server log") \
                from exc
        finally:
            if timings is not None:
                timings[0] += inside[0]
                timings[1] += (time.perf_counter() - began) * 1000 - inside[0]

    async def one(request: Request, kind: str, key: str, fetch: Callable[[Store], Any]) -> Response:
        """A record by its id: no query parameters, 404 in the one error shape when unknown."""
        params.no_query(request.query_params)
        found = await store_call(fetch)
        if found is None:
            raise ApiError(404, "not_found", f"no {kind} {key!r}")
        return JSONResponse(found)

    # ----------------------------------------------------------------------- meta

    @app.get("/api/health", operation_id="health", response_model=Health, responses=_errors(400),
             summary="Store backend, schema version and counts")
    async def health(request: Request) -> Response:
        params.no_query(request.query_params)

        def counts(store: Store) -> dict[str, Any]:
            return {"status": "ok", "backend": store.backend, "schema_version": store.schema_version(),
                    "documents": store.count_documents(), "events": store.count_events(),
                    "incidents": store.incidents(IncidentQuery(limit=1)).total}

        return JSONResponse(await store_call(counts))

    @app.get("/api/config", operation_id="get_config", response_model=ClientConfig, responses=_errors(400),
             summary="What the map page needs: tile URL and attribution, version")
    async def get_config(request: Request) -> Response:
        params.no_query(request.query_params)
        return JSONResponse({"tiles": tiles, "tiles_attribution": tiles_attribution, "version": __version__})

    # ----------------------------------------------------------------------- documents

    @app.post("/api/documents", operation_id="ingest_documents", response_model=IngestResults,
              responses=_errors(400, 401, 403, 413, 415, 422), openapi_extra=_INGEST_BODY,
              summary="Process and store one document or a batch (all or none)")
    async def ingest_documents(request: Request) -> Response:
        params.no_query(request.query_params)
        check_token(request, token)
        check_json_type(request)
        body = await read_body(request, max_body)
        items = documents_of(parse_json(body))
        records = await anyio.to_thread.run_sync(processor.process, items)
        stored: list[bool] = await store_call(lambda store: store.add_many(records))
        return JSONResponse({"results": [
            {"doc_id": str(rec.get("doc_id")), "stored": bool(new), "events": len(rec.get("events") or ())}
            for rec, new in zip(records, stored, strict=True)]})

    @app.get("/api/documents/{doc_id:path}", operation_id="get_document", response_model=dict[str, Any],
             responses=_errors(400, 404), summary="One stored document (spec §2 record)")
    async def get_document(doc_id: str, request: Request) -> Response:
        return await one(request, "document", doc_id, lambda store: store.record(doc_id))

    # ----------------------------------------------------------------------- events

    async def events_page(query: EventQuery) -> Page:
        page: Page = await store_call(lambda store: store.events(query))
        return page

    @app.get("/api/events", operation_id="list_events", response_model=ItemPage, responses=_errors(400),
             openapi_extra={"parameters": params.openapi_parameters(params.EVENT_FILTERS, params.PAGE_LIMITS)},
             summary="Event summaries matching the filters, newest first")
    async def list_events(request: Request) -> Response:
        return _page(await events_page(params.event_query(request.query_params)))

    export_parameters = params.openapi_parameters(params.EXPORT_FILTERS, params.EXPORT_LIMITS)

    async def export_events(query: EventQuery) -> AsyncIterator[list[dict[str, Any]]]:
        """The events of ``query`` (up to its limit) page by page. The first page is fetched before
        the response starts, so that a failing store still gets a proper error answer."""
        wanted = query.limit
        page = await events_page(_replace_limit(query, min(EXPORT_PAGE, wanted)))

        async def pages() -> AsyncIterator[list[dict[str, Any]]]:
            nonlocal page
            sent = 0
            while True:
                items = page.items[: wanted - sent]
                sent += len(items)
                yield items
                if sent >= wanted or not page.next_cursor or not page.items:
                    return
                step = _replace_limit(query, min(EXPORT_PAGE, wanted - sent), page.next_cursor)
                page = await events_page(step)

        return pages()

    @app.get("/api/events.csv", operation_id="export_events_csv", responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}},
              "description": "ACLED-style columns: " + ", ".join(export.CSV_COLUMNS)},
        **_errors(400)}, openapi_extra={"parameters": export_parameters},
        summary="The matching events as CSV (ACLED columns plus doc_id, incident_id)")
    async def export_events_csv(request: Request) -> Response:
        pages = await export_events(params.event_query(request.query_params, export=True))

        async def body() -> AsyncIterator[str]:
            yield export.csv_text([list(export.CSV_COLUMNS)])
            async for items in pages:
                yield export.csv_text(export.csv_row(e) for e in items)

        return StreamingResponse(body(), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="marsad-events.csv"'})

    @app.get("/api/events.geojson", operation_id="export_events_geojson", responses={
        200: {"content": {"application/geo+json": {"schema": {"type": "object"}}},
              "description": "a FeatureCollection of Points; events without coordinates counted in "
                             "'unlocated'"},
        **_errors(400)}, openapi_extra={"parameters": export_parameters},
        summary="The matching events with coordinates as GeoJSON")
    async def export_events_geojson(request: Request) -> Response:
        query = params.event_query(request.query_params, export=True)
        pages = await export_events(query)

        async def body() -> AsyncIterator[str]:
            yield '{"type":"FeatureCollection","features":['
            first, unlocated, total = True, 0, 0
            async for items in pages:
                parts = []
                for event in items:
                    total += 1
                    feature = export.geojson_feature(event)
                    if feature is None:
                        unlocated += 1
                        continue
                    parts.append(("" if first else ",") + export.json_text(feature))
                    first = False
                yield "".join(parts)
            yield f'],"exported":{total},"unlocated":{unlocated}}}'

        return StreamingResponse(body(), media_type="application/geo+json",
                                 headers={"Content-Disposition": 'attachment; filename="marsad-events.geojson"'})

    @app.get("/api/events/{event_id:path}", operation_id="get_event", response_model=dict[str, Any],
             responses=_errors(400, 404), summary="One event with its claims, quotes and contradictions")
    async def get_event(event_id: str, request: Request) -> Response:
        return await one(request, "event", event_id, lambda store: store.event(event_id))

    # ----------------------------------------------------------------------- incidents

    @app.get("/api/incidents", operation_id="list_incidents", response_model=ItemPage, responses=_errors(400),
             openapi_extra={"parameters": params.openapi_parameters(params.INCIDENT_FILTERS,
                                                                    params.PAGE_LIMITS)},
             summary="Incident records (spec §3) matching the filters")
    async def list_incidents(request: Request) -> Response:
        query = params.incident_query(request.query_params)
        page: Page = await store_call(lambda store: store.incidents(query))
        return _page(page)

    @app.get("/api/incidents/{incident_id:path}", operation_id="get_incident", response_model=dict[str, Any],
             responses=_errors(400, 404), summary="One incident (spec §3) by id or unique id prefix")
    async def get_incident(incident_id: str, request: Request) -> Response:
        return await one(request, "incident", incident_id, lambda store: store.incident(incident_id))

    return app


def _replace_limit(query: EventQuery, limit: int, cursor: str | None = None) -> EventQuery:
    return dataclasses.replace(query, limit=limit, cursor=cursor)


def app_from_environment() -> FastAPI:
    """The app of one uvicorn worker, configured by ``marsad serve`` through the environment."""
    raw = os.environ.get(CONFIG_ENV)
    if not raw:
        raise RuntimeError(f"${CONFIG_ENV} is not set; start the server with `marsad serve`")
    conf = json.loads(raw)
    return create_app(
        conf["db"],
        token=os.environ.get(TOKEN_ENV) or None,
        max_body=int(conf.get("max_body") or DEFAULT_MAX_BODY),
        tiles=conf.get("tiles"),
        tiles_attribution=conf.get("tiles_attribution"),
        static_dir=conf.get("static_dir"),
        pool_size=int(conf.get("pool_size") or 4),
    )
