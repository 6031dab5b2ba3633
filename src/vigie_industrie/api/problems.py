"""Errors as RFC 9457 ``application/problem+json`` responses with a precise French detail."""

from __future__ import annotations

from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
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
    405: "Méthode non permise",
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


def problem(status: int, title: str, detail: str, headers: dict[str, str] | None = None, **extra) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


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
        res = problem(exc.http_status, exc.title, str(exc), **extra)
        if getattr(exc, "retry_after", None):
            res.headers["Retry-After"] = str(exc.retry_after)
        return res

    @app.exception_handler(DBAPIError)
    async def _store_error(request: Request, exc: DBAPIError):
        """A driver error outside ``Store.transaction`` (a read): busy → 503 + Retry-After, else 503."""
        from vigie_industrie.programme.db import busy_error

        busy = busy_error(exc)
        if busy is not None:
            res = problem(503, busy.title, str(busy))
            res.headers["Retry-After"] = str(busy.retry_after)
            return res
        first = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200]
        return problem(503, errors.StoreUnavailable.title,
                       f"La base du programme a refusé la requête ({type(getattr(exc, 'orig', exc)).__name__}: {first}) : "
                       "réessayez ; si l'erreur persiste, l'administrateur vérifie VIGIE_DATABASE_URL et le serveur.")

    @app.exception_handler(duckdb.CatalogException)
    async def _incomplete_warehouse(request: Request, exc: duckdb.CatalogException):
        return problem(503, "Entrepôt incomplet", warehouse_incomplete_message(exc))

    @app.exception_handler(duckdb.Error)
    async def _unusable_warehouse(request: Request, exc: duckdb.Error):
        # The only DuckDB database the API reads is the warehouse: an error there past the
        # opening (a damaged block, a file swapped badly) is the warehouse's, not the request's.
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return problem(
            503, "Entrepôt inutilisable",
            f"L'entrepôt n'a pas pu être lu ({first}) : il est peut-être endommagé ou en cours de remplacement. "
            "Réessayez ; si l'erreur persiste, reconstruisez-le avec `vigie build`.",
            headers={"Retry-After": "30"},
        )

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
        """Starlette and FastAPI raise these in English: one French problem per case, headers kept (Allow)."""
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        path = request.url.path
        if exc.status_code == 404 and detail == "Not Found":
            title, detail = "Adresse inconnue", (
                f"Aucune ressource à l'adresse {path} : la liste des adresses est dans /api/v1/openapi.json "
                "(documentation interactive : /api/v1/docs).")
        elif exc.status_code == 405:
            allowed = _allowed_methods(request) or (exc.headers or {}).get("Allow", "")
            exc.headers = {**(exc.headers or {}), "Allow": allowed}
            title, detail = "Méthode non permise", (
                f"La méthode {request.method} n'est pas permise sur {path} : méthodes acceptées {allowed or 'aucune'}.")
        elif exc.status_code == 400 and detail == "There was an error parsing the body":
            title, detail = "Corps de requête illisible", body_error(await request.body())
        else:
            title = _STATUS_TEXT.get(exc.status_code, detail)
        res = problem(exc.status_code, title, detail)
        for name, value in (exc.headers or {}).items():
            res.headers[name] = value
        return res


def _allowed_methods(request: Request) -> str:
    """Every method some route accepts at this path (Starlette's Allow names only the first route's)."""
    from starlette.routing import Match

    methods = [m for m in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
               if any(route.matches({**request.scope, "method": m})[0] == Match.FULL for route in request.app.router.routes)]
    return ", ".join(methods)


def body_error(body: bytes) -> str:
    """Why a request body could not be read, in French (FastAPI only says « error parsing the body »)."""
    import json

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"Le corps de la requête n'est pas en UTF-8 (octet {exc.start}) : envoyez du JSON encodé en UTF-8."
    try:
        json.loads(text)
    except RecursionError:
        return "JSON trop imbriqué (tableaux ou objets les uns dans les autres) : simplifiez la structure envoyée."
    except ValueError as exc:
        if "digits" in str(exc):
            return "Nombre trop long dans le JSON (plus de 4 300 chiffres) : aucun champ n'en attend autant."
        return f"JSON illisible : {exc}."
    return "Corps de requête illisible : envoyez un JSON valide (Content-Type: application/json) ou un formulaire."


def warehouse_incomplete_message(exc: Exception) -> str:
    """A warehouse missing a table was built by an older version or by hand: say how to fix it."""
    first = str(exc).strip().splitlines()[0]
    return (
        f"L'entrepôt ne contient pas ce qui est demandé ({first}) : il date d'une version antérieure "
        "ou n'a pas été construit par Vigie Industrie. Reconstruisez-le avec `vigie build`."
    )
