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
        max_rows: int = typer.Option(
            10_000, "--max-rows", min=1, help="Nombre maximal de lignes lues (au-delà, le résultat est tronqué et le dit)."
        ),
        timeout: float = typer.Option(30.0, "--timeout", min=0.1, help="Durée maximale de la requête, en secondes."),
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Interroger l'entrepôt en SQL (DuckDB), en lecture seule : une requête de lecture, sans accès aux fichiers ni au réseau."""
        from vigie_industrie.warehouse import query as query_mod

        settings = common.settings(warehouse=warehouse)
        result = query_mod.run_readonly(settings.warehouse, query_text=query, max_rows=max_rows, timeout_s=timeout)
        typer.echo(query_mod.render(result, output_format=output_format, limit=limit))
        note = query_mod.truncation_note(result, max_rows)
        if note:
            typer.echo(note, err=True)
