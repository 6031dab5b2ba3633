-- grain: one row per aire d'attraction des villes 2020
-- unique: code_aav
with source as (
    select * from raw.insee_grille_densite_aav__aav_liste
)

select
    AAV2020 as code_aav,
    LIBAAV2020 as nom_aav,
    cast(TAAV2017 as integer) as tranche_aav,
from source
