"""Load declared source files into the ``raw`` schema, as they are.

Generic reads cover CSV (every column VARCHAR, original headers, BOM stripped) and
JSON; a catalogue entry with ``reader = "module:function"`` brings its own. Typing,
renaming and code normalisation happen in the staging SQL, never here.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import duckdb

from vigie_industrie import errors
from vigie_industrie.sources.catalogue import Source, SourceFile, raw_table_name
from vigie_industrie.warehouse import connection, raw_checks


def _reader(dotted: str):
    module, _, func = dotted.partition(":")
    return getattr(importlib.import_module(module), func)


def load_file(con: duckdb.DuckDBPyConnection, source: Source, sfile: SourceFile, path: Path, table: str | None = None) -> int:
    """Create the raw table of one source file and return its row count."""
    table = table or raw_table_name(source.id, sfile.table or sfile.key)
    if sfile.reader:
        rows = _reader(sfile.reader)(con, path, table)
        raw_checks.check_formats(con, source, sfile, table)  # its own layout: declared formats only
        return rows
    try:
        if sfile.format in ("csv", "csv.gz"):
            options = [
                f"delim={connection.sql_literal(sfile.delimiter)}",
                "header=true",
                "all_varchar=true",
                "quote='\"'",
                f"skip={int(sfile.skip_lines)}",
                "strict_mode=true",
            ]
            if sfile.encoding.lower().replace("-", "") not in ("utf8", "utf8sig"):
                options.append(f"encoding={connection.sql_literal(sfile.encoding)}")
            con.execute(
                f"create or replace table {table} as select * from read_csv({connection.sql_literal(str(path))}, {', '.join(options)})"
            )
        elif sfile.format in ("json", "json.gz"):
            con.execute(
                f"create or replace table {table} as select * from read_json({connection.sql_literal(str(path))}, maximum_object_size=268435456)"
            )
        else:
            raise errors.SourceFileInvalid(
                f"Source {source.id}, fichier {sfile.filename} : format « {sfile.format} » sans lecteur déclaré. "
                "Ajoutez `reader = \"module:fonction\"` à son entrée du catalogue."
            )
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise errors.SourceFileInvalid(
            f"Source {source.id}, fichier {path} : lecture impossible ({first}). "
            f"Le fichier est-il tronqué ou modifié ? Relancez `vigie data pull --source {source.id} --force`."
        ) from None
    raw_checks.check_raw_table(con, source, sfile, table)
    return con.execute(f"select count(*) from {table}").fetchall()[0][0]
