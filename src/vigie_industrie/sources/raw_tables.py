"""What every raw reader does before and after its own parsing: open a text CSV and check its
header, and write a frame as a raw table.

Why one module: each reader of ``sources/`` used to repeat these steps (read the header through
``describe``, refuse a file that lacks a column, create the schema, register a frame under a
temporary name and copy it into a table); the repeats had started to differ in small ways (names
of the temporary views, whether the schema was created). The readers keep what is theirs: the
columns they select, how they type them and the French sentence that says which file was expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from vigie_industrie import errors
from vigie_industrie.warehouse import connection


@dataclass(frozen=True)
class TextCsv:
    """A CSV read with every column as VARCHAR: the ``read_csv(…)`` expression and its header."""

    source: str
    header: tuple[str, ...]

    def col(self, name: str) -> str:
        """The quoted column, or ``null`` for an optional column the file does not have."""
        return f'"{name}"' if name in self.header else "null"


def text_csv(con: duckdb.DuckDBPyConnection, path: Path, *, delim: str, required: tuple[str, ...],
             what: str, expected: str) -> TextCsv:
    """Open ``path`` as text columns; a missing required column is refused, naming it.

    ``what`` names the columns in the message (« colonnes BODACC absentes … »), ``expected`` says
    which file was expected and how to get it.
    """
    source = (f"read_csv({connection.sql_literal(str(path))}, header=true, all_varchar=true, "
              f"delim={connection.sql_literal(delim)}, quote='\"')")
    header = tuple(r[0] for r in con.execute(f"select column_name from (describe select * from {source})").fetchall())
    missing = [c for c in required if c not in header]
    if missing:
        raise errors.SourceFileInvalid(f"{Path(path).name} : colonnes {what} absentes {', '.join(missing)} ({expected}).")
    return TextCsv(source, header)


def ensure_schema(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Create the schema of ``schema.table`` if needed (``raw``, or a benchmark's own)."""
    schema, _, _ = table.rpartition(".")
    if schema:
        con.execute(f"create schema if not exists {schema}")


def create_from_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Write ``frame`` as ``table`` (replaced), through a view registered for this copy only."""
    ensure_schema(con, table)
    view = "_raw_reader_frame"
    con.register(view, frame)
    try:
        con.execute(f"create or replace table {table} as select * from {view}")
    finally:
        con.unregister(view)
