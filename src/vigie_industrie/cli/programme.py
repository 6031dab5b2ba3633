"""`vigie programme …`: the programme answers, import and export, from the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli.common import JsonOption, WarehouseOption

TYPES = "contrats | projets | besoins | financements | missions | copil"


def _store():
    from vigie_industrie.config import Settings
    from vigie_industrie.programme.db import Store

    settings = Settings()
    return Store(settings.database_url, busy_timeout=settings.store_busy_timeout)


EMPTY = {
    "calendrier": "Aucun contrat dans la base du programme : importez-les (`vigie programme import contrats.csv "
                  "--type contrats`), saisissez-les (POST /api/v1/contrats) ; la chronologie publique du programme "
                  "est affichée par `vigie programme faits`.",
    "bloques": "Aucun projet bloqué au-delà du seuil. Les projets se saisissent sur /pilotage/projets/nouveau ou "
               "s'importent (`vigie programme import projets.csv --type projets`).",
    "missions": "Aucune mission ouverte : créez-en une sur /pilotage/missions/nouvelle ou importez-les "
                "(`vigie programme import missions.csv --type missions`).",
    "besoins": "Aucun besoin enregistré : les EPCI les saisissent dans l'application ou les importent "
               "(`vigie programme import besoins.csv --type besoins`).",
}


def _dump(rows, as_json: bool, line, empty: str = "Aucun résultat.") -> None:
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if not rows:
        typer.echo(empty)
    for r in rows:
        typer.echo(line(r))


def _region(region: Optional[str]) -> Optional[str]:
    from vigie_industrie import errors
    from vigie_industrie.programme import codes

    if region is None:
        return None
    try:
        return codes.check_region(region.zfill(2))
    except ValueError as exc:
        raise errors.ValidationFailed(f"--region : {exc}") from exc


def register(app: typer.Typer) -> None:
    prog = typer.Typer(help="Pilotage du programme : contrats, projets, besoins, missions.", no_args_is_help=True)
    app.add_typer(prog, name="programme")

    @prog.command("calendrier")
    def calendrier(region: Optional[str] = typer.Option(None, "--region", help="Code région (ex. 32)."),
                   as_json: bool = JsonOption) -> None:
        """Calendrier des signatures de contrats, par région."""
        from vigie_industrie.programme import services

        with _store().session() as session:
            rows = services.calendrier(session=session, region=_region(region))
        _dump(rows, as_json, lambda r: f"{r['code_region']}  {r['territoire_id']} (phase {r['phase']})  "
              f"{str(r['date_signature'] or 'non signé'):<10}  {r['statut']:<15} {r['intitule']}", EMPTY["calendrier"])

    @prog.command("territoires")
    def territoires(region: Optional[str] = typer.Option(None, "--region", help="Code région (ex. 32)."),
                    phase: Optional[int] = typer.Option(None, "--phase", min=1, max=2, help="1 (2018-2022) ou 2 (2023-2027)."),
                    warehouse: Optional[Path] = WarehouseOption, as_json: bool = JsonOption) -> None:
        """Territoires d'industrie labellisés par région et phase (lus dans l'entrepôt)."""
        from vigie_industrie.cli.common import settings
        from vigie_industrie.programme import services

        rows = services.territoires_labellises(warehouse=settings(warehouse=warehouse).warehouse,
                                               region=_region(region), phase=phase)
        _dump(rows, as_json, lambda r: f"{r['territoire_id']} (phase {r['phase']})  {r['nom']}  "
              f"— {r['nom_region']}, {_plural(r['nb_membres'], 'membre')}")

    @prog.command("bloques")
    def bloques(jours: int = typer.Option(30, "--jours", min=0, help="Seuil : bloqués depuis plus de N jours."),
                region: Optional[str] = typer.Option(None, "--region", help="Code région."),
                territoire: Optional[str] = typer.Option(None, "--territoire", help="Territoire d'industrie ti-RRNN."),
                epci: Optional[str] = typer.Option(None, "--epci", help="SIREN de l'EPCI."),
                as_json: bool = JsonOption) -> None:
        """Projets bloqués depuis plus de N jours (plus ancien point de blocage non levé)."""
        from vigie_industrie import errors
        from vigie_industrie.programme import pilotage, services

        try:
            scope = pilotage.check_filters(_region(region), territoire, epci)
        except ValueError as exc:
            raise errors.ValidationFailed(f"--{str(exc).replace('territoire_id', 'territoire').replace('siren_epci', 'epci')}") from exc
        with _store().session() as session:
            rows = services.projets_bloques(session=session, jours=jours, today=date.today(), **scope)
        _dump(rows, as_json, lambda r: f"projet {r['projet_id']}  {r['territoire_id']}  {r['jours_bloque']} j  {r['titre']}  "
              f"[{', '.join(p['nature'] + ' : ' + p['acteur'] for p in r['points_blocage'])}]", EMPTY["bloques"])

    @prog.command("missions")
    def missions(region: Optional[str] = typer.Option(None, "--region", help="Code région."),
                 as_json: bool = JsonOption) -> None:
        """Missions d'accompagnement ouvertes : échéance et jours restants."""
        from vigie_industrie.programme import services

        with _store().session() as session:
            rows = services.missions_ouvertes(session=session, today=date.today(), region=_region(region))
        _dump(rows, as_json, lambda r: f"mission {r['mission_id']}  {r['territoire_id']}  {r['intitule']}  "
              f"échéance {r['date_echeance']} ({_delai(r)})  jalons {r['jalons_faits']}/{r['jalons_total']}",
              EMPTY["missions"])

    @prog.command("besoins")
    def besoins(territoire: Optional[str] = typer.Option(None, "--territoire", help="Identifiant ti-RRNN."),
                region: Optional[str] = typer.Option(None, "--region", help="Code région."),
                as_json: bool = JsonOption) -> None:
        """Nombre de besoins d'entreprises par catégorie et par territoire (agrégé)."""
        from vigie_industrie import errors
        from vigie_industrie.programme import services

        try:
            with _store().session() as session:
                rows = services.besoins_par_categorie(session=session, territoire_id=territoire, region=_region(region))
        except ValueError as exc:
            raise errors.ValidationFailed(f"--territoire : {exc}") from exc
        _dump(rows, as_json, lambda r: f"{r['territoire_id']} (phase {r['phase']})  {r['categorie']:<16} "
              f"{r['nombre']} besoin(s), {r['ouverts']} ouvert(s)", EMPTY["besoins"])

    @prog.command("faits")
    def faits_(region: Optional[str] = typer.Option(None, "--region", help="Code région (ex. 32)."),
               as_json: bool = JsonOption) -> None:
        """Chronologie publique du programme (fichier faits_publics.csv du paquet, chaque fait avec sa source)."""
        from vigie_industrie.programme import faits

        rows = [f.as_dict() for f in faits.faits(region=_region(region))]
        _dump(rows, as_json, _fait_line, "Aucun fait public pour cette région.")

    @prog.command("import")
    def import_(fichier: Path = typer.Argument(..., help="Fichier .csv (UTF-8) ou .xlsx."),
                type_: str = typer.Option(..., "--type", help=TYPES),
                dry_run: bool = typer.Option(False, "--dry-run", help="Valider et rapporter sans rien écrire."),
                warehouse: Optional[Path] = WarehouseOption, as_json: bool = JsonOption) -> None:
        """Importer des lignes : tout ou rien, chaque ligne rejetée est rapportée avec sa raison."""
        from vigie_industrie import errors
        from vigie_industrie.programme import importer
        from vigie_industrie.programme.authz import Actor

        from vigie_industrie.cli.common import settings

        rows = importer.read_table(fichier)
        try:
            report = importer.import_rows(store=_store(), resource=type_, rows=rows, actor=Actor.system(), dry_run=dry_run,
                                          warehouse=settings(warehouse=warehouse).warehouse)
        except errors.ImportRejected as exc:
            _print_report(exc.report, as_json)
            raise
        _print_report(report, as_json)
        if report["rejetees"]:
            raise errors.ImportRejected(
                f"Simulation : {len(report['rejetees'])} ligne(s) rejetée(s) sur {report['lignes']} ; "
                "corrigez-les avant l'import réel (rien n'a été écrit)."
            )

    @prog.command("export")
    def export(type_: str = typer.Option(..., "--type", help=TYPES),
               output: Path = typer.Option(..., "--output", "-o", help="Fichier de sortie .csv ou .xlsx.")) -> None:
        """Exporter une table du programme en CSV ou XLSX (réimportable)."""
        from vigie_industrie.programme import importer
        from vigie_industrie.programme.authz import Actor

        n = importer.export_rows(store=_store(), resource=type_, actor=Actor.system(), path=output)
        typer.echo(f"{n} ligne(s) {type_} exportée(s) dans {output}.")


