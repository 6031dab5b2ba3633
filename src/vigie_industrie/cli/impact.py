"""`vigie impact`: what closing a site (or several, from a CSV scenario) does to its territories.

Renders the typed answer (``impact.model.Impact``); ``--json`` prints the same object as the API.
Every figure shows its numbered sources ``[1]`` and assumptions ``(H2)``, listed at the end.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli import common


def _console():
    from rich.console import Console

    return Console(width=140, highlight=False)


def _refs(sources: list[int], hypotheses: list[int]) -> str:
    return "".join(f"[{n}]" for n in sources) + "".join(f" (H{n})" for n in hypotheses)


def render(answer) -> None:
    from rich.markup import escape
    from rich.table import Table

    from vigie_industrie.observatoire import texte

    out = _console()
    out.print(f"[bold]{escape(answer.titre)}[/bold]" + (f" — fermeture le {answer.date}" if answer.date else ""))
    for s in answer.sites:
        where = f"{s.commune.nom} ({s.commune.code})" if s.commune else f"{s.epci.nom} ({s.epci.code})"
        out.print(f"  • {s.emplois} emplois, NAF {s.naf.code} {escape(s.naf.libelle)} (A38 {s.naf.a38}), {escape(where)}")
        for n in s.notes:
            out.print(f"    {escape(n)}")
    out.print(f"Emplois directs perdus : [bold]{answer.emplois_directs}[/bold]\n")
    for t in answer.territoires:
        title = f"{t.libelle_type} {t.nom or ''} ({t.code})" if t.code else t.libelle_type
        if not t.chiffres:
            out.print(f"[bold]{escape(title)}[/bold] : {escape(' '.join(t.notes))}\n")
            continue
        table = Table(title=escape(f"{title} — {t.emplois_perdus} emplois perdus"), title_justify="left")
        for col in ("Chiffre", "Valeur", "Période", "Niveau", "Réf."):
            table.add_column(col)
        notes = []
        for c in t.chiffres:
            value = texte.valeur(c.valeur, c.unite, c.niveau)
            if c.valeur is None and c.note:
                if c.note not in notes:
                    notes.append(c.note)
                value += f" ({notes.index(c.note) + 1})"
            table.add_row(escape(c.libelle), value, c.periode or "", c.niveau or "", _refs(c.sources, c.hypotheses))
        out.print(table)
        for n, note in enumerate(notes, start=1):
            out.print(f"  ({n}) {escape(note)}")
        for note in t.notes:
            out.print(f"  {escape(note)}")
        out.print()
    table = Table(title="Emplois indirects et induits dans la zone d'emploi (multiplicateurs d'emploi local)", title_justify="left")
    for col in ("", "Multiplicateur", "Valeur", "Indirects", "Total", "Chômage (pts)", "Réf."):
        table.add_column(col)
    for m in answer.multiplicateurs:
        mark = "→" if m.choisi else ""
        role = f" [{m.role}]" if m.role else (" [hypothèse]" if m.statut == "hypothèse" else "")
        rng = f"{texte.valeur(m.bas, 'indice')}-{texte.valeur(m.haut, 'indice')}" if m.bas != m.haut else texte.valeur(m.valeur, "indice")
        ind = (f"{texte.valeur(m.emplois_indirects_bas, 'emplois')}-{texte.valeur(m.emplois_indirects_haut, 'emplois')}"
               if m.bas != m.haut else texte.valeur(m.emplois_indirects, "emplois"))
        table.add_row(mark, escape(m.libelle + role), rng, ind, texte.valeur(m.emplois_total, "emplois"),
                      texte.valeur(m.hausse_chomage_points, "points"), _refs(m.sources, m.hypotheses))
    out.print(table)
    chosen = next(m for m in answer.multiplicateurs if m.choisi)
    out.print(f"Multiplicateur retenu : {escape(chosen.libelle)} ({chosen.id}) ; les autres sont donnés à côté "
              "(--multiplicateur ID pour en choisir un autre).\n")
    for block in answer.chomage:
        z = block.zone_emploi
        out.print(f"[bold]Chômage de la zone d'emploi {escape(z.nom or '') if z else ''} ({z.code if z else '—'})[/bold]"
                  + (f" — {block.emplois_perdus} emplois directs" if len(answer.chomage) > 1 else ""))
        for c in block.chiffres:
            out.print(f"  {escape(c.libelle)} : {texte.valeur(c.valeur, c.unite, c.niveau)}"
                      + (f" {c.unite}" if c.unite == "points" and c.valeur is not None else "")
                      + (f" ({c.periode})" if c.periode else "") + f" {_refs(c.sources, c.hypotheses)}")
        for n in block.notes:
            out.print(f"  [yellow]{escape(n)}[/yellow]")
        out.print()
    for tab in answer.comparables:
        table = Table(title=escape(tab.titre), title_justify="left")
        for col in tab.colonnes:
            table.add_column(col.libelle)
        for row in tab.lignes:
            table.add_row(*[texte.valeur(row[c.id], c.unite) if c.unite else escape(str(row[c.id] or "")) for c in tab.colonnes])
        out.print(table)
        for n in tab.notes:
            out.print(f"  {escape(n)}")
        out.print()
    out.print("[bold]Données chargées et manquantes[/bold]")
    for d in answer.disponibilite:
        out.print(f"  {'✓' if d.disponible else '✗'} {escape(d.chiffre)} : {escape(d.detail)}")
    out.print("\n[bold]Hypothèses[/bold]")
    for h in answer.hypotheses:
        out.print(f"  (H{h.numero}) {escape(h.texte)}")
    out.print("\n[bold]Sources[/bold]")
    for s in answer.sources:
        url = f" {s.publication.url}" if s.publication and s.publication.url else ""
        out.print(f"  [{s.numero}] {escape(s.attribution)}{url}")


def register(app: typer.Typer) -> None:
    @app.command("impact")
    def impact(
        commune: Optional[str] = typer.Option(None, "--commune", help="Code INSEE de la commune du site (ex. 62119)."),
        epci: Optional[str] = typer.Option(None, "--epci", help="SIREN de l'EPCI du site, si la commune n'est pas connue."),
        naf: Optional[str] = typer.Option(None, "--naf", help="Sous-classe NAF rév. 2 du site (ex. 22.11Z)."),
        emplois: Optional[int] = typer.Option(None, "--emplois", help="Emplois directs perdus (entier > 0)."),
        date: Optional[str] = typer.Option(None, "--date", help="Date de fermeture AAAA-MM-JJ : données de l'année précédente au plus tard."),
        scenario: Optional[Path] = typer.Option(None, "--scenario", help="CSV de plusieurs sites : commune ou epci, naf, emplois[, libelle]."),
        multiplicateur: Optional[str] = typer.Option(None, "--multiplicateur", "-m",
                                                     help="Multiplicateur retenu (id, ou bas/central/haut ; défaut : central)."),
        as_json: bool = common.JsonOption,
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Simuler l'impact d'une fermeture de site : emplois directs, indirects, chômage, secteur, précédents."""
        from vigie_industrie import errors
        from vigie_industrie.impact import saisie, service
        from vigie_industrie.warehouse import connection

        if scenario is not None:
            if commune or epci or naf or emplois is not None:
                raise errors.ValidationFailed("--scenario s'emploie seul : les sites sont dans le fichier (pas de --commune, --epci, --naf, --emplois).")
            sites = saisie.scenario(scenario)
        else:
            if naf is None or emplois is None:
                raise errors.ValidationFailed("Donnez --naf et --emplois avec --commune ou --epci (ou un fichier --scenario).")
            sites = [saisie.site(naf=naf, emplois=emplois, commune=commune, epci=epci)]
        when = saisie.date_fermeture(date)
        con = connection.connect(common.settings(warehouse=warehouse).warehouse)
        try:
            answer = service.simuler(con, sites, date_fermeture=when, multiplicateur=multiplicateur)
        finally:
            con.close()
        if as_json:
            typer.echo(answer.model_dump_json(indent=2))
        else:
            render(answer)
