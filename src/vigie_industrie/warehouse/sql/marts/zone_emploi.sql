-- grain: one row per zone d'emploi 2020 (306 zones; the 28 parties régionales are in zone_emploi_partie_regionale)
-- unique: code_ze
-- not_null: code_ze, nom_ze
with liste as (
    select * from staging.stg_insee_zones_emploi_chomage__liste
),

composition as (
    select * from staging.stg_insee_zones_emploi_chomage__composition
),

regions as (
    select
        code_ze,
        count(distinct code_region) as nb_regions,
        mode(code_region) as code_region,
    from composition
    group by code_ze
)

select
    liste.code_ze,
    liste.nom_ze,
    liste.nb_communes,
    regions.code_region,
    regions.nb_regions,
    2023 as cog_annee,
from liste
left join regions using (code_ze)