def _plural(n, word: str) -> str:
    """« 1 membre », « 2 membres », « n.d. membre » when the count is missing.

    >>> _plural(1, "membre"), _plural(2, "membre"), _plural(None, "membre")
    ('1 membre', '2 membres', 'n.d. membre')
    """
    if n is None:
        return f"n.d. {word}"
    return f"{n} {word}{'s' if abs(n) >= 2 else ''}"


def _fait_line(fait: dict) -> str:
    """« 2018-11-22  Annonce … — 124 territoires  [source] » (an undated or unsourced fact says so)."""
    count = f" — {fait['nombre']} {fait['unite'] or ''}".rstrip() if fait["nombre"] is not None else ""
    return f"{fait['date'] or 'non datée':<10}  {fait['evenement']}{count}  [{fait['source_url'] or 'source non retrouvée'}]"


def _delai(mission: dict) -> str:
    """« 24 j restants », « échéance aujourd'hui » or « en retard de 297 j » (never negative days left)."""
    if mission.get("delai"):
        return mission["delai"]
    if mission.get("retard_jours"):
        return f"en retard de {mission['retard_jours']} j"
    left = mission["jours_restants"]
    return "échéance aujourd'hui" if left == 0 else f"{left} j restant{'s' if left >= 2 else ''}"


def _print_report(report: dict, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    mode = "simulation" if report.get("simulation") else "import"
    typer.echo(f"{mode} {report['type']} : {report['lignes']} ligne(s), {report['acceptees']} acceptée(s), "
               f"{len(report['rejetees'])} rejetée(s){' — écrit' if report.get('ecrit') else ' — rien écrit'}.")
    for r in report["rejetees"]:
        typer.echo(f"  ligne {r['ligne']} : {'; '.join(r['erreurs'])}", err=True)
