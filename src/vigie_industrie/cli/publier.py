"""`vigie publier DIR`: the crosswalk and indicator marts as an open-data package."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli import common


def register(app: typer.Typer) -> None:
    @app.command("publier")
    def publier(
        directory: Path = typer.Argument(..., help="Dossier à créer (absent ou vide)."),
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Publier territoire_commune et les indicateurs en Parquet et CSV, avec un datapackage.json (Frictionless)."""
        from vigie_industrie.observatoire import publish
        from vigie_industrie.warehouse import connection

        publish.check_target(directory)
        con = connection.connect(common.settings(warehouse=warehouse).warehouse)
        try:
            descriptor = publish.publish(con, directory)
        finally:
            con.close()
        tables = sorted({r["title"] for r in descriptor["resources"]})
        rows = {r["title"]: r["rows"] for r in descriptor["resources"]}
        typer.echo(f"Paquet écrit dans {directory} : {', '.join(f'{t} ({rows[t]} lignes)' for t in tables)} ; "
                   f"Parquet et CSV, décrits par {directory / 'datapackage.json'}.")
