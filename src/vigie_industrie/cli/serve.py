"""`vigie serve`: the API (and later the web app) on 127.0.0.1."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Adresse d'écoute."),
        port: int = typer.Option(8000, "--port", help="Port d'écoute."),
        reload: bool = typer.Option(False, "--reload", help="Rechargement à chaud (développement)."),
    ) -> None:
        """Servir l'API REST (/api/v1) et l'application."""
        import uvicorn

        from vigie_industrie.api.client import uvicorn_options
        from vigie_industrie.config import Settings

        uvicorn.run(
            "vigie_industrie.api.app:create_app",
            factory=True,
            host=host,
            port=port,
            reload=reload,
            **uvicorn_options(Settings()),  # X-Forwarded-For only from VIGIE_TRUSTED_PROXIES
        )
