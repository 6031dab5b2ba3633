"""`vigie comparer Q1 Q2 …`: indicators side by side, with each one's région and France."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli import common

def render(answer: dict) -> None:
    """The comparison as one table: a column per territory, then each région and France as
    references (unless compared themselves: a column is not shown twice). The period goes with the
    indicator when every value of the row has the same one, else with each value: a comparison of
    2022 with 2024 must say so."""
    from rich import box
    from rich.table import Table

    from vigie_industrie.cli.indicateurs import console, estimate_notes, label
    from vigie_industrie.observatoire import texte

    territoires = answer["territoires"]
    compared = {(t["type"], t["code"]) for t in territoires}
    table = Table(title="Comparaison" + (f" (jusqu'à {answer['annee']})" if answer.get("annee") else ""),
                  title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Indicateur", min_width=20)
    for t in territoires:
        table.add_column(f"{t['nom']} ({t['code']})", justify="right")
    # one column per distinct région, then France: their own values and levels (estimates marked)
    regions = {t["region"]["code"]: t["region"]["nom"] for t in territoires
               if t.get("region") and ("region", t["region"]["code"]) not in compared}
    with_france = ("france", "fr") not in compared
    for nom in regions.values():
        table.add_column(f"Région {nom}", justify="right", style="dim")
    if with_france:
        table.add_column("France", justify="right")
    names = [t["nom"] for t in territoires] + list(regions.values()) + (["France"] if with_france else [])
    estimates = []
    for ind in answer["indicateurs"]:
        by_code = {v["code"]: v for v in ind["valeurs"]}
        by_region = {v["code"]: v for v in ind.get("regions", [])}
        fr = ind.get("france") or {}
        row = [by_code.get(t["code"], {}) for t in territoires] + [by_region.get(code, {}) for code in regions]
        row += [fr] if with_france else []
        periods = {v.get("periode") for v in row if v.get("valeur") is not None}
        shared = periods.pop() if len(periods) == 1 else None

        def cell(v: dict) -> str:
            text = texte.valeur(v.get("valeur"), ind["unite"], v.get("niveau"))
            return text if shared or v.get("valeur") is None else f"{text} ({v.get('periode')})"

        for v, nom in zip(row, names):
            if v.get("niveau") == "estimation":
                estimates.append({"id": ind["id"], "libelle": f"{ind['libelle']} ({nom})", "niveau": "estimation",
                                  "methode": v.get("methode")})
        table.add_row(label(ind) + (f" · {shared}" if shared else ""), *(cell(v) for v in row))
    console().print(table)
    for line in estimate_notes(estimates):
        console().print(f"[yellow]{line}[/yellow]")


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
