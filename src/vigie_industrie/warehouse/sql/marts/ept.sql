-- grain: one row per établissement public territorial of the Métropole du Grand Paris (2026)
-- unique: siren_ept
-- not_null: siren_ept, nom_ept
select
    siren_ept,
    any_value(nom_ept) as nom_ept,
    any_value(population_municipale) as population_municipale,
    count(*) as nb_communes,
    '11' as code_region,
    2026 as cog_annee,
from staging.stg_etalab_decoupage_administratif__ept
group by siren_ept
