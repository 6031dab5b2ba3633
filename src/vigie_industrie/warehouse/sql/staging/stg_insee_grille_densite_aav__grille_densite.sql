-- grain: one row per commune (COG 2024)
-- unique: code_commune
with source as (
    select * from raw.insee_grille_densite_aav__grille_densite
)

select
    CODGEO as code_commune,
    LIBGEO as nom_commune,
    cast(DENS as integer) as densite,
    LIBDENS as libelle_densite,
    cast(nullif(PMUN21, '') as bigint) as population_2021,
from source
