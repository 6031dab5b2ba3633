"""``create_app(settings)``: the FastAPI application, built on demand (uvicorn factory)."""

from __future__ import annotations

import importlib

from fastapi import FastAPI

from vigie_industrie import __version__
from vigie_industrie.api import problems
from vigie_industrie.config import Settings, get_settings

API_PREFIX = "/api/v1"
# One module per resource under api/routes, each exposing ``router``.
ROUTE_MODULES = (
    "territoires",
    "circonscriptions",  # issue 8: list with deputies, blocks, GeoJSON contour (ODbL)
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Vigie Industrie",
        version=__version__,
        description="API de Vigie Industrie : territoires, indicateurs et pilotage du programme Territoires d'industrie.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    problems.install(app)

    @app.get("/health", tags=["santé"])
    def health() -> dict:
        """Liveness probe: the process answers and says whether the warehouse exists."""
        return {"status": "ok", "version": __version__, "warehouse": settings.warehouse.exists()}

    for name in ROUTE_MODULES:
        module = importlib.import_module(f"vigie_industrie.api.routes.{name}")
        app.include_router(module.router, prefix=API_PREFIX)
    return app
