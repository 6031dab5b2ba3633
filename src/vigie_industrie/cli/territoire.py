"""`vigie territoire QUERY`: what a territory is, what it belongs to, how it is doing.

Renders the typed fiche (``fiches.model.Fiche``); ``--json`` prints the same object as the API.
Sources are printed once, as a numbered list of short attributions; ``--sources`` adds each
file's publisher, vintage and licence.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli import common
from vigie_industrie.fiches.model import Bloc, Chiffre, Fiche, Tableau
from vigie_industrie.territories import formatting


COUNTS = ("habitants", "emplois", "établissements", "salariés")
MAX_TI_ROWS = 12


def valeur(value, unite: str | None = None) -> str:
    """A figure the French way: counts as integers (an estimate is not more precise than that),
    shares with one decimal, small indices with three.

    >>> valeur(1234.4, "emplois"), valeur(10.64, "%"), valeur(0.297, "%"), valeur(0.1234, "indice"), valeur(None, "%")
    ('1 234', '10,6 %', '0,3 %', '0,123', 'n.d.')
    """
    if value is None:
        return "n.d."
    if isinstance(value, float) and (unite in COUNTS or (value.is_integer() and unite not in ("%", "points"))):
        text = formatting.nombre(int(round(value)))
    elif isinstance(value, float):
        text = formatting.nombre(value, 3 if abs(value) < 1 and unite not in ("%", "points", "% par an") else 1)
    else:
        text = formatting.nombre(value)
    return f"{text} %" if unite == "%" else text


def _refs(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


SHORT_UNITS = {"% par an": "%/an", "points": "pts", "salariés": "sal."}


def _unit(unite: str | None) -> str:
    """Counts carry no unit (the label says what is counted); others a short one."""
    if unite in (None, "%", "indice", "indice (0-1)") or unite in COUNTS:
        return ""
    return f" {SHORT_UNITS.get(unite, unite)}"


def _chiffres_table(title: str | None, chiffres: list[Chiffre], *, niveau: str | None = None):
    """Figures as one table. The level column only when it varies (else the block title says it),
    rank and comparison columns only when they say something: some figure has them, and they are
    not the territory's own figures (the région's fiche has no « Région » column, France's no
    « France » column and no rank 1/1); an estimate is starred."""
    from rich.table import Table

    def other(attr: str) -> bool:
        return any(getattr(c, attr) is not None and getattr(c, attr) != c.valeur for c in chiffres)

    with_region, with_france = other("valeur_region"), other("valeur_france")
    ranks = any(c.rang_france is not None and (c.nb_france or 0) > 1 for c in chiffres)
    levels = niveau is None or any(c.niveau != niveau for c in chiffres)
    table = Table(title=title, title_justify="left")
    cols = ["Indicateur", "Valeur", "Période"] + (["Niveau"] if levels else []) + (["Rang France"] if ranks else [])
    cols += (["Région"] if with_region else []) + (["France"] if with_france else []) + ["Src"]
    for col in cols:
        table.add_column(col)
    for c in chiffres:
        star = " *" if c.niveau == "estimation" else ""
        row = [
            c.libelle + (f" — {c.dimension}" if c.dimension else ""),
            valeur(c.valeur, c.unite) + ("" if c.valeur is None else _unit(c.unite)) + star,
            c.periode or "",
        ]
        if levels:
            row.append(c.niveau or "")
        if ranks:
            row.append(f"{c.rang_france}/{c.nb_france}" if c.rang_france else "")
        if with_region:
            row.append(valeur(c.valeur_region, c.unite))
        if with_france:
            row.append(valeur(c.valeur_france, c.unite))
        table.add_row(*row, _refs(c.sources))
    return table


def _methodes(console, chiffres: list[Chiffre]) -> None:
    """Each estimation method once, below its table."""
    for methode in dict.fromkeys(c.methode for c in chiffres if c.niveau == "estimation" and c.methode):
        console.print(f"[dim]* estimation : {methode}[/dim]")


def _tableau(t: Tableau):
    from rich.table import Table

    table = Table(title=f"{t.titre} {_refs(t.sources)}", title_justify="left")
    for col in t.colonnes:
        table.add_column(col.libelle)
    for row in t.lignes:
        table.add_row(*(valeur(row.get(c.id), c.unite) if not isinstance(row.get(c.id), str) else row[c.id] for c in t.colonnes))
    return table


def _bloc(console, bloc: Bloc) -> None:
    if not (bloc.chiffres or bloc.series or bloc.tableaux):
        return  # nothing measured for this territory (the JSON keeps the empty block and its notes)
    head = f"[bold]{bloc.titre}[/bold]" + (f" — niveau : {bloc.niveau}" if bloc.niveau else "")
    console.print(head)
    if bloc.chiffres:
        console.print(_chiffres_table(None, bloc.chiffres, niveau=bloc.niveau))
        _methodes(console, bloc.chiffres)
    for serie in bloc.series:
        points = [p for p in serie.points if p.valeur is not None]
        if points:
            first, last = points[0], points[-1]
            console.print(
                f"{serie.libelle} : {valeur(first.valeur, serie.unite)} en {first.periode} → "
                f"{valeur(last.valeur, serie.unite)} en {last.periode} ({len(serie.points)} périodes) {_refs(serie.sources)}"
            )
    for table in bloc.tableaux:
        console.print(_tableau(table))
        for note in table.notes:
            console.print(f"[dim]{note}[/dim]")
    for note in bloc.notes:
        console.print(f"[dim]{note}[/dim]")


def _circonscription(console, fiche: Fiche) -> None:
    c = fiche.circonscription
    console.print(f"[bold]Circonscription législative[/bold] {_refs(c.depute.sources)}")
    d = c.depute.depute
    console.print(
        f"Député(e) : {d.nom_affiche} (depuis le {_fr_date(d.date_debut_mandat)})" if d
        else "Député(e) : siège vacant à l'extraction du RNE"
    )
    k = c.communes
    partielles = ", ".join(f"{x.nom_commune} ({x.code_commune})" for x in k.communes if x.partielle)
    if not k.nb_communes:
        console.print("Communes : aucune dans la composition INSEE (Français de l'étranger, Mayotte et COM)")
    else:
        console.print(
            f"Communes : {k.nb_communes}"
            + (f", dont {k.nb_communes_partielles} partielle(s) : {partielles}" if k.nb_communes_partielles else ", toutes entières")
        )
    for table in c.recoupements.tableaux:
        console.print(_tableau(table))
    ind = c.indicateurs_insee
    console.print(_chiffres_table(ind.titre, ind.chiffres))
    console.print(c.carte.attribution + ("" if c.carte.disponible else " (pas de contour)"))


def _fr_date(iso: str | None) -> str:
    return "?" if not iso else f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def render(fiche: Fiche, *, sources: bool = False) -> None:
    """Print the fiche as Rich panels and tables, in French."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.rule(f"[bold]{fiche.titre}[/bold]")
    for note in fiche.notes:
        console.print(f"[yellow]{note}[/yellow]")
    console.print(f"{formatting.nombre(fiche.nb_communes)} commune(s)")
    parents = ", ".join(f"{p.nom} ({p.type} {p.code})" for p in fiche.parents.liste)
    if parents:
        console.print(f"Appartient à : {parents}")
    if fiche.enfants.total:
        shown = ", ".join(c.nom for c in fiche.enfants.liste[:12])
        more = "…" if fiche.enfants.total > 12 else ""
        console.print(f"Contient ({fiche.enfants.total}) : {shown}{more}")
    if fiche.chiffres_cles:
        console.print(_chiffres_table("Chiffres clés", fiche.chiffres_cles))
        _methodes(console, fiche.chiffres_cles)

    ti = fiche.territoires_industrie
    table = Table(title=f"Territoires d'industrie {_refs(ti.sources)}", title_justify="left")
    for col in ("Phase", "Identifiant", "Nom", "Région", "Communes en commun"):
        table.add_column(col)
    for phase, label in ((1, "1 (2018-2022)"), (2, "2 (2023-2027)")):
        items = [i for i in ti.territoires if i.phase == phase]
        if not items:
            table.add_row(label, "—", "non labellisé", "", "")
        for item in items[:MAX_TI_ROWS]:
            table.add_row(label, item.territoire_id, item.nom, item.nom_region or "", formatting.nombre(item.nb_communes))
        if len(items) > MAX_TI_ROWS:
            table.add_row(label, "…", f"et {len(items) - MAX_TI_ROWS} autre(s) (--json)", "", "")
    console.print(table)
    for bloc in fiche.blocs:
        _bloc(console, bloc)
    if fiche.circonscriptions:
        block = fiche.circonscriptions
        console.print(f"[bold]{block.titre}[/bold] {_refs(block.sources)}")
        for r in block.circonscriptions:
            console.print(
                f"{r.libelle} ({r.circonscription_id}) : {r.depute or 'siège vacant'}"
                + (f", {r.nb_communes} commune(s)" if fiche.type != "commune" else "")
                + (f" dont {r.nb_communes_partielles} partielle(s)" if r.nb_communes_partielles else "")
            )
    if fiche.circonscription:
        _circonscription(console, fiche)
    console.print(f"[dim]{sources_text(fiche, full=sources)}[/dim]")


