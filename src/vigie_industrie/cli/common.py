"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.config import Settings

WarehouseOption = typer.Option(
    None,
    "--warehouse",
    "-w",
    help="Fichier DuckDB de l'entrepôt (défaut : $VIGIE_WAREHOUSE, sinon var/warehouse.duckdb).",
    envvar="VIGIE_WAREHOUSE",
)
MirrorOption = typer.Option(
    None,
    "--mirror",
    help="Dossier miroir des fichiers officiels (défaut : ../shared/data s'il existe).",
    envvar="VIGIE_MIRROR",
)
JsonOption = typer.Option(False, "--json", help="Sortie JSON (clés stables, voir README).")


def settings(
    warehouse: Optional[Path] = None,
    mirror: Optional[Path] = None,
    data_dir: Optional[Path] = None,
) -> Settings:
    """Settings from the environment, overridden by explicit command-line options."""
    overrides = {}
    if warehouse is not None:
        overrides["warehouse"] = warehouse
    if mirror is not None:
        overrides["mirror"] = mirror
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    return Settings(**overrides)


def data_base_dir(settings: Settings, mirror: Optional[Path]) -> Path:
    """Where a build reads files: ``--mirror`` if given, else pulled data if any, else the default mirror."""
    if mirror is not None:
        return Path(mirror)
    if (settings.data_dir / "manifest.json").exists():
        return settings.data_dir
    fallback = settings.mirror_dir()
    return fallback if fallback is not None else settings.data_dir
