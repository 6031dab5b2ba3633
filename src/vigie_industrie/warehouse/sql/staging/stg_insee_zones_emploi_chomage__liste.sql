-- grain: one row per zone d'emploi 2020
-- unique: code_ze
with source as (
    select * from raw.insee_zones_emploi_chomage__liste
)

select
    ZE2020 as code_ze,
    LIBZE2020 as nom_ze,
    cast(NB_COM as integer) as nb_communes,
from source
