"""One entry point for every renderer (CLI, API, web): resolve, then build the fiche."""

from __future__ import annotations

from pathlib import Path

from vigie_industrie.territories import fiche as fiche_mod
from vigie_industrie.territories import memo
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


def fiche_cached(warehouse: Path, query: str, *, phase: int | None = None, type_: str | None = None) -> dict:
    """``fiche`` memoised per warehouse file version (path, size, mtime): the warehouse is
    read-only at serve time and a rebuild swaps the file, which changes the key."""
    path = Path(warehouse)
    try:
        stat = path.stat()
        version = (stat.st_size, stat.st_mtime_ns)
    except FileNotFoundError:
        version = None
    return _fiche_memo(str(path), version, query.strip(), phase, type_)


@memo.memoize_outcomes(maxsize=4096)
def _fiche_memo(path: str, version, query: str, phase, type_) -> dict:
    # Unknown, ambiguous and invalid lookups are cached too (see territories/memo.py).
    return fiche(Path(path), query, phase=phase, type_=type_)
