"""`vigie comparer Q1 Q2 …`: indicators side by side, with each one's région and France."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli import common

def render(answer: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    from vigie_industrie.cli.indicateurs import estimate_notes
    from vigie_industrie.observatoire import texte

    console = Console()
    territoires = answer["territoires"]
    table = Table(title="Comparaison" + (f" (jusqu'à {answer['annee']})" if answer.get("annee") else ""),
                  title_justify="left")
    table.add_column("Indicateur")
    for t in territoires:
        table.add_column(f"{t['nom']} ({t['code']})", justify="right")
        table.add_column(f"Région de {t['code']}", justify="right", style="dim")
    table.add_column("France", justify="right")
    estimates = []
    for ind in answer["indicateurs"]:
        by_code = {v["code"]: v for v in ind["valeurs"]}
        cells = []
        for t in territoires:
            v = by_code.get(t["code"], {})
            if v.get("niveau") == "estimation":
                estimates.append({"id": ind["id"], "libelle": f"{ind['libelle']}, {t['nom']}", "niveau": "estimation",
                                  "methode": v.get("methode")})
            cells += [texte.valeur(v.get("valeur"), ind["unite"], v.get("niveau")), texte.valeur(v.get("valeur_region"), ind["unite"])]
        label = f"{ind['libelle'] or ind['id']} ({ind['unite']})" if ind.get("unite") else (ind["libelle"] or ind["id"])
        table.add_row(label, *cells, texte.valeur(ind.get("valeur_france"), ind["unite"]))
    console.print(table)
    for line in estimate_notes(estimates):
        console.print(f"[yellow]{line}[/yellow]")


def register(app: typer.Typer) -> None:
    @app.command("comparer")
    def comparer(
        queries: list[str] = typer.Argument(..., help="Deux territoires ou plus (codes, noms, perim-N)."),
        indicateur: Optional[list[str]] = typer.Option(None, "--indicateur", "-i", help="Indicateurs à comparer (répétable)."),
        annee: Optional[int] = typer.Option(None, "--annee", help="Dernière période jusqu'à cette année."),
        utilisateur: Optional[str] = typer.Option(None, "--utilisateur", "-u", envvar="VIGIE_UTILISATEUR",
                                                  help="Compte dont les périmètres privés sont cherchés."),
        as_json: bool = common.JsonOption,
        as_csv: bool = typer.Option(False, "--csv", help="Sortie CSV (une ligne par indicateur et territoire)."),
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Comparer des territoires côte à côte, avec leur région et la France."""
        from vigie_industrie.cli.indicateurs import dump
        from vigie_industrie.cli.perimetre import lookup
        from vigie_industrie.observatoire import answers, cible
        from vigie_industrie.warehouse import connection

        con = connection.connect(common.settings(warehouse=warehouse).warehouse)
        try:
            who = lookup(utilisateur)
            targets = [cible.resolve(con, q, lookup=who) for q in queries]
            answer = answers.comparer(con, targets, annee=annee, ids=indicateur)
        finally:
            con.close()
        if not dump(answer, as_json, as_csv, answers.comparer_long(answer), answers.COMPARER_CSV):
            render(answer)
