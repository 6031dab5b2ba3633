"""Read-only analyst queries on the warehouse (``vigie sql``)."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

from vigie_industrie import errors
from vigie_industrie.warehouse import connection

FORMATS = ("table", "csv", "json")


# What an analyst may run: reads only. DuckDB's parser reports DESCRIBE, SHOW, SUMMARIZE,
# FROM-first queries and VALUES as SELECT statements; EXPLAIN is judged by what it explains.
READ_TYPES = frozenset({duckdb.StatementType.SELECT})
DEFAULT_MAX_ROWS = 10_000
DEFAULT_TIMEOUT_S = 30.0
_EXPLAIN = re.compile(r"^\s*explain\s+(?:analyze\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]
    truncated: bool = False


def _refused(why: str) -> errors.QueryError:
    return errors.QueryError(f"Requête refusée : {why}")


def read_statement(query_text: str) -> str:
    """The one read statement of ``query_text``, as DuckDB's own parser splits and types it.

    Anything else (several statements, COPY, ATTACH, CREATE, SET, PRAGMA, INSTALL, CALL…)
    is refused before it reaches a connection.
    """
    try:
        statements = duckdb.extract_statements(query_text)
    except duckdb.Error as exc:
        raise _refused(f"SQL illisible ({str(exc).strip().splitlines()[0]}).") from None
    if len(statements) != 1:
        raise _refused(
            f"une seule instruction à la fois ({len(statements)} reçue(s)). "
            "L'entrepôt est en lecture seule : seules les requêtes de lecture sont permises."
        )
    statement = statements[0]
    kind = statement.type
    if kind == duckdb.StatementType.EXPLAIN:
        inner = _EXPLAIN.sub("", statement.query, count=1)
        if inner == statement.query:
            raise _refused("EXPLAIN illisible.")
        read_statement(inner)
        return statement.query
    if kind not in READ_TYPES:
        raise _refused(
            f"instruction {kind.name} interdite. L'entrepôt est en lecture seule : seules les requêtes de "
            "lecture sont permises (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN)."
        )
    return statement.query


def run_readonly(
    path: Path,
    *,
    query_text: str,
    max_rows: int = DEFAULT_MAX_ROWS,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> QueryResult:
    """Run one read statement on a sandboxed connection, at most ``max_rows`` rows and ``timeout_s`` seconds.

    Three independent walls: the statement type (DuckDB's parser), a read-only attachment, and a
    connection without file or network access whose configuration is locked. A timer thread
    interrupts the connection when the time limit is reached.
    """
    text = read_statement(query_text)
    if max_rows < 1:
        raise errors.QueryError("--max-rows doit être un entier positif.")
    con = connection.connect(path, read_only=True, sandbox=True)
    timer = threading.Timer(timeout_s, con.interrupt)
    timer.daemon = True
    timer.start()
    try:
        cursor = con.execute(text)
        if cursor.description is None:
            return QueryResult([], [])
        rows = cursor.fetchmany(max_rows + 1)
        columns = [d[0] for d in cursor.description]
        return QueryResult(columns, rows[:max_rows], truncated=len(rows) > max_rows)
    except duckdb.InterruptException:
        raise errors.QueryError(
            f"Requête interrompue après {timeout_s:g} s : simplifiez-la ou augmentez --timeout."
        ) from None
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        hint = (
            "L'entrepôt est en lecture seule et sans accès aux fichiers ni au réseau."
            if isinstance(exc, duckdb.PermissionException) or "read-only" in first.lower()
            else "Listez les tables avec : vigie sql \"show tables\"."
        )
        raise errors.QueryError(f"Requête refusée : {first}. {hint}") from None
    finally:
        timer.cancel()
        con.close()


def truncation_note(result: QueryResult, max_rows: int) -> str | None:
    """The French note said when the result was cut at ``max_rows``."""
    if not result.truncated:
        return None
    from vigie_industrie.territories.formatting import nombre

    return f"Résultat tronqué à {nombre(max_rows)} lignes : affinez la requête (where, limit) ou augmentez --max-rows."


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
