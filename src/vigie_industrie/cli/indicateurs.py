"""`vigie indicateurs QUERY`: every indicator of a territory or a custom perimeter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli import common

AnneeOption = typer.Option(None, "--annee", help="Dernière période disponible jusqu'à cette année (défaut : la plus récente).")
CsvOption = typer.Option(False, "--csv", help="Sortie CSV (une ligne par indicateur).")


def dump(data, as_json: bool, as_csv: bool, csv_rows=None, columns=None) -> bool:
    """Print JSON or CSV when asked; False when the caller should render a table."""
    from vigie_industrie import errors
    from vigie_industrie.observatoire import csvout

    if as_json and as_csv:
        raise errors.ValidationFailed("--json et --csv s'excluent : choisissez l'un des deux.")
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return True
    if as_csv:
        typer.echo(csvout.to_csv(csv_rows if csv_rows is not None else data, columns), nl=False)
        return True
    return False


def estimate_notes(rows: list[dict]) -> list[str]:
    """One line per estimated indicator, with its method (printed under the tables)."""
    return [f"≈ {r.get('libelle') or r['id']} : estimation — {r.get('methode') or 'méthode non précisée'}"
            for r in rows if r.get("niveau") == "estimation"]


def render(answer: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    from vigie_industrie.observatoire import texte

    console = Console()
    t = answer["territoire"]
    extra = f" — {t['nb_communes']} commune(s)" if "nb_communes" in t else ""
    phase = f", phase {t['phase']}" if t.get("phase") else ""
    year = f" · jusqu'à {answer['annee']}" if answer.get("annee") else ""
    console.rule(f"[bold]{t['nom']}[/bold] · {t['type']} {t['code']}{phase}{extra}{year}")
    table = Table(show_lines=False)
    for col in ("Indicateur", "Valeur", "Période", "Rang France", "Rang région", "Région", "France", "Niveau", "Source"):
        table.add_column(col, justify="right" if col in ("Valeur", "Rang France", "Rang région", "Région", "France") else "left")
    rows = answer["indicateurs"]
    for r in rows:
        unite = r.get("unite")
        rang_fr = f"{r['rang_france']}/{r['nb_france']}" if r.get("rang_france") and r.get("nb_france") else texte.valeur(r.get("rang_france"))
        rang_reg = f"{r['rang_region']}/{r['nb_region']}" if r.get("rang_region") and r.get("nb_region") else texte.valeur(r.get("rang_region"))
        table.add_row(
            f"{r.get('libelle') or r['id']} ({unite})" if unite else (r.get("libelle") or r["id"]),
            texte.valeur(r.get("valeur"), unite, r.get("niveau")), r.get("periode") or "", rang_fr, rang_reg,
            texte.valeur(r.get("valeur_region"), unite), texte.valeur(r.get("valeur_france"), unite),
            texte.niveau(r.get("niveau")), r.get("source") or "",
        )
    console.print(table)
    for line in estimate_notes(rows):
        console.print(f"[yellow]{line}[/yellow]")
    for r in rows:
        if r.get("valeur") is None and r.get("note"):
            console.print(f"[dim]n.d. {r.get('libelle') or r['id']} : {r['note']}[/dim]")


def register(app: typer.Typer) -> None:
    @app.command("indicateurs")
    def indicateurs(
        query: str = typer.Argument(..., help="Territoire (code ou nom) ou périmètre (perim-N ou son nom)."),
        annee: Optional[int] = AnneeOption,
        indicateur: Optional[list[str]] = typer.Option(None, "--indicateur", "-i", help="Restreindre à ces indicateurs (répétable)."),
        phase: Optional[int] = typer.Option(None, "--phase", help="Phase des Territoires d'industrie : 1 ou 2."),
        type_: Optional[str] = typer.Option(None, "--type", help="Restreindre à un type de territoire."),
        dimensions: bool = typer.Option(False, "--dimensions", help="Inclure les valeurs par secteur (dimension)."),
        utilisateur: Optional[str] = typer.Option(None, "--utilisateur", "-u", envvar="VIGIE_UTILISATEUR",
                                                  help="Compte dont les périmètres privés sont cherchés."),
        as_json: bool = common.JsonOption,
        as_csv: bool = CsvOption,
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Indicateurs d'un territoire ou d'un périmètre : valeur, période, rangs, région, France."""
        from vigie_industrie.cli.perimetre import lookup
        from vigie_industrie.observatoire import answers, cible
        from vigie_industrie.warehouse import connection

        con = connection.connect(common.settings(warehouse=warehouse).warehouse)
        try:
            target = cible.resolve(con, query, lookup=lookup(utilisateur), phase=phase, type_=type_)
            answer = answers.indicateurs(con, target, annee=annee, ids=indicateur, dimensions=dimensions)
        finally:
            con.close()
        if not dump(answer, as_json, as_csv, answers.indicateurs_csv(answer), answers.INDICATEURS_CSV):
            render(answer)
