"""`vigie classement --type … --indicateur …`: territories of one kind ranked on one indicator."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli import common

def render(answer: dict) -> None:
    from rich.table import Table

    from vigie_industrie.cli.indicateurs import console, label
    from vigie_industrie.observatoire import texte
    from vigie_industrie.territories import kinds

    ind = answer["indicateur"]
    scope = f", région {answer['region']}" if answer.get("region") else ""
    phase = f", phase {answer['phase']}" if answer.get("phase") else ""
    # the kind as users name it (« Territoire d'industrie », not territoire_industrie); the unit once
    table = Table(title=f"Classement · {kinds.kind(answer['type']).LABEL} — {label(ind)}{scope}{phase}",
                  title_justify="left")
    for col in ("Rang", "Territoire", "Code", "Valeur", "Période", "Niveau"):
        table.add_column(col, justify="right" if col in ("Rang", "Valeur") else "left")
    for r in answer["classement"]:
        table.add_row(texte.valeur(r["rang"]), r["nom"] or "", r["code"], texte.valeur(r["valeur"], ind["unite"], r["niveau"]),
                      r["periode"] or "", texte.niveau(r["niveau"]))
    console().print(table)
    if any(r["niveau"] == "estimation" for r in answer["classement"]):
        console().print("[yellow]≈ : estimation (voir `vigie indicateurs CODE` pour la méthode).[/yellow]")


def register(app: typer.Typer) -> None:
    @app.command("classement")
    def classement(
        type_: str = typer.Option(..., "--type", help="epci | ze | ti | departement | region | circonscription."),
        indicateur: str = typer.Option(..., "--indicateur", "-i", help="Identifiant de l'indicateur, ex. emploi_industriel."),
        region: Optional[str] = typer.Option(None, "--region", help="Seulement les territoires de cette région (ex. 32)."),
        phase: Optional[int] = typer.Option(None, "--phase", help="Territoires d'industrie : phase 1 ou 2 (défaut 2)."),
        limit: Optional[int] = typer.Option(None, "--limit", help="Nombre de lignes (défaut : toutes)."),
        annee: Optional[int] = typer.Option(None, "--annee", help="Dernière période jusqu'à cette année."),
        croissant: bool = typer.Option(False, "--croissant", help="Du plus petit au plus grand."),
        as_json: bool = common.JsonOption,
        as_csv: bool = typer.Option(False, "--csv", help="Sortie CSV."),
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Classer les territoires d'un type sur un indicateur (France ou une région)."""
        from vigie_industrie.cli.indicateurs import dump
        from vigie_industrie.observatoire import answers
        from vigie_industrie.warehouse import connection

        answers.check_type(type_)  # before opening anything: a bad --type is one line
        con = connection.connect(common.settings(warehouse=warehouse).warehouse)
        try:
            answer = answers.classement(con, type_, indicateur, annee=annee, region=region, phase=phase, limit=limit,
                                        ascending=croissant)
        finally:
            con.close()
        if not dump(answer, as_json, as_csv, answer["classement"], answers.CLASSEMENT_CSV):
            render(answer)
