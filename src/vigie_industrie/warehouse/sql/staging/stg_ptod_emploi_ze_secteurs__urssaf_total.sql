-- grain: one row per échelon × territory × year (URSSAF private salaried headcount, all sectors)
-- unique: echelon, code, annee
with source as (
    select * from raw.ptod_emploi_ze_secteurs__urssaf_total
)

select
    echelon,
    code,
    cast(year as integer) as annee,
    cast(nullif(eff_total, '') as double) as emploi,
from source
