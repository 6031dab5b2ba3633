"""Small query helpers shared by the kind modules."""

from __future__ import annotations

import duckdb

from vigie_industrie.territories.model import Territoire


def one(con: duckdb.DuckDBPyConnection, sql: str, params: dict | list) -> tuple | None:
    return con.execute(sql, params).fetchone()


def territories(con: duckdb.DuckDBPyConnection, type_: str, sql: str, params: dict | list) -> list[Territoire]:
    """Rows of (code, nom[, phase]) as Territoire of one type."""
    out = []
    for row in con.execute(sql, params).fetchall():
        out.append(Territoire(type_, row[0], row[1], row[2] if len(row) > 2 else None))
    return out


def query_rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict) -> list[dict]:
    """Rows as dicts keyed by column name."""
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def query_row(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict) -> dict | None:
    rows = query_rows(con, sql, params)
    return rows[0] if rows else None
