"""`vigie serve`: the API (and later the web app) on 127.0.0.1.

uvicorn starts each worker from an import string (``create_app`` as a factory), so options
cannot be handed over as Python objects: they travel as the ``VIGIE_*`` environment
variables that ``Settings`` reads in every worker.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli import common


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Adresse d'écoute."),
        port: int = typer.Option(8000, "--port", help="Port d'écoute."),
        workers: int = typer.Option(
            1, "--workers", min=1, help="Nombre de processus (plusieurs utilisateurs : 2 à 4 par cœur)."
        ),
        warehouse: Optional[Path] = common.WarehouseOption,
        reload: bool = typer.Option(False, "--reload", help="Rechargement à chaud (développement, un seul processus)."),
        prechauffer: bool = typer.Option(
            True, "--prechauffer/--sans-prechauffage",
            help="Préparer en arrière-plan les fiches des EPCI, Territoires d'industrie, zones d'emploi, départements "
            "et régions dès le démarrage (/health dit où en est chaque processus).",
        ),
    ) -> None:
        """Servir l'API REST (/api/v1) et l'application."""
        import uvicorn

        from vigie_industrie.api.client import uvicorn_options

        if reload and workers > 1:
            raise typer.BadParameter("--reload et --workers > 1 s'excluent : choisissez l'un ou l'autre.")
        settings = common.settings(warehouse=warehouse)  # validates the environment before forking
        os.environ["VIGIE_WAREHOUSE"] = str(Path(settings.warehouse).resolve())
        os.environ["VIGIE_WARM_FICHES"] = "1" if prechauffer else "0"
        uvicorn.run(
            "vigie_industrie.api.app:create_app",
            factory=True,
            host=host,
            port=port,
            reload=reload,
            workers=workers,
            **uvicorn_options(settings),  # X-Forwarded-For only from VIGIE_TRUSTED_PROXIES
        )
