-- grain: one row per commune (COG 2026) × NAF sub-class × year (URSSAF commune × APE, private sector)
-- not_null: code_commune, code_ape, annee
-- Unique on (code_commune, code_ape, annee) by construction: codes of older vintages are mapped to
-- their 2026 commune and only those communes are re-aggregated (NULL stays NULL). The file's codes are
-- almost all current, so the 10⁷ other rows pass through without a costly group by.
-- Labels live in `naf`: repeating them on every row would multiply the file size.
with effectifs as (
    select * from staging.stg_urssaf__commune_ape
),

mapped as (
    select
        coalesce(commune_historique.code_commune, effectifs.code_commune) as code_commune,
        effectifs.code_ape,
        effectifs.annee,
        effectifs.nombre_etablissements,
        effectifs.effectifs_salaries,
        left(effectifs.grand_secteur, 3) as code_grand_secteur,
        coalesce(commune_historique.code_commune <> effectifs.code_commune, false) as is_remapped,
    from effectifs
    left join commune_historique on commune_historique.code_commune_ancien = effectifs.code_commune
),

touched as (
    select distinct code_commune from mapped where is_remapped
),

passthrough as (
    select code_commune, code_ape, annee, nombre_etablissements, effectifs_salaries, code_grand_secteur
    from mapped
    anti join touched using (code_commune)
),

merged as (
    select
        code_commune,
        code_ape,
        annee,
        sum(nombre_etablissements) as nombre_etablissements,
        sum(effectifs_salaries) as effectifs_salaries,
        any_value(code_grand_secteur) as code_grand_secteur,
    from mapped
    semi join touched using (code_commune)
    group by code_commune, code_ape, annee
),

unioned as (
    select * from passthrough
    union all
    select * from merged
)

select
    unioned.code_commune,
    unioned.annee,
    unioned.code_ape,
    naf.a88,
    naf.a38,
    naf.a17,
    naf.a21,
    naf.a5,
    unioned.code_grand_secteur,
    naf.is_industrie,
    naf.is_manufacturier,
    unioned.nombre_etablissements,
    unioned.effectifs_salaries,
from unioned
left join naf on naf.code_ape = unioned.code_ape
