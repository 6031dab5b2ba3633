"""`vigie data list` and `vigie data pull`: the source catalogue and local copies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from vigie_industrie.cli import common
from vigie_industrie.sources import catalogue, pull as pull_mod

DestOption = typer.Option(
    None,
    "--dest",
    help="Dossier local des données (défaut : $VIGIE_DATA_DIR, sinon var/data).",
    envvar="VIGIE_DATA_DIR",
)


def list_sources(
    mirror: Optional[Path] = common.MirrorOption,
    dest: Optional[Path] = DestOption,
    as_json: bool = common.JsonOption,
) -> None:
    """Lister les sources déclarées et leur présence locale."""
    settings = common.settings(mirror=mirror, data_dir=dest)
    mirror_dir = settings.mirror_dir()
    rows = []
    for source in catalogue.load_catalogue().values():
        status = pull_mod.local_status(source, dest=settings.data_dir, mirror=mirror_dir)
        rows.append(
            {
                "id": source.id,
                "publisher": source.publisher,
                "vintage": source.vintage,
                "licence": source.licence,
                "files": status["files"],
                "present": status["present"],
                "in_mirror": status["in_mirror"],
            }
        )
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"Sources ({settings.data_dir})", show_lines=False)
    table.add_column("Source", no_wrap=True, min_width=max(len(r["id"]) for r in rows))
    for column in ("Éditeur", "Millésime", "Licence"):
        table.add_column(column, overflow="ellipsis", no_wrap=True, max_width=34, min_width=8)
    table.add_column("Fichiers", justify="right", min_width=8)
    table.add_column("Présents", justify="right", min_width=8)
    for row in rows:
        present = f"{row['present']}/{row['files']}"
        style = "green" if row["present"] == row["files"] else ("yellow" if row["present"] else "red")
        table.add_row(
            row["id"], row["publisher"], row["vintage"], row["licence"], str(row["files"]), f"[{style}]{present}[/]"
        )
    console = Console()
    if not console.is_terminal:  # piped / CI logs: do not crop the table to 80 columns
        console = Console(width=170)
    console.print(table)
    if mirror_dir is None:
        typer.echo("Aucun miroir trouvé : `vigie data pull` téléchargera depuis les éditeurs.")


def pull_sources(
    mirror: Optional[Path] = common.MirrorOption,
    dest: Optional[Path] = DestOption,
    source: Optional[List[str]] = typer.Option(
        None, "--source", "-s", help="Identifiant de source (répétable ; défaut : toutes)."
    ),
    offline: bool = typer.Option(False, "--offline", help="Ne rien télécharger : miroir uniquement."),
    force: bool = typer.Option(False, "--force", help="Recopier/retélécharger même si le fichier local est à jour."),
    as_json: bool = common.JsonOption,
) -> None:
    """Copier les fichiers depuis le miroir (ou les télécharger), les vérifier, écrire manifest.json."""
    settings = common.settings(mirror=mirror, data_dir=dest)
    mirror_dir = settings.mirror_dir()
    pairs = pull_mod.select(source)
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=as_json,
    ) as progress:
        task = progress.add_task("Sources", total=len(pairs))

        def on_start(src: catalogue.Source, sfile: catalogue.SourceFile) -> None:
            progress.update(task, description=f"{src.id}/{sfile.filename}"[:70])

        def on_done(_outcome: pull_mod.PullOutcome) -> None:
            progress.advance(task)

        outcomes = pull_mod.pull(
            dest=settings.data_dir,
            mirror=mirror_dir,
            source_ids=source,
            offline=offline,
            force=force,
            on_start=on_start,
            on_done=on_done,
        )
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "source": o.source_id,
                        "key": o.key,
                        "filename": o.filename,
                        "status": o.status,
                        "origin": o.origin,
                        "rows": o.check.rows if o.check else None,
                        "sha256": o.check.sha256 if o.check else None,
                        "messages": list(o.messages),
                    }
                    for o in outcomes
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
        for message in o.messages:
            typer.echo(f"Note : {message}")
    labels = {"copied": "copiés du miroir", "downloaded": "téléchargés", "unchanged": "déjà à jour", "skipped": "ignorés"}
    summary = ", ".join(f"{n} {labels[s]}" for s, n in counts.items())
    typer.echo(f"{len(outcomes)} fichiers : {summary}. Manifeste : {settings.data_dir / 'manifest.json'}")


def register(app: typer.Typer) -> None:
    data_app = typer.Typer(help="Sources de données ouvertes : catalogue et copies locales.", no_args_is_help=True)
    data_app.command("list")(list_sources)
    data_app.command("pull")(pull_sources)
    app.add_typer(data_app, name="data")
