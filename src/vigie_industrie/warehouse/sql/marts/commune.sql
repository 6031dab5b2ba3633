-- grain: one row per current commune (COG 2026)
-- unique: code_commune
-- not_null: code_commune, nom_commune, code_departement, code_region
with communes as (
    select * from staging.stg_etalab_decoupage_administratif__communes_epci
),

ept as (
    select * from staging.stg_etalab_decoupage_administratif__ept
)

select
    communes.code_commune,
    communes.nom_commune,
    communes.siren_commune,
    communes.code_departement,
    communes.code_region,
    communes.code_arrondissement,
    communes.siren_epci,
    ept.siren_ept,
    communes.population,
    communes.zone,
    2026 as cog_annee,
from communes
left join ept on ept.code_commune = communes.code_commune
