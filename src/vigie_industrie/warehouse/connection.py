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
