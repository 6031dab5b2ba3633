"""`vigie build`: build the warehouse from the mirror or the pulled data."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli import common


def register(app: typer.Typer) -> None:
    @app.command("build")
    def build(
        mirror: Optional[Path] = common.MirrorOption,
        warehouse: Optional[Path] = common.WarehouseOption,
        urssaf_file: Optional[Path] = typer.Option(
            None,
            "--urssaf-national",
            help="Export national URSSAF commune × APE (même schéma que l'extrait de Rouen) à charger à sa place.",
        ),
        json_output: bool = common.JsonOption,
    ) -> None:
        """Construire l'entrepôt DuckDB (brut → staging → marts), remplacé atomiquement en cas de succès."""
        import json

        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        from vigie_industrie.warehouse import build as build_mod

        settings = common.settings(warehouse=warehouse, mirror=mirror)
        base = common.data_base_dir(settings, mirror)
        console = Console(stderr=True)
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console, transient=True
        ) as progress:
            task = progress.add_task("Construction de l'entrepôt", total=None)
            report = build_mod.build(
                warehouse=settings.warehouse,
                base_dir=base,
                urssaf_file=urssaf_file,
                on_step=lambda msg: progress.update(task, description=f"Construction : {msg}"),
            )
        if json_output:
            typer.echo(
                json.dumps(
                    {
                        "warehouse": str(report.warehouse),
                        "donnees": str(report.base_dir),
                        "secondes": round(report.seconds, 2),
                        "fichiers": len(report.files),
                        "tables": {m.name: m.rows for m in report.models if m.layer == "marts"},
                        "urssaf_commune_ape": report.urssaf_commune_ape,
                        "avertissements": report.warnings,
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        marts = [m for m in report.models if m.layer == "marts"]
        console.print(
            f"[green]Entrepôt construit[/green] : {report.warehouse} ({len(report.files)} fichiers, "
            f"{len(marts)} tables, {report.seconds:.1f} s) depuis {report.base_dir}."
        )
        console.print(f"Emploi salarié commune × APE : {report.urssaf_commune_ape}.")
        for warning in report.warnings:
            console.print(f"[yellow]Avertissement[/yellow] : {warning}")
