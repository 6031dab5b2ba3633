"""`vigie territoire QUERY`: what a territory is, what it belongs to, how it is doing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli import common
from vigie_industrie.territories import formatting


def _sources_line(block: dict) -> str:
    """One line per block: each dataset once, then its publishers and licences (files may differ)."""
    by_title: dict[tuple[str, str], list[str]] = {}
    for s in block.get("sources", []):
        who = f"{s['editeur']}, {s['licence']}"
        credits = by_title.setdefault((s["titre"], s["millesime"]), [])
        if who not in credits:
            credits.append(who)
    parts = [f"{titre} ({millesime}) — {' ; '.join(credits)}" for (titre, millesime), credits in by_title.items()]
    return "Source : " + " | ".join(parts) if parts else ""


def render(fiche: dict) -> None:
    """Print the fiche as Rich panels and tables, in French."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    phase = f" — phase {fiche['phase']}" if fiche.get("phase") else ""
    console.rule(f"[bold]{fiche['nom']}[/bold] · {fiche['libelle_type']} {fiche['code']}{phase}")
    for note in fiche.get("notes", []):
        console.print(f"[yellow]{note}[/yellow]")
    pop = fiche["population"]
    console.print(
        f"Population municipale : {formatting.nombre(pop['population_municipale'])} · {fiche['nb_communes']} commune(s)"
    )
    console.print(f"[dim]{_sources_line(pop)}[/dim]")
    parents = ", ".join(f"{p['nom']} ({p['type']} {p['code']})" for p in fiche["parents"]["liste"])
    if parents:
        console.print(f"Appartient à : {parents}")
    if fiche["enfants"]["total"]:
        shown = ", ".join(c["nom"] for c in fiche["enfants"]["liste"][:12])
        more = "…" if fiche["enfants"]["total"] > 12 else ""
        console.print(f"Contient ({fiche['enfants']['total']}) : {shown}{more}")

    ti = fiche["territoires_industrie"]
    table = Table(title="Territoires d'industrie", title_justify="left")
    for col in ("Phase", "Identifiant", "Nom", "Région", "Communes en commun"):
        table.add_column(col)
    for key, label in (("phase_1", "1 (2018-2022)"), ("phase_2", "2 (2023-2027)")):
        if not ti[key]:
            table.add_row(label, "—", "non labellisé", "", "")
        for item in ti[key]:
            table.add_row(label, item["territoire_id"], item["nom"], item["nom_region"], formatting.nombre(item["nb_communes"]))
    console.print(table)
    console.print(f"[dim]{_sources_line(ti)}[/dim]")

    ze = fiche["zones_emploi"]
    table = Table(title="Zones d'emploi et chômage", title_justify="left")
    for col in ("Zone", "Communes", "Population", "Trimestre", "Taux (%)", "Δ 4 trim. (pts)", "Δ 20 trim. (pts)"):
        table.add_column(col)
    for z in ze["zones"]:
        table.add_row(
            f"{z['nom_ze']} ({z['code_ze']})", formatting.nombre(z["nb_communes"]), formatting.nombre(z["population"]), formatting.nombre(z["trimestre"]),
            formatting.nombre(z["taux_chomage"], 1), formatting.nombre(z["evolution_4_trimestres_points"], 1),
            formatting.nombre(z["evolution_20_trimestres_points"], 1),
        )
    console.print(table)
    if ze["taux_pondere"]:
        console.print(f"Taux pondéré par la population : {formatting.nombre(ze['taux_pondere']['taux_chomage'], 1)} %")
    console.print(f"[dim]{_sources_line(ze)}[/dim]")

    emp = fiche["emploi_total"]
    series = emp["urssaf_prive"]
    if series:
        first, last = series[0], series[-1]
        console.print(
            f"Emploi salarié privé (URSSAF, {emp['niveau_urssaf']}) : {formatting.nombre(first['emploi'])} en {first['annee']} → "
            f"{formatting.nombre(last['emploi'])} en {last['annee']}"
        )
    if emp.get("estel_total"):
        first, last = emp["estel_total"][0], emp["estel_total"][-1]
        console.print(
            f"Emploi total (INSEE ESTEL) : {formatting.nombre(first['emploi'])} en {first['annee']} → {formatting.nombre(last['emploi'])} en {last['annee']}"
        )
    if emp.get("note"):
        console.print(f"[dim]{emp['note']}[/dim]")
    console.print(f"[dim]{_sources_line(emp)}[/dim]")

    sect = fiche.get("emploi_salarie_secteurs")
    if sect:
        console.print(f"[bold]Emploi salarié par secteur[/bold] — niveau : {sect['niveau']}")
        if sect.get("avertissement"):
            console.print(f"[yellow]{sect['avertissement']}[/yellow]")
        table = Table()
        keys = [k for k in sect["serie"][0].keys()] if sect["serie"] else []
        for k in keys:
            table.add_column(k)
        for row in sect["serie"]:
            table.add_row(*(str(row[k]) if k in ("annee", "source") else formatting.nombre(row[k]) for k in keys))
        console.print(table)
        debut, fin = sect["annees"]
        table = Table(title="5 premiers secteurs A38", title_justify="left")
        for col in ("A38", "Secteur", f"Effectifs {debut}", f"Effectifs {fin}", "Évolution (%)"):
            table.add_column(col)
        for row in sect["top5_a38"]:
            table.add_row(
                row["a38"], row["libelle"], formatting.nombre(row["effectifs_debut"]),
                formatting.nombre(row["effectifs_fin"]), formatting.nombre(row["evolution_pct"], 1),
            )
        console.print(table)
        console.print(f"[dim]{_sources_line(sect)}[/dim]")
    for key, block in fiche.items():
        if isinstance(block, dict) and block.get("bloc_supplementaire"):
            console.print(f"[bold]{block.get('titre', key)}[/bold]")
            for line in block.get("lignes", []):
                console.print(line)
            console.print(f"[dim]{_sources_line(block)}[/dim]")


def register(app: typer.Typer) -> None:
    @app.command("territoire")
    def territoire(
        query: str = typer.Argument(..., help="Code (commune, SIREN d'EPCI, ti-RRNN, zone d'emploi, département, région) ou nom."),
        phase: Optional[int] = typer.Option(None, "--phase", help="Phase des Territoires d'industrie : 1 ou 2."),
        type_: Optional[str] = typer.Option(None, "--type", help="Restreindre à un type : commune, epci, territoire_industrie, zone_emploi, departement, region…"),
        json_output: bool = common.JsonOption,
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Fiche d'un territoire : identité, appartenances, labels, chômage, emploi."""
        from vigie_industrie.territories import service

        settings = common.settings(warehouse=warehouse)
        result = service.fiche(settings.warehouse, query, phase=phase, type_=type_)
        if json_output:
            typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        else:
            render(result)
