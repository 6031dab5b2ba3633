"""Row-level checks of a raw table, right after its file is loaded: no bogus row goes further.

Two checks, one set-based query each:

- **a header repeated inside the data** (two files concatenated, an export appended twice):
  a record whose every non-empty cell equals its column name. Checked for every CSV source.
- **declared cell formats** (``column_formats`` in the catalogue): a DuckDB type the cell
  must cast to (``integer``, ``date``…) or ``regex:<pattern>`` it must fully match, after
  trimming. ``cinquante et un`` in a headcount band is refused here, before staging turns
  it into a band ``ci`` with no bounds.

A failure is a ``SourceFileInvalid`` naming the file, the line, the column and the value,
with the count of such rows: the build stops and the previous warehouse stays.
Lines are counted as in the file when no quoted cell spans several lines (rowid order is the
file order: DuckDB preserves insertion order on a single-file read).
"""

from __future__ import annotations

import duckdb

from vigie_industrie import errors
from vigie_industrie.sources.catalogue import Source, SourceFile
from vigie_industrie.warehouse.connection import sql_literal


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [row[0] for row in con.execute(f"describe {table}").fetchall()]


def _line(sfile: SourceFile, rowid: int) -> int:
    """File line of the record ``rowid`` (0-based): title lines, then the header, then the data."""
    return sfile.skip_lines + 2 + rowid


def _invalid(source: Source, sfile: SourceFile, what: str, count: int, kind: str) -> errors.SourceFileInvalid:
    more = f" ({count} ligne(s) {kind} dans le fichier)" if count > 1 else ""
    return errors.SourceFileInvalid(
        f"Source {source.id}, fichier {sfile.filename} : {what}{more}. Corrigez le fichier ou retéléchargez-le "
        f"(`vigie data pull --source {source.id} --force`), puis relancez `vigie build`."
    )


def check_repeated_header(con: duckdb.DuckDBPyConnection, source: Source, sfile: SourceFile, table: str) -> None:
    columns = _columns(con, table)
    if len(columns) < 2:
        return  # a one-column file cannot tell a repeated header from a value
    same = " and ".join(
        f"(nullif(trim({_ident(c)}), '') is null or lower(trim({_ident(c)})) = lower({sql_literal(c.strip())}))"
        for c in columns
    )
    nonblank = " or ".join(f"nullif(trim({_ident(c)}), '') is not null" for c in columns)
    count, first = con.execute(f"select count(*), min(rowid) from {table} where ({same}) and ({nonblank})").fetchall()[0]
    if count:
        raise _invalid(
            source, sfile,
            f"ligne {_line(sfile, first)} : l'en-tête ({', '.join(columns[:4])}…) est répété au milieu des données",
            count, "d'en-tête répété",
        )


def _rule_sql(column: str, rule: str) -> tuple[str, str]:
    """(SQL condition true for a bad cell, French description of the expected format)."""
    cell = f"trim({_ident(column)})"
    if rule.startswith("regex:"):
        pattern = rule[len("regex:"):]
        return f"not regexp_full_match({cell}, {sql_literal(pattern)})", f"au format {pattern}"
    return f"try_cast({cell} as {rule}) is null", f"de type {rule}"


def check_formats(con: duckdb.DuckDBPyConnection, source: Source, sfile: SourceFile, table: str) -> None:
    present = set(_columns(con, table))
    for column, rule in sfile.column_formats:
        if column not in present:
            continue  # a missing column is validate.check_file's error, already raised
        bad, expected = _rule_sql(column, rule)
        where = f"nullif(trim({_ident(column)}), '') is not null and {bad}"
        count, first = con.execute(f"select count(*), min(rowid) from {table} where {where}").fetchall()[0]
        if count:
            value = con.execute(f"select {_ident(column)} from {table} where rowid = ?", [first]).fetchall()[0][0]
            raise _invalid(
                source, sfile,
                f"ligne {_line(sfile, first)}, colonne {column} : « {value} » n'est pas {expected}",
                count, "de ce genre",
            )


def check_raw_table(con: duckdb.DuckDBPyConnection, source: Source, sfile: SourceFile, table: str) -> None:
    """Every row check of a freshly loaded raw table (CSV: repeated header, then declared formats)."""
    if sfile.format in ("csv", "csv.gz"):
        check_repeated_header(con, source, sfile, table)
    check_formats(con, source, sfile, table)
