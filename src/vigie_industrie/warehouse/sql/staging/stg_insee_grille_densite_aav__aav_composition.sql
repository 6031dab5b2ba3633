-- grain: one row per commune (COG 2024)
-- unique: code_commune
with source as (
    select * from raw.insee_grille_densite_aav__aav_composition
)

select
    CODGEO as code_commune,
    AAV2020 as code_aav,
    LIBAAV2020 as nom_aav,
    cast(CATEAAV2020 as integer) as categorie_aav,
from source
