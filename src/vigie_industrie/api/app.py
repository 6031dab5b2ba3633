"""``create_app(settings)``: the FastAPI application, built on demand (uvicorn factory)."""

from __future__ import annotations

import contextlib
import importlib
import json
from datetime import date

from fastapi import FastAPI

from vigie_industrie import __version__
from vigie_industrie.api import problems
from vigie_industrie.config import Settings, get_settings

API_PREFIX = "/api/v1"
# One module per resource under api/routes, each exposing ``router``.
ROUTE_MODULES = (
    "territoires",
    "circonscriptions",  # issue 8: list with deputies, blocks, GeoJSON contour (ODbL)
    "auth",
    "contrats",
    "projets",
    "besoins",
    "financements",
    "missions",
    "copil",
    "programme",
    "indicateurs",  # issue 11: registry, territory indicators, comparison, rankings
    "perimetres",  # issue 11: custom perimeters
    "suggestions",  # issue 13: search box suggestions (names, codes, custom perimeters)
    "carte",  # issue 13: national map (contours GeoJSON, values with class breaks)
    "impact",  # issue 15: closure-impact simulator
    "eligibilite",  # issue 16: Territoires d'industrie criteria, candidates, validation
    "alertes",  # issue 15: early warning (ranked list, evaluation)
)
ROUTE_MODULES += ("projets_a_venir",)  # issue 14: upcoming industrial projects passed by EPCI to the région
ROUTE_MODULES += ("a_traiter",)  # issue 14: « À traiter » of the signed-in user
# Never stored by a cache (firm-level needs, sessions, exports, audit journal, import reports).
CONFIDENTIAL = tuple(f"{API_PREFIX}/{p}" for p in ("besoins", "auth", "programme/export", "programme/audit",
                                                   "programme/import"))
CONFIDENTIAL += (f"{API_PREFIX}/projets-a-venir",)  # issue 14: firm-level, like the needs
CONFIDENTIAL += (f"{API_PREFIX}/programme/a-traiter", "/a-traiter", "/import", "/export")  # issue 14: names firms


class BodySizeLimit:
    """Pure ASGI middleware: refuse request bodies above ``max_bytes`` with 413.

    Checks ``Content-Length`` up front; a chunked body is counted while buffered, so a
    client cannot bypass the limit by omitting the header.
    """

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.max_bytes:
                return await self._refuse(send, int(length) if length.isdigit() else None)
            return await self.app(scope, receive, send)
        if b"chunked" not in headers.get(b"transfer-encoding", b""):
            return await self.app(scope, receive, send)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                return await self._refuse(send, None)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        done = False

        async def replay():
            nonlocal done
            if done:
                return await receive()
            done = True
            return {"type": "http.request", "body": body, "more_body": False}

        return await self.app(scope, replay, send)

    async def _refuse(self, send, length: int | None) -> None:
        got = f" ({length} octets)" if length is not None else ""
        body = json.dumps({
            "type": "about:blank", "title": "Requête trop volumineuse", "status": 413,
            "detail": f"Corps de requête trop volumineux{got} : au plus {self.max_bytes} octets "
                      "(VIGIE_MAX_REQUEST_BYTES) ; découpez le fichier ou l'envoi.",
        }, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", problems.PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _install_french_validation(app: FastAPI) -> None:
    """Request validation errors with French details (same problem document as problems.py)."""
    from fastapi.exceptions import RequestValidationError

    from vigie_industrie.programme import messages

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request, exc: RequestValidationError):
        errs = exc.errors()
        return problems.problem(
            422, "Requête invalide", messages.french_errors(errs, skip=("body",)),
            errors=[{"loc": list(e.get("loc", ())), "msg": messages.french(e)} for e in errs],
        )


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI):
    """At start: warm the home page's map and the fiche memo in the background when asked (``vigie
    serve``, fiches/warm.py).
    At shutdown: stop the background jobs (warm-up, eligibility validation) before the process
    exits, so none is left inside DuckDB (``vigie_industrie.jobs``)."""
    from vigie_industrie import jobs

    if app.state.settings.warm_fiches:
        from vigie_industrie.fiches import warm
        from vigie_industrie.web import accueil

        warm.start(app.state.settings.warehouse, first=(accueil.prechauffer,))
    try:
        yield
    finally:
        jobs.stop()


def create_app(settings: Settings | None = None) -> FastAPI:
    from vigie_industrie.programme.db import Store
    from vigie_industrie.api.csrf import CsrfProtection
    from vigie_industrie.api.security_headers import SecurityHeaders
    from vigie_industrie.programme.security import COOKIE_NAME, RateLimiter

    settings = settings or get_settings()
    app = FastAPI(
        title="Vigie Industrie",
        version=__version__,
        description="API de Vigie Industrie : territoires, indicateurs et pilotage du programme Territoires d'industrie.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # served from the package by api/docs.py (no CDN)
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    # Programme store: engine and migrations happen on first use, not here.
    app.state.store = Store(settings.database_url, busy_timeout=settings.store_busy_timeout)
    app.state.clock = date.today
    app.state.login_limiter = RateLimiter(limit=10, window=60.0)
    app.state.account_limiter = RateLimiter(limit=20, window=900.0)  # per account, whatever the address
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(CsrfProtection, secret=settings.secret_key, cookie_name=COOKIE_NAME)
    from vigie_industrie.carte.compression import PublicGzip  # issue 13: map page budget (gzip)

    app.add_middleware(PublicGzip)
    app.add_middleware(SecurityHeaders, confidential=CONFIDENTIAL, hsts=settings.env not in ("dev", "test"))
    problems.install(app)
    from vigie_industrie.api import docs

    docs.install(app, API_PREFIX)
    _install_french_validation(app)

    @app.get("/health", tags=["santé"])
    def health():
        """Probe: 200 when the process answers and the warehouse, if present, is usable; 503 when a
        warehouse file is present but cannot be read (corrupt, truncated, not DuckDB). An absent
        warehouse is 200 (the programme store still serves) with ``warehouse.present: false``."""
        from fastapi.responses import JSONResponse

        from vigie_industrie.warehouse import health as wh_health

        from vigie_industrie.fiches import warm

        state = wh_health.status(settings.warehouse)
        broken = state["present"] and not state["utilisable"]
        body = {"status": "degrade" if broken else "ok", "version": __version__, "warehouse": state,
                "fiches": warm.status()}
        return JSONResponse(body, status_code=503 if broken else 200)

    for name in ROUTE_MODULES:
        module = importlib.import_module(f"vigie_industrie.api.routes.{name}")
        app.include_router(module.router, prefix=API_PREFIX)
    from vigie_industrie import web  # issue 13: the web app, over the same services

    web.install(app)
    return app