def sources_text(fiche: Fiche, *, full: bool = False) -> str:
    """The numbered sources, once; ``full`` adds each file's title, publisher, vintage and licence."""
    lines = []
    shared = {a for a in (s.attribution for s in fiche.sources) if [x.attribution for x in fiche.sources].count(a) > 1}
    for s in fiche.sources:
        # Two sources with the same short attribution (« Source : Insee ») are told apart by their id.
        lines.append(f"[{s.numero}] {s.attribution}" + (f" ({s.id})" if s.attribution in shared else ""))
        if full:
            for f in s.fichiers:
                lines.append(f"    {f.titre} ({f.millesime or 'millésime n.d.'}) — {f.editeur}, {f.licence}")
    return "Sources :\n" + "\n".join(lines) if lines else ""


def register(app: typer.Typer) -> None:
    @app.command("territoire")
    def territoire(
        query: str = typer.Argument(..., help="Code (commune, SIREN d'EPCI, ti-RRNN, zone d'emploi, département, région, fr, périmètre perim-N) ou nom."),
        phase: Optional[int] = typer.Option(None, "--phase", help="Phase des Territoires d'industrie : 1 ou 2."),
        type_: Optional[str] = typer.Option(None, "--type", help="Restreindre à un type : commune, epci, territoire_industrie, zone_emploi, departement, region, circonscription, france…"),
        sources: bool = typer.Option(False, "--sources", help="Détailler chaque source : éditeur, millésime, licence."),
        json_output: bool = common.JsonOption,
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Fiche d'un territoire : identité, appartenances, labels, chiffres clés, emploi, industrie, chômage."""
        from vigie_industrie.fiches import service
        from vigie_industrie.warehouse.connection import WarehouseReader

        settings = common.settings(warehouse=warehouse)
        from vigie_industrie.fiches import perimetre

        with WarehouseReader(settings.warehouse) as reader:
            if perimetre.is_perimetre(query):  # a custom perimeter perim-N (programme store)
                from vigie_industrie.cli.perimetre import lookup

                result = perimetre.fiche(reader.con, query, lookup())
            else:
                result = service.fiche(reader.con, query, phase=phase, type_=type_)
        if json_output:
            typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        else:
            render(result, sources=sources)
