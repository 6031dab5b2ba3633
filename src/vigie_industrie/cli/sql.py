"""`vigie sql`: read-only SQL on the warehouse, for analysts."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli import common


def register(app: typer.Typer) -> None:
    @app.command("sql")
    def sql(
        query: str = typer.Argument(..., help="Requête SQL (lecture seule), ex. \"select * from region\"."),
        output_format: str = typer.Option("table", "--format", "-f", help="table, csv ou json."),
        limit: int = typer.Option(1000, "--limit", help="Nombre maximal de lignes affichées en mode table."),
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Interroger l'entrepôt en SQL (DuckDB), en lecture seule."""
        from vigie_industrie.warehouse import query as query_mod

        settings = common.settings(warehouse=warehouse)
        result = query_mod.run_readonly(settings.warehouse, query_text=query)
        typer.echo(query_mod.render(result, output_format=output_format, limit=limit))
