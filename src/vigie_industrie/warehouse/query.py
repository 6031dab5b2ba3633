"""Read-only analyst queries on the warehouse (``vigie sql``)."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from vigie_industrie import errors
from vigie_industrie.warehouse import connection

FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]


def run_readonly(path: Path, *, query_text: str) -> QueryResult:
    """Run one query on a read-only connection; any write is refused by DuckDB itself."""
    con = connection.connect(path, read_only=True)
    try:
        cursor = con.execute(query_text)
        if cursor.description is None:
            return QueryResult([], [])
        return QueryResult([d[0] for d in cursor.description], cursor.fetchall())
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        hint = (
            "L'entrepôt est en lecture seule : seules les requêtes de lecture sont permises."
            if "read-only" in first.lower() or "read only" in first.lower()
            else "Listez les tables avec : vigie sql \"show tables\"."
        )
        raise errors.QueryError(f"Requête refusée : {first}. {hint}") from None
    finally:
        con.close()


def _jsonable(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def render(result: QueryResult, *, output_format: str = "table", limit: int = 1000) -> str:
    """The result as a Rich table, CSV or JSON (a list of objects)."""
    if output_format not in FORMATS:
        raise errors.QueryError(f"Format « {output_format} » inconnu : choisissez parmi {', '.join(FORMATS)}.")
    if output_format == "json":
        return json.dumps(
            [{c: _jsonable(v) for c, v in zip(result.columns, row)} for row in result.rows],
            ensure_ascii=False,
            indent=2,
        )
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return buffer.getvalue().rstrip("\n")
    from rich.console import Console
    from rich.table import Table

    table = Table(*result.columns, show_lines=False)
    for row in result.rows[:limit]:
        table.add_row(*("" if v is None else str(v) for v in row))
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(table)
    if len(result.rows) > limit:
        console.print(f"… {len(result.rows) - limit} ligne(s) de plus (utilisez --format csv ou --limit).")
    return console.export_text().rstrip("\n")
