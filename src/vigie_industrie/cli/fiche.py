"""`vigie fiche QUERY`: the fiche to hand over, as a PDF, an HTML file or Markdown.

The same typed fiche as `vigie territoire` and the API (``fiches.service``), rendered by
``reports.render`` with the comparison series of the warehouse (peers, région, France).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli import common

FORMATS = ("pdf", "html", "md")


def register(app: typer.Typer) -> None:
    @app.command("fiche")
    def fiche(
        query: str = typer.Argument(..., help="Code (commune, SIREN d'EPCI, ti-RRNN, zone d'emploi, département, région, circo-DD-NN, fr) ou nom."),
        phase: Optional[int] = typer.Option(None, "--phase", help="Phase des Territoires d'industrie : 1 ou 2."),
        type_: Optional[str] = typer.Option(None, "--type", help="Restreindre à un type : commune, epci, territoire_industrie, zone_emploi, departement, region, circonscription, france…"),
        output_format: str = typer.Option("pdf", "--format", "-f", help="pdf, html ou md (Markdown)."),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="Fichier écrit (défaut : la sortie standard, sauf PDF vers un terminal)."),
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Fiche à remettre (2 à 4 pages A4) : identité, labels, chiffres clés, graphiques, comparaisons, résumé, sources."""
        from vigie_industrie import errors
        from vigie_industrie import reports
        from vigie_industrie.fiches import service
        from vigie_industrie.warehouse.connection import WarehouseReader

        fmt = output_format.strip().lower()
        if fmt not in FORMATS:
            raise errors.ValidationFailed(f"Format « {output_format} » inconnu : choisissez pdf, html ou md.")
        if fmt == "pdf" and output is None and sys.stdout.isatty():
            raise errors.ValidationFailed("Un PDF ne s'affiche pas dans un terminal : précisez --output FICHIER.pdf.")
        settings = common.settings(warehouse=warehouse)
        with WarehouseReader(settings.warehouse) as reader:
            result = service.fiche(reader.con, query, phase=phase, type_=type_)
            content = reports.render(result, fmt, con=reader.con)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        output.write_bytes(data)
        typer.echo(f"Fiche « {result.nom} » ({fmt}, {len(data) // 1024 or 1} Ko) écrite dans {output}.", err=True)
