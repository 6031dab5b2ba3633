"""Errors as RFC 9457 ``application/problem+json`` responses with a precise French detail."""

from __future__ import annotations

from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from vigie_industrie import errors

PROBLEM_JSON = "application/problem+json"


class Problem(BaseModel):
    """RFC 9457 problem document returned for every error."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str


_STATUS_TEXT = {
    400: "Requête incorrecte",
    401: "Authentification requise (jeton Bearer ou cookie de session)",
    403: "Rôle non autorisé pour cette opération",
    404: "Ressource introuvable ou non visible pour vous",
    409: "Conflit (version périmée ou doublon)",
    413: "Corps de requête trop volumineux",
    422: "Données invalides",
    429: "Trop de tentatives",
    503: "Service indisponible",
}


def problem_responses(*status_codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for the given error statuses (problem+json)."""
    return {
        code: {
            "description": _STATUS_TEXT[code],
            "model": Problem,
            "content": {"application/problem+json": {"schema": Problem.model_json_schema()}},
        }
        for code in status_codes
    }


def problem(status: int, title: str, detail: str, **extra) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _validation_detail(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "requête"
        parts.append(f"{where} : {err.get('msg')}")
    return "; ".join(parts)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem document."""

    @app.exception_handler(errors.VigieError)
    async def _vigie_error(request: Request, exc: errors.VigieError):
        extra = {}
        if isinstance(exc, errors.AmbiguousTerritory):
            extra["candidates"] = exc.candidates
        return problem(exc.http_status, exc.title, str(exc), **extra)

    @app.exception_handler(duckdb.CatalogException)
    async def _incomplete_warehouse(request: Request, exc: duckdb.CatalogException):
        return problem(503, "Entrepôt incomplet", warehouse_incomplete_message(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        return problem(
            422,
            "Requête invalide",
            _validation_detail(exc),
            errors=[{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()],
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return problem(exc.status_code, detail, detail)


def warehouse_incomplete_message(exc: Exception) -> str:
    """A warehouse missing a table was built by an older version or by hand: say how to fix it."""
    first = str(exc).strip().splitlines()[0]
    return (
        f"L'entrepôt ne contient pas ce qui est demandé ({first}) : il date d'une version antérieure "
        "ou n'a pas été construit par Vigie Industrie. Reconstruisez-le avec `vigie build`."
    )
