"""``POST /api/documents``: the request body checked and read, each record run through the pipeline.

The pipeline is the one ``marsad run`` uses (``marsad.cli.default_engine``), loaded on the first
write. A record is processed as ``marsad.cli._record_of`` does (``record_to_raw``, then
``process_raw``, then the engine's record), but failures are collected for the 422 answer instead
of being printed.
"""

from __future__ import annotations

import hmac
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from marsad.errors import MarsadError, ProcessingError
from marsad.serve.errors import ApiError

MAX_DOCUMENTS = 100

EngineFactory = Callable[[], Any]  # returns a marsad.cli.Engine


def check_token(request: Request, token: str | None) -> None:
    """401 without credentials, 403 with the wrong ones or when writes are off."""
    if not token:
        raise ApiError(403, "writes_disabled",
                       "this server accepts no writes: start it with --token or $MARSAD_API_TOKEN")
    header = request.headers.get("authorization")
    if not header:
        raise ApiError(401, "unauthorized", "writes need the header 'Authorization: Bearer <token>'",
                       headers={"WWW-Authenticate": "Bearer"})
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "unauthorized", "the Authorization header must be 'Bearer <token>'",
                       headers={"WWW-Authenticate": "Bearer"})
    # Constant time, so that the answer's timing says nothing about how much of the token matched.
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        raise ApiError(403, "forbidden", "the token is not the one this server was given")


def check_json_type(request: Request) -> None:
    raw = request.headers.get("content-type")
    media, _, params = (raw or "").partition(";")
    media = media.strip().lower()
    if media != "application/json" and not (media.startswith("application/") and media.endswith("+json")):
        raise ApiError(415, "unsupported_media_type",
                       f"the body must be JSON (Content-Type: application/json), not {raw or 'untyped'}")
    charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in params.split(";")
                    if p.strip().lower().startswith("charset=")), "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise ApiError(415, "unsupported_media_type", f"JSON bodies are UTF-8, not {charset}")


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "payload_too_large", f"the body is larger than this server's limit of {limit} bytes")


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it is known to exceed ``limit``: from Content-Length before
    reading anything, else while it streams in (a chunked body has no length to trust)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise ApiError(400, "bad_request", "Content-Length is not a number")
        if int(declared) > limit:
            raise _too_large(limit)
    size = 0
    chunks: list[bytes] = []
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(body: bytes) -> Any:
    if not body.strip():
        raise ApiError(400, "invalid_json", "the body is empty; send one document or {\"documents\": [...]}")
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid_json", f"the body is not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ApiError(400, "invalid_json",
                       f"the body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, "invalid_json", f"the body is not valid JSON: {exc}") from None


def documents_of(payload: Any) -> list[tuple[str, Any]]:
    """(field name, input record) for a single record or a ``{"documents": [...]}`` batch."""
    if not isinstance(payload, dict):
        raise ApiError(400, "bad_request",
                       f"expected a JSON object (one document or {{\"documents\": [...]}}), "
                       f"not {type(payload).__name__}")
    if "documents" not in payload:
        return [("body", payload)]
    docs = payload["documents"]
    extra = sorted(k for k in payload if k != "documents")
    if extra:
        raise ApiError(400, "bad_request", f"a batch has only \"documents\"; unexpected: {', '.join(extra)}",
                       [{"field": k, "problem": "not part of a batch"} for k in extra])
    if not isinstance(docs, list):
        raise ApiError(400, "invalid_value", "\"documents\" must be a list",
                       [{"field": "documents", "problem": "not a list"}])
    if not 1 <= len(docs) <= MAX_DOCUMENTS:
        raise ApiError(400, "invalid_value", f"a batch holds 1 to {MAX_DOCUMENTS} documents, not {len(docs)}",
                       [{"field": "documents", "problem": f"{len(docs)} documents"}])
    return [(f"documents[{n}]", doc) for n, doc in enumerate(docs)]


@dataclass(frozen=True)
class Failure:
    field: str
    doc_id: str | None
    code: str
    message: str


class Processor:
    """Turns input records into spec §2 records with the pipeline. One document at a time: the
    pipeline's stages are CPU-bound Python, so threads would only take turns anyway."""

    def __init__(self, engine_factory: EngineFactory) -> None:
        self._factory = engine_factory
        self._engine: Any = None
        self._lock = threading.Lock()

    def _engine_locked(self) -> Any:
        if self._engine is None:
            try:
                self._engine = self._factory()
            except (MarsadError, ImportError) as exc:
                raise ApiError(500, "internal", f"the pipeline cannot be loaded: {exc}") from exc
        return self._engine

    def process(self, items: list[tuple[str, Any]]) -> list[dict[str, Any]]:
        """Every record, or ``ApiError`` 422 naming each one that failed."""
        from marsad.ingest import record_to_raw

        failures: list[Failure] = []
        records: list[dict[str, Any]] = []
        with self._lock:
            engine = self._engine_locked()
            for field, item in items:
                given_id = item.get("id") if isinstance(item, Mapping) else None
                doc_id = str(given_id) if given_id is not None else None
                raw = record_to_raw(item, field)
                if isinstance(raw, MarsadError):
                    failures.append(Failure(field, doc_id, raw.code, str(raw)))
                    continue
                result = engine.pipeline.process_raw(raw)
                if result.error is not None or result.doc is None:
                    err = result.error or ProcessingError("no document and no error", field)
                    failures.append(Failure(field, doc_id, err.code, str(err)))
                    continue
                try:
                    records.append(engine.record(result.doc))
                except MarsadError as exc:
                    failures.append(Failure(field, doc_id, exc.code, str(exc)))
        if failures:
            first = failures[0]
            named = f"{first.field}" + (f" (id {first.doc_id!r})" if first.doc_id else "")
            more = f" and {len(failures) - 1} more" if len(failures) > 1 else ""
            raise ApiError(422, "unprocessable",
                           f"{named}{more} cannot be processed; nothing was stored: {first.code}: "
                           f"{_without_origin(first.message, first.field)}",
                           [{"field": f.field, "problem": f"{f.code}: {_without_origin(f.message, f.field)}"}
                            for f in failures])
        return records


def _without_origin(message: str, origin: str) -> str:
    return message[len(origin) + 2:] if message.startswith(origin + ": ") else message
