"""Firm-level signals: collective-procedure judgments placed on communes, affected employer sites.

A BODACC judgment names a company (SIREN), not a place. The Sirene establishment stock gives
every establishment of that company with its commune, activity and headcount band, so a judgment
becomes: the communes where the company employs people, and the list of its employer
establishments there. Judgments come from the official BODACC announcements when loaded
(``dila-bodacc-annonces``) and from the mirror's 2020-21 extract (mart ``bodacc_jugement``).
Both the stock and the official file are optional sources, absent from the mirror: without the
stock nothing can be placed, and the functions say so in one French line.
"""

from __future__ import annotations

from vigie_industrie import errors
from vigie_industrie.sources import bodacc_annonces, sirene_stock

SIRENE_MISSING = (
    "Stock Sirene des établissements non chargé (source insee-sirene-stock-etablissement, non disponible hors "
    "miroir) : téléchargez-le avec `vigie data pull --source insee-sirene-stock-etablissement`, puis `vigie build`."
)
CSV_COLUMNS = ("siret", "siren", "denomination", "code_commune", "nom_commune", "code_departement", "code_naf",
               "libelle_a38", "is_industrie", "tranche_effectifs", "libelle_tranche", "effectif_min", "effectif_max",
               "date_jugement", "nature_jugement", "source_jugement")


def _exists(con, qualified: str) -> bool:
    schema, _, name = qualified.rpartition(".")
    return bool(con.execute(
        "select 1 from information_schema.tables where table_schema = ? and table_name = ?", [schema or "main", name]
    ).fetchone())


def judgments_sql(con) -> str:
    """Every known collective-procedure judgment: (siren, date_jugement, nature_jugement, source_jugement)."""
    parts = []
    if _exists(con, "main.bodacc_jugement"):
        parts.append("select siren, date_jugement, nature_jugement, 'bodacc-liquidations-plansde' as source_jugement "
                     "from bodacc_jugement")
    if _exists(con, bodacc_annonces.DEFAULT_TABLE):
        parts.append(f"select siren, coalesce(date_jugement, date_parution) as date_jugement, nature_jugement, "
                     f"'dila-bodacc-annonces' as source_jugement from {bodacc_annonces.DEFAULT_TABLE}")
    if not parts:
        return ("select null::varchar as siren, null::date as date_jugement, null::varchar as nature_jugement, "
                "null::varchar as source_jugement where false")
    return " union all ".join(parts)


def establishments(con, *, region: str | None = None, departement: str | None = None,
                   industrie_seulement: bool = False, limit: int | None = None) -> list[dict]:
    """Employer establishments (active in the stock, employer or with a headcount band) of judged companies."""
    if not _exists(con, sirene_stock.DEFAULT_TABLE):
        raise errors.WarehouseMissing(SIRENE_MISSING)
    if limit is not None and limit < 1:
        raise errors.ValidationFailed(f"--limit doit être un entier positif (reçu {limit}).")
    conditions, params = ["true"], []
    if region is not None:
        conditions.append("commune.code_region = ?")
        params.append(region)
    if departement is not None:
        conditions.append("commune.code_departement = ?")
        params.append(departement)
    if industrie_seulement:
        conditions.append("coalesce(naf.is_industrie, false)")
    sql = f"""
        with jugements as ({judgments_sql(con)}),
        dernier as (  -- the latest judgment of each company
            select * from jugements qualify row_number() over (partition by siren order by date_jugement desc nulls last) = 1
        )
        select
            e.siret, e.siren, e.denomination, e.code_commune, commune.nom_commune, commune.code_departement,
            e.code_naf, naf.libelle_a38, naf.is_industrie, e.tranche_effectifs, t.libelle_tranche, t.effectif_min,
            t.effectif_max, cast(j.date_jugement as varchar) as date_jugement, j.nature_jugement, j.source_jugement,
        from {sirene_stock.DEFAULT_TABLE} as e
        join dernier as j on j.siren = e.siren
        left join commune on commune.code_commune = e.code_commune
        left join naf on naf.code_ape = e.code_naf
        left join tranche_effectifs as t on t.code_tranche = e.tranche_effectifs
        where e.etat_administratif = 'A'
          and (e.is_employeur or coalesce(t.is_employeur and t.effectif_min > 0, false))
          and {' and '.join(conditions)}
        order by t.effectif_min desc nulls last, e.siret
        {f'limit {int(limit)}' if limit else ''}
    """
    return con.execute(sql, params).df().to_dict("records")


def judgments_by_commune(con) -> list[dict]:
    """Per commune × year: judged companies, their employer establishments and the jobs band they hold."""
    if not _exists(con, sirene_stock.DEFAULT_TABLE):
        raise errors.WarehouseMissing(SIRENE_MISSING)
    sql = f"""
        with jugements as ({judgments_sql(con)})
        select
            e.code_commune,
            year(j.date_jugement) as annee,
            count(distinct j.siren) as entreprises_jugees,
            count(distinct e.siret) as etablissements_employeurs,
            sum(t.effectif_min) as effectif_min,
            sum(t.effectif_max) as effectif_max,
        from jugements as j
        join {sirene_stock.DEFAULT_TABLE} as e on e.siren = j.siren
        left join tranche_effectifs as t on t.code_tranche = e.tranche_effectifs
        where e.code_commune is not null and (e.is_employeur or coalesce(t.effectif_min > 0, false))
        group by all
        order by e.code_commune, annee
    """
    return con.execute(sql).df().to_dict("records")
