"""One error shape for every failure of the API, whoever raised it.

``{"error": {"status": 400, "code": "unknown_filter", "message": "...", "details": [...]}}``

Our own endpoints raise ``ApiError``; the handlers installed by ``install_error_handlers`` turn
FastAPI's and Starlette's own failures (unknown route, wrong method, request validation) into the
same shape, and ``GuardMiddleware`` (in ``app``) turns anything unexpected into a 500 without a
stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

log = logging.getLogger("marsad.serve")

# The code that goes with a status when nothing more precise is known.
STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    500: "internal",
}


class ErrorDetail(BaseModel):
    field: str
    problem: str


class ErrorInfo(BaseModel):
    status: int
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorBody(BaseModel):
    """The body of every failure (for the OpenAPI description)."""

    error: ErrorInfo


class ApiError(Exception):
    """A failure to answer with ``status``; ``details`` name the fields at fault."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Sequence[Mapping[str, str]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = [dict(d) for d in details]
        self.headers = dict(headers or {})

    def response(self) -> JSONResponse:
        return error_response(self.status, self.code, self.message, self.details, self.headers)


def error_body(status: int, code: str, message: str,
               details: Sequence[Mapping[str, str]] = ()) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message,
                      "details": [dict(d) for d in details]}}


def error_response(
    status: int,
    code: str,
    message: str,
    details: Sequence[Mapping[str, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, details), status_code=status,
                        headers=dict(headers or {}))


def invalid(field: str, problem: str) -> ApiError:
    """A 400 ``invalid_value`` naming one field."""
    return ApiError(400, "invalid_value", f"invalid value for '{field}': {problem}",
                    [{"field": field, "problem": problem}])


async def _api_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, ApiError):  # registered for ApiError only
        raise exc
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, StarletteHTTPException):  # registered for HTTPException only
        raise exc
    status = exc.status_code
    code = STATUS_CODES.get(status, "bad_request" if status < 500 else "internal")
    if status == 404:
        message = f"nothing at {request.url.path}"
    elif status == 405:
        allowed = (exc.headers or {}).get("Allow")
        message = f"{request.method} is not allowed on {request.url.path}" + \
            (f" (allowed: {allowed})" if allowed else "")
    else:
        message = str(exc.detail)
    return error_response(status, code, message, headers=exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, RequestValidationError):  # registered for RequestValidationError only
        raise exc
    details = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ()) if part not in ("query", "path", "body")]
        details.append({"field": ".".join(loc) or "request", "problem": str(err.get("msg", "invalid"))})
    return error_response(400, "invalid_value", "the request has invalid values", details)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
