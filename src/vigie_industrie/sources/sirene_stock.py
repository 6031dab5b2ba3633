"""Reader for INSEE's Sirene establishment stock (``StockEtablissement``, about 44 million rows).

Only the columns the alerts need are kept, typed and renamed once (the file has 50-odd); the
CSV is streamed by DuckDB (``create table … as select … from read_csv``), so the national stock
loads within the build's memory bound (DuckDB spills to disk past its memory limit) and never
passes through Python. The header is the official one (camelCase names: ``siret``,
``codeCommuneEtablissement``…); a file missing one of the required columns is refused, naming it.

================================  =================  ===========================================
column                            from               note
================================  =================  ===========================================
siret, siren                      siret, siren       text, zero-padded to 14 / 9 characters
code_commune                      codeCommuneEtablissement    NULL abroad
code_naf                          activitePrincipaleEtablissement  ``22.11Z`` → ``2211Z``
nomenclature_naf                  nomenclatureActivitePrincipaleEtablissement  NAFRev2 kept as is
tranche_effectifs                 trancheEffectifsEtablissement  ``NN``, ``00``…``53``
annee_effectifs                   anneeEffectifsEtablissement
etat_administratif                etatAdministratifEtablissement  ``A`` active, ``F`` closed
is_employeur                      caractereEmployeurEtablissement = 'O'
is_siege                          etablissementSiege = 'true'
denomination                      denominationUsuelleEtablissement, else enseigne1Etablissement
================================  =================  ===========================================
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from vigie_industrie.sources import raw_tables

REQUIRED = ("siret", "siren", "codeCommuneEtablissement", "activitePrincipaleEtablissement",
            "trancheEffectifsEtablissement", "etatAdministratifEtablissement")
OPTIONAL = ("nomenclatureActivitePrincipaleEtablissement", "anneeEffectifsEtablissement",
            "caractereEmployeurEtablissement", "etablissementSiege", "denominationUsuelleEtablissement",
            "enseigne1Etablissement")
DEFAULT_TABLE = "raw.insee_sirene_stock_etablissement__etablissements"


def load(con: duckdb.DuckDBPyConnection, path: Path, table: str = DEFAULT_TABLE) -> int:
    """Create ``table`` from the stock at ``path`` (csv, csv.gz or the official zip's csv) and return its rows."""
    csv = raw_tables.text_csv(con, path, delim=",", required=REQUIRED, what="Sirene",
                              expected="schéma StockEtablissement attendu, séparateur virgule, en-tête officiel")
    source, col = csv.source, csv.col
    raw_tables.ensure_schema(con, table)
    con.execute(f"""
        create or replace table {table} as
        select
            lpad(siret, 14, '0') as siret,
            lpad(siren, 9, '0') as siren,
            nullif(codeCommuneEtablissement, '') as code_commune,
            nullif(replace(activitePrincipaleEtablissement, '.', ''), '') as code_naf,
            {col('nomenclatureActivitePrincipaleEtablissement')} as nomenclature_naf,
            nullif(trancheEffectifsEtablissement, '') as tranche_effectifs,
            try_cast({col('anneeEffectifsEtablissement')} as integer) as annee_effectifs,
            etatAdministratifEtablissement as etat_administratif,
            coalesce({col('caractereEmployeurEtablissement')} = 'O', false) as is_employeur,
            coalesce({col('etablissementSiege')} = 'true', false) as is_siege,
            coalesce(nullif({col('denominationUsuelleEtablissement')}, ''), nullif({col('enseigne1Etablissement')}, ''))
                as denomination,
        from {source}
        where siret is not null
    """)
    return con.execute(f"select count(*) from {table}").fetchone()[0]
