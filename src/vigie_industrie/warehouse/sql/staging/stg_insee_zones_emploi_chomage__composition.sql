-- grain: one row per commune of the COG 2023 (zonage en zones d'emploi 2020)
-- unique: code_commune_cog2023
-- not_null: code_commune_cog2023, code_ze
with source as (
    select * from raw.insee_zones_emploi_chomage__composition
)

select
    CODGEO as code_commune_cog2023,
    LIBGEO as nom_commune,
    ZE2020 as code_ze,
    LIBZE2020 as nom_ze,
    nullif(ZE2020_PARTIE_REG, '') as code_ze_partie_regionale,
    DEP as code_departement,
    REG as code_region,
from source
