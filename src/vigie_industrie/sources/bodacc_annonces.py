"""Reader for the official BODACC announcements (DILA, « annonces commerciales », CSV export).

Only the collective procedures (``familleavis = 'collective'``) are kept, one row per announcement
× SIREN: ``registre`` lists the company's SIREN (``552100554,552 100 554``: spaces dropped,
duplicates merged) and ``jugement`` is a JSON text whose ``nature`` and ``date`` are read here,
in DuckDB. The export is ``;``-separated with a header of field names (``id``, ``dateparution``,
``familleavis``, ``registre``, ``jugement``, ``numerodepartement``, ``ville``, ``cp``…).

Output: ``id_annonce``, ``siren`` (9 characters), ``date_parution``, ``date_jugement``
(NULL when the JSON has none), ``nature_jugement`` (lower case), ``famille_jugement``,
``tribunal``, ``code_departement``, ``ville``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from vigie_industrie.sources import raw_tables

REQUIRED = ("id", "dateparution", "familleavis", "registre", "jugement")
DEFAULT_TABLE = "raw.dila_bodacc_annonces__procedures_collectives"


def load(con: duckdb.DuckDBPyConnection, path: Path, table: str = DEFAULT_TABLE) -> int:
    csv = raw_tables.text_csv(con, path, delim=";", required=REQUIRED, what="BODACC",
                              expected="export CSV « annonces commerciales » de la DILA, séparateur point-virgule, attendu")
    source, col = csv.source, csv.col
    raw_tables.ensure_schema(con, table)
    con.execute(f"""
        create or replace table {table} as
        with collective as (
            select * from {source} where familleavis = 'collective'
        ),
        sirens as (
            select
                id as id_annonce,
                try_cast(dateparution as date) as date_parution,
                jugement,
                {col('tribunal')} as tribunal,
                {col('numerodepartement')} as code_departement,
                {col('ville')} as ville,
                unnest(list_distinct(list_filter(
                    list_transform(string_split(registre, ','), x -> replace(trim(x), ' ', '')),
                    x -> regexp_full_match(x, '[0-9]{{8,9}}')))) as siren,
            from collective
        )
        select
            id_annonce,
            lpad(siren, 9, '0') as siren,
            date_parution,
            try_cast(json_extract_string(jugement, '$.date') as date) as date_jugement,
            lower(json_extract_string(jugement, '$.nature')) as nature_jugement,
            json_extract_string(jugement, '$.famille') as famille_jugement,
            tribunal,
            code_departement,
            ville,
        from sirens
    """)
    return con.execute(f"select count(*) from {table}").fetchone()[0]
