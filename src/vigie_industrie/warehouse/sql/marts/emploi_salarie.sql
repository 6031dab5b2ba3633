-- grain: one row per commune (COG 2026) × NAF sub-class × year (URSSAF commune × APE, private sector)
-- unique: code_commune, code_ape, annee
-- not_null: code_commune, code_ape, annee
-- Codes of older vintages are mapped to the 2026 commune; rows then merged by sum (NULL stays NULL).
with effectifs as (
    select * from staging.stg_urssaf__commune_ape
),

mapped as (
    select
        coalesce(commune_historique.code_commune, effectifs.code_commune) as code_commune,
        effectifs.*exclude (code_commune),
    from effectifs
    left join commune_historique on commune_historique.code_commune_ancien = effectifs.code_commune
),

merged as (
    select
        code_commune,
        code_ape,
        annee,
        sum(nombre_etablissements) as nombre_etablissements,
        sum(effectifs_salaries) as effectifs_salaries,
        any_value(grand_secteur) as grand_secteur,
    from mapped
    group by code_commune, code_ape, annee
)

select
    merged.code_commune,
    merged.annee,
    merged.code_ape,
    naf.libelle_ape,
    naf.a88,
    naf.a38,
    naf.a17,
    naf.a21,
    naf.a5,
    left(merged.grand_secteur, 3) as code_grand_secteur,
    merged.grand_secteur,
    naf.is_industrie,
    naf.is_manufacturier,
    merged.nombre_etablissements,
    merged.effectifs_salaries,
    'URSSAF' as source,
from merged
left join naf on naf.code_ape = merged.code_ape
