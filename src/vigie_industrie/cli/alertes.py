"""`vigie alertes [evaluer]`: the ranked early-warning list, and its honest backtest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli import common

DEFAULT_REPORT = Path("docs/alertes-evaluation.md")
DEFAULT_README = Path("README.md")


def _render(answer: dict) -> None:
    from rich.table import Table

    from vigie_industrie.cli.indicateurs import console

    table = Table(title=f"Alertes {answer['cible']} — {answer['evenement']} (origine {answer['origine']})",
                  title_justify="left")
    for col in ("Rang", "Code", "Territoire", "Probabilité", "Ce qui pousse le score"):
        table.add_column(col, justify="right" if col in ("Rang", "Probabilité") else "left")
    for r in answer["alertes"]:
        table.add_row(str(r["rang"]), r["code"], r["nom"] or "", f"{100 * r['probabilite']:.1f} %".replace(".", ","),
                      r["explication"])
    console().print(table)
    console().print(f"{answer['n_retenus']} territoires retenus sur {answer['n_territoires']} ; {answer['note']}")


def _render_evaluation(results: dict) -> None:
    from vigie_industrie.alerts import report

    typer.echo(report.markdown(results))


def register(app: typer.Typer) -> None:
    alertes = typer.Typer(help="Alerte précoce : territoires à risque, et évaluation honnête du modèle.",
                          invoke_without_command=True, no_args_is_help=False)

    @alertes.callback()
    def lister(
        ctx: typer.Context,
        cible: str = typer.Option("chomage_ze", "--cible",
                                  help="chomage_ze | emploi_ze | emploi_epci | emploi_industriel."),
        region: Optional[str] = typer.Option(None, "--region", help="Territoires ayant une commune dans cette région (ex. 32)."),
        departement: Optional[str] = typer.Option(None, "--departement", help="… dans ce département (ex. 62)."),
        ti_phase2: bool = typer.Option(False, "--ti-phase2", help="Seulement les territoires touchant un Territoire d'industrie de phase 2."),
        limit: Optional[int] = typer.Option(None, "--limit", help="Nombre de lignes (défaut : toutes)."),
        as_json: bool = common.JsonOption,
        as_csv: bool = typer.Option(False, "--csv", help="Sortie CSV."),
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Classer les territoires d'une cible par probabilité d'alerte à la dernière origine, avec les raisons."""
        if ctx.invoked_subcommand is not None:
            return
        from vigie_industrie.alerts import scoring, targets
        from vigie_industrie.cli.indicateurs import dump
        from vigie_industrie.warehouse import connection

        targets.get(cible)  # a bad --cible is one line, before opening anything
        con = connection.connect(common.settings(warehouse=warehouse).warehouse)
        try:
            answer = scoring.score(con, cible, region=region, departement=departement, ti_phase2=ti_phase2, limit=limit)
        finally:
            con.close()
        if not dump(answer, as_json, as_csv, scoring.csv_rows(answer), scoring.CSV_COLUMNS):
            _render(answer)

    @alertes.command("evaluer")
    def evaluer(
        cible: Optional[list[str]] = typer.Option(None, "--cible", help="Cible(s) à évaluer (défaut : les quatre)."),
        max_origines: Optional[int] = typer.Option(None, "--max-origines", help="Seulement les N dernières origines de test."),
        rapport: Path = typer.Option(DEFAULT_REPORT, "--rapport", help="Fichier du rapport (Markdown) à régénérer."),
        readme: Path = typer.Option(DEFAULT_README, "--readme", help="README dont la section des chiffres est régénérée."),
        sans_rapport: bool = typer.Option(False, "--sans-rapport", help="N'écrire ni le rapport ni le README."),
        as_json: bool = common.JsonOption,
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Backtest à origine glissante du modèle et des deux références naïves ; écrit le rapport et le README."""
        from vigie_industrie import errors
        from vigie_industrie.alerts import backtest, evaluation_store, report, targets
        from vigie_industrie.warehouse import connection

        wanted = [targets.get(c).id for c in (cible or list(targets.TARGETS))]
        if max_origines is not None and max_origines < 1:
            raise errors.ValidationFailed(f"--max-origines doit être un entier positif (reçu {max_origines}).")
        path = common.settings(warehouse=warehouse).warehouse
        con = connection.connect(path)
        try:
            results = {t: backtest.run(con, targets.get(t), max_origins=max_origines) for t in wanted}
        finally:
            con.close()
        if not sans_rapport:
            report.write(results, rapport, readme)
            evaluation_store.write(path, results)
        if as_json:
            typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            _render_evaluation(results)
            if not sans_rapport:
                typer.echo(f"Rapport écrit : {rapport}")

    @alertes.command("etablissements")
    def etablissements(
        region: Optional[str] = typer.Option(None, "--region", help="Établissements de cette région (ex. 28)."),
        departement: Optional[str] = typer.Option(None, "--departement", help="… de ce département (ex. 76)."),
        industrie: bool = typer.Option(False, "--industrie", help="Seulement les établissements industriels (NAF B à E)."),
        limit: Optional[int] = typer.Option(None, "--limit", help="Nombre de lignes (défaut : toutes)."),
        as_json: bool = common.JsonOption,
        as_csv: bool = typer.Option(False, "--csv", help="Sortie CSV."),
        warehouse: Optional[Path] = common.WarehouseOption,
    ) -> None:
        """Établissements employeurs des entreprises visées par un jugement de procédure collective (BODACC × Sirene)."""
        from vigie_industrie.alerts import firms
        from vigie_industrie.cli.indicateurs import console, dump
        from vigie_industrie.warehouse import connection

        con = connection.connect(common.settings(warehouse=warehouse).warehouse)
        try:
            rows = firms.establishments(con, region=region, departement=departement, industrie_seulement=industrie,
                                        limit=limit)
        finally:
            con.close()
        if dump({"etablissements": rows}, as_json, as_csv, rows, firms.CSV_COLUMNS):
            return
        from rich.table import Table

        table = Table(title="Établissements employeurs d'entreprises en procédure collective", title_justify="left")
        for col in ("SIRET", "Nom", "Commune", "Secteur A38", "Effectif", "Jugement"):
            table.add_column(col)
        for r in rows:
            table.add_row(r["siret"], r["denomination"] or "", f"{r['nom_commune'] or ''} ({r['code_commune']})",
                          r["libelle_a38"] or r["code_naf"] or "", r["libelle_tranche"] or "",
                          f"{r['date_jugement'] or ''} {r['nature_jugement'] or ''}")
        console().print(table)

    app.add_typer(alertes, name="alertes")
