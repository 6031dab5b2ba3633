"""The web app: server-rendered French pages over the same services as the API.

``install(app)`` mounts the package's static files at ``/static`` (the DSFR, dsfr-chart and
maplibre-gl dist files copied by ``scripts/assets.sh`` under ``static/vendor/``, plus our own
CSS and JS) and includes the router of every module of ``WEB_MODULES``. One process serves the
API and the pages, so a figure is computed once (the fiche service) and rendered twice.

Why the import loop skips a missing module: four helpers build the modules on separate
branches; until they are merged, a module that does not exist yet is skipped, while an import
error *inside* an existing module still fails loudly.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

WEB_MODULES = ("territoire", "accueil", "comparer", "classements", "apropos", "recherche")
WEB_MODULES += ("connexion", "besoins", "projets_a_venir")  # issue 14, steer-besoins
WEB_MODULES += ("projets", "missions", "calendrier")  # issue 14, steer-projets
WEB_MODULES += ("alertes", "impact", "eligibilite")
WEB_MODULES += ("a_traiter", "import_export")  # issue 14 (steer-ops): « À traiter », import and export
STATIC_DIR = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    """Mount ``/static``, the page routers and the French HTML error pages."""
    from vigie_industrie.web import erreurs, session

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for name in WEB_MODULES:
        qualified = f"{__name__}.{name}"
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as exc:
            if exc.name != qualified:
                raise
            continue
        app.include_router(module.router)
    erreurs.install(app)
    session.install(app)
