"""Opening the warehouse: read-only by default, with a clear error when it is missing.

The file is attached under the fixed alias ``wh`` (then made the default catalog), so a
warehouse file named like one of its schemas (``raw.duckdb``) still works.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from vigie_industrie import errors


def sql_literal(value: str) -> str:
    """A SQL string literal, for the DuckDB statements that take no parameters (ATTACH, read_csv options).

    >>> sql_literal("l'Aisne.csv")
    "'l''Aisne.csv'"
    """
    return "'" + value.replace("'", "''") + "'"


def connect(path: Path, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB warehouse at ``path`` (read-only unless asked otherwise)."""
    path = Path(path)
    if read_only and not path.exists():
        raise errors.WarehouseMissing(
            f"Entrepôt introuvable : {path}. Construisez-le avec `vigie build` "
            "(ou indiquez-en un autre avec --warehouse / $VIGIE_WAREHOUSE)."
        )
    con = duckdb.connect(":memory:")
    try:
        mode = " (read_only)" if read_only else ""
        con.execute(f"attach {sql_literal(str(path))} as wh{mode}")
        con.execute("use wh")
    except duckdb.Error as exc:
        con.close()
        raise errors.WarehouseMissing(
            f"Impossible d'ouvrir l'entrepôt {path} : {str(exc).splitlines()[0]}. Vérifiez qu'il s'agit d'un "
            "fichier DuckDB construit par `vigie build` et qu'aucun autre processus ne l'écrit."
        ) from None
    return con


class WarehouseReader:
    """A read-only warehouse handle for one reader (an API request, a CLI call).

    The DuckDB connection opens on first use of :attr:`con` (a memoised fiche needs none: opening
    costs tens of milliseconds) and closes with :meth:`close`. :attr:`version` identifies the file
    (size, mtime): the warehouse is read-only at serve time and a rebuild swaps the file.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._con: duckdb.DuckDBPyConnection | None = None

    @property
    def version(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return stat.st_size, stat.st_mtime_ns

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = connect(self.path)
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> "WarehouseReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
