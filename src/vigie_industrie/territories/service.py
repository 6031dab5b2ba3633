"""One entry point for every renderer (CLI, API, web): resolve, then build the fiche."""

from __future__ import annotations

from pathlib import Path

from vigie_industrie.territories import fiche as fiche_mod
from vigie_industrie.territories import resolver
from vigie_industrie.warehouse import connection


def fiche(warehouse: Path, query: str, *, phase: int | None = None, type_: str | None = None) -> dict:
    """The fiche of the territory ``query`` designates, from the warehouse at ``warehouse``."""
    con = connection.connect(warehouse)
    try:
        return fiche_with(con, query, phase=phase, type_=type_)
    finally:
        con.close()


def fiche_with(con, query: str, *, phase: int | None = None, type_: str | None = None) -> dict:
    return fiche_mod.build(con, resolver.resolve(con, query, phase=phase, type_=type_))
