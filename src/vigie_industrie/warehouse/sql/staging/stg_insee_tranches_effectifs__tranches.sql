-- grain: one row per Sirene headcount band
-- unique: code_tranche
with source as (
    select * from raw.insee_tranches_effectifs__tranches
)

select
    code as code_tranche,
    libelle as libelle_tranche,
    cast(effectif_min as integer) as effectif_min,
    cast(nullif(effectif_max, '') as integer) as effectif_max,
    employeur = '1' as is_employeur,
from source
