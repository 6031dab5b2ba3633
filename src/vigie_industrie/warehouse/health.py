"""Is the warehouse usable? For ``/health``: present, opens, and holds a finished build.

A rebuild swaps the file, so the answer is memoised per file version (size, mtime) and a
probe costs one stat() once the version has been checked.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb

from vigie_industrie import errors
from vigie_industrie.warehouse import connection


def _version(path: Path):
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def status(path: Path) -> dict:
    """``{"present", "utilisable", "detail"}``: ``detail`` says why not, in French (``None`` when usable)."""
    path = Path(path)
    version = _version(path)
    if version is None:
        return {
            "present": False,
            "utilisable": False,
            "detail": f"Entrepôt introuvable : {path}. Construisez-le avec `vigie build`.",
        }
    return dict(_probe(str(path), version))


@lru_cache(maxsize=64)
def _probe(path: str, version) -> tuple:
    try:
        con = connection.connect(Path(path))
    except errors.VigieError as exc:
        return (("present", True), ("utilisable", False), ("detail", str(exc)))
    try:
        # build_run is written last by every build: its presence means a complete warehouse.
        con.execute("select count(*) from build_run").fetchone()
        con.execute("select count(*) from territoire_industrie").fetchone()
    except duckdb.Error as exc:
        detail = (
            f"Entrepôt {path} illisible ou incomplet ({str(exc).strip().splitlines()[0]}) : "
            "reconstruisez-le avec `vigie build`."
        )
        return (("present", True), ("utilisable", False), ("detail", detail))
    finally:
        con.close()
    return (("present", True), ("utilisable", True), ("detail", None))
