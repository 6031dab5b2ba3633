"""`vigie eligibilite QUERY | candidats | valider`: the Territoires d'industrie criteria, explained and validated.

`vigie eligibilite QUERY` is the default sub-command (``expliquer``): any first word that is not
``candidats`` or ``valider`` is a territory, so both `vigie eligibilite 200027183` and
`vigie eligibilite expliquer 200027183` work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from vigie_industrie.cli import common

CriteresOption = typer.Option(None, "--criteres", "-c",
                              help="Fichier de critères : nom livré (officiel-2019, densite-grille, ajuste-cv) ou chemin .toml.")
PoidsOption = typer.Option(None, "--poids", "-p", help="Changer un poids : id=valeur (répétable), ex. ecosysteme_dense=3.")


class _DefaultExpliquer(TyperGroup):
    """A group whose unknown first word is the territory of the default ``expliquer`` command."""

    def resolve_command(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "expliquer", self.commands["expliquer"], args
        return super().resolve_command(ctx, args)


def grille(criteres: Optional[str], poids: Optional[list[str]]):
    from vigie_industrie.eligibility import criteres as crit

    return crit.with_poids(crit.load(criteres), crit.parse_poids(poids))


def _pct(v) -> str:
    return "n.d." if v is None else f"{v:.0%}".replace("%", " %")


def render(answer: dict) -> None:
    from rich import box
    from rich.table import Table

    from vigie_industrie.cli.indicateurs import console
    from vigie_industrie.observatoire import texte

    out = console()
    t, g = answer["territoire"], answer["criteres"]
    score = "n.d." if answer["score"] is None else f"{answer['score']:.1f}".replace(".", ",")
    out.rule(f"[bold]{t['nom']}[/bold] · {t['type']} {t['code']}")
    out.print(f"Critères : {g['titre']} ({g['id']}, version {g['version']})")
    decision = f" · données publiées en {answer['decision']} au plus tard" if answer.get("decision") else ""
    out.print(f"[bold]Score {score} / 100 · {answer['verdict']}[/bold] (seuil {g['seuil_eligible']:g}) · "
              f"poids évaluable {_pct(answer['couverture'])}{decision}")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("Critère", "Valeur", "Période", "Seuil", "Poids", "Note", "Contribution", "Verdict", "Source"):
        table.add_column(col, justify="left" if col in ("Critère", "Verdict", "Source") else "right")
    for d in answer["detail"]:
        valeur = texte.valeur(d["valeur"], d["unite"], d["niveau"])
        if d["transformation"] == "abs" and d["valeur"] is not None:
            valeur += " (|·|)"
        note = "—" if d["note_critere"] is None else f"{d['note_critere']:.2f}".replace(".", ",")
        contrib = "—" if d["contribution"] is None else f"{d['contribution']:.2f}".replace(".", ",")
        seuil = ("≥ " if d["sens"] == "hausse" else "≤ ") + texte.valeur(d["seuil"], d["unite"])
        table.add_row(f"{d['libelle']}\n[dim]{d['indicateur']}[/dim]", valeur, d["periode"] or "", seuil,
                      f"{d['poids']:g}", note, contrib, d["verdict"], d["source"]["id"])
    out.print(table)
    for d in answer["detail"]:
        if d["valeur"] is None:
            out.print(f"[dim]non évaluable — {d['libelle']} : {d['note']}[/dim]")
    for d in answer["detail"]:
        if d.get("repli"):
            out.print(f"[yellow]repli ({d['libelle']}) : {d['note']}[/yellow]")
    for d in answer["detail"]:
        if d["niveau"] == "estimation":
            out.print(f"[yellow]≈ estimation ({d['libelle']}) : {d['methode']}[/yellow]")
    out.print("Textes officiels :")
    for d in answer["detail"]:
        out.print(f"  {d['id']} — « {d['texte_officiel']} »")
    for n in answer["non_mesures"]:
        out.print(f"  non mesuré — « {n.get('texte_officiel')} » : {n.get('raison')}")
    sources = {d["source"]["id"]: d["source"] for d in answer["detail"]}
    for s in sources.values():
        out.print(f"[dim]Source : {s['titre']} ({s['date']}), {s['url']}[/dim]")
    if answer.get("labels"):
        lab = answer["labels"]
        out.print(f"Labels : phase 1 {'oui' if lab['labellise_phase1'] else 'non'}, phase 2 "
                  f"{'oui' if lab['labellise_phase2'] else 'non'}"
                  + (f" ({lab['ti_phase2']})" if lab.get("ti_phase2") else ""))


def render_candidats(answer: dict) -> None:
    from rich.table import Table

    from vigie_industrie.cli.indicateurs import console

    out = console()
    for phase in (2, 1):
        rows = answer[f"non_labellises_phase{phase}"]
        titre = ("EPCI non labellisés en phase 2 (candidats)" if phase == 2
                 else "EPCI non labellisés en phase 1 (historique)")
        table = Table(title=f"{titre} — critères {answer['criteres']['id']}", title_justify="left")
        for col in ("Région", "Rang", "EPCI", "Code", "Score", "Verdict", "Remplis", "Non évaluables"):
            table.add_column(col, justify="right" if col in ("Rang", "Score", "Remplis", "Non évaluables") else "left")
        for d in rows:
            score = "n.d." if d["score"] is None else f"{d['score']:.1f}".replace(".", ",")
            table.add_row(d["nom_region"] or d["code_region"] or "", str(d["rang_region"]), d["nom"] or "", d["code"],
                          score, d["verdict"], str(d["nb_remplis"]), str(d["nb_non_evaluables"]))
        out.print(table)


def register(app: typer.Typer) -> None:
    elig = typer.Typer(
        cls=_DefaultExpliquer, no_args_is_help=True,
        help="Critères des Territoires d'industrie : expliquer un territoire (vigie eligibilite CODE), "
             "classer les candidats, valider sur l'historique.",
    )
    app.add_typer(elig, name="eligibilite")

    @elig.command("expliquer")
    def expliquer(
        query: str = typer.Argument(..., help="EPCI (SIREN ou nom), perim-N, tout territoire, ou codes séparés par des virgules."),
        criteres: Optional[str] = CriteresOption,
        poids: Optional[list[str]] = PoidsOption,
        decision: Optional[int] = typer.Option(None, "--decision", help="Seulement les chiffres publiés jusqu'à cette année."),
        phase: Optional[int] = typer.Option(None, "--phase", help="Territoire d'industrie : phase 1 ou 2."),
        utilisateur: Optional[str] = typer.Option(None, "--utilisateur", "-u", envvar="VIGIE_UTILISATEUR",
                                                  help="Compte dont les périmètres privés sont cherchés."),
        as_json: bool = common.JsonOption,
        as_csv: bool = typer.Option(False, "--csv", help="Sortie CSV (une ligne par critère)."),
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Chaque critère pour un territoire : valeur, seuil, poids, note, contribution, texte officiel et source."""
        from vigie_industrie.cli.indicateurs import dump
        from vigie_industrie.cli.perimetre import lookup
        from vigie_industrie.eligibility import answers
        from vigie_industrie.warehouse import connection

        g = grille(criteres, poids)
        con = connection.connect(common.settings(warehouse=warehouse).warehouse)
        try:
            answer = answers.explication(con, query, g, lookup=lookup(utilisateur), decision=decision, phase=phase)
        finally:
            con.close()
        if not dump(answer, as_json, as_csv, answers.detail_csv(answer), answers.DETAIL_CSV):
            render(answer)

    @elig.command("candidats")
    def candidats(
        region: Optional[str] = typer.Option(None, "--region", help="Seulement les EPCI de cette région (ex. 76)."),
        limit: Optional[int] = typer.Option(10, "--limit", help="Nombre d'EPCI par région (défaut 10)."),
        criteres: Optional[str] = CriteresOption,
        poids: Optional[list[str]] = PoidsOption,
        as_json: bool = common.JsonOption,
        as_csv: bool = typer.Option(False, "--csv", help="Sortie CSV."),
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Classer, par région, les EPCI non labellisés en phase 2 (et, pour l'historique, en phase 1)."""
        from vigie_industrie.cli.indicateurs import dump
        from vigie_industrie.eligibility import answers
        from vigie_industrie.warehouse import connection

        g = grille(criteres, poids)
        con = connection.connect(common.settings(warehouse=warehouse).warehouse)
        try:
            answer = answers.candidats(con, g, region=region, limit=limit)
        finally:
            con.close()
        if not dump(answer, as_json, as_csv, answers.candidats_csv(answer), answers.CANDIDATS_CSV):
            render_candidats(answer)

    @elig.command("valider")
    def valider(
        criteres: Optional[str] = CriteresOption,
        poids: Optional[list[str]] = PoidsOption,
        ecrire: bool = typer.Option(False, "--ecrire", help="Réécrire aussi le rapport et la section du README."),
        rapport: Path = typer.Option(Path("docs/eligibilite-validation.md"), "--rapport", help="Fichier du rapport (avec --ecrire)."),
        readme: Path = typer.Option(Path("README.md"), "--readme", help="README à mettre à jour (avec --ecrire)."),
        as_json: bool = common.JsonOption,
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """ROC AUC des critères sur les labels des phases 1 et 2, avec les données publiées avant chaque décision."""
        import json

        from vigie_industrie.eligibility import rapport as rapport_mod
        from vigie_industrie.warehouse import connection

        g = grille(criteres, poids)
        con = connection.connect(common.settings(warehouse=warehouse).warehouse)
        try:
            result = rapport_mod.build(con, g)
        finally:
            con.close()
        if ecrire:
            rapport_mod.write(result, rapport=rapport, readme=readme)
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        else:
            typer.echo(rapport_mod.markdown(result))
