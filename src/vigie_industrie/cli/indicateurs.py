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
    """One line per estimation method, naming the indicators computed with it (printed under the tables)."""
    by_method: dict[str, list[str]] = {}
    for r in rows:
        if r.get("niveau") == "estimation":
            by_method.setdefault(r.get("methode") or "méthode non précisée", []).append(r.get("libelle") or r["id"])
    return [f"≈ estimation ({', '.join(names)}) : {method}" for method, names in by_method.items()]


def label(r: dict) -> str:
    """The indicator's label with its unit, unless the label or the value already says it."""
    text = r.get("libelle") or r["id"]
    if r.get("dimension") is not None:
        text += f" — {r['dimension']}"
    unite = r.get("unite")
    if unite and not unite.startswith("%") and f"({unite})" not in text:
        text += f" ({unite})"
    return text


def console():
    """A Rich console: the terminal's width, or 160 columns when the output is piped (files, tests)."""
    from rich.console import Console

    c = Console()
    return c if c.is_terminal else Console(width=160)


def _rang(rang, total) -> str:
    if rang is None:
        return "—"
    return f"{rang}/{total}" if total else str(rang)


def render(answer: dict) -> None:
    from rich import box
    from rich.table import Table

    from vigie_industrie.observatoire import texte

    out = console()
    t = answer["territoire"]
    extra = f" — {t['nb_communes']} commune(s)" if "nb_communes" in t else ""
    phase = f", phase {t['phase']}" if t.get("phase") else ""
    year = f" · jusqu'à {answer['annee']}" if answer.get("annee") else ""
    out.rule(f"[bold]{t['nom']}[/bold] · {t['type']} {t['code']}{phase}{extra}{year}")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Indicateur", min_width=24, ratio=1)
    for col in ("Valeur", "Période", "Rang Fr. · rég.", "Région", "France"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("Niveau", max_width=12)
    rows = answer["indicateurs"]
    for r in rows:
        unite = r.get("unite")
        rang = f"{_rang(r.get('rang_france'), r.get('nb_france'))} · {_rang(r.get('rang_region'), r.get('nb_region'))}"
        table.add_row(
            label(r), texte.valeur(r.get("valeur"), unite, r.get("niveau")), r.get("periode") or "", rang,
            texte.valeur(r.get("valeur_region"), unite), texte.valeur(r.get("valeur_france"), unite),
            texte.niveau(r.get("niveau")),
        )
    out.print(table)
    for line in estimate_notes(rows):
        out.print(f"[yellow]{line}[/yellow]")
    for r in rows:
        if r.get("valeur") is None and r.get("note"):
            out.print(f"[dim]n.d. {r.get('libelle') or r['id']} : {r['note']}[/dim]")
    used = sorted({r["source"] for r in rows if r.get("source")})
    if used:
        out.print(f"[dim]Sources : {' ; '.join(used)} (détail : vigie data list).[/dim]")


def render_registry(rows: list[dict]) -> None:
    from rich.table import Table

    table = Table(title="Indicateurs", title_justify="left")
    for col in ("Identifiant", "Libellé", "Unité", "Famille", "Source"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["id"], r["libelle"], r["unite"], r["famille"], r["source"])
    console().print(table)


def register(app: typer.Typer) -> None:
    @app.command("indicateurs")
    def indicateurs(
        query: Optional[str] = typer.Argument(None, help="Territoire (code ou nom) ou périmètre (perim-N ou son nom)."),
        liste: bool = typer.Option(False, "--liste", help="Lister les indicateurs disponibles (registre) et sortir."),
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
        from vigie_industrie import errors
        from vigie_industrie.cli.perimetre import lookup
        from vigie_industrie.observatoire import answers, cible
        from vigie_industrie.warehouse import connection

        if liste:
            rows = answers.registre()
            if not dump(rows, as_json, as_csv, rows, answers.REGISTRE_CSV):
                render_registry(rows)
            return
        if not query:
            raise errors.ValidationFailed("Indiquez un territoire, ex. : vigie indicateurs 200069037 (ou --liste).")
        con = connection.connect(common.settings(warehouse=warehouse).warehouse)
        try:
            target = cible.resolve(con, query, lookup=lookup(utilisateur), phase=phase, type_=type_)
            answer = answers.indicateurs(con, target, annee=annee, ids=indicateur, dimensions=dimensions)
        finally:
            con.close()
        if not dump(answer, as_json, as_csv, answers.indicateurs_csv(answer), answers.INDICATEURS_CSV):
            render(answer)
