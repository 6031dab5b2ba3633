-- grain: one row per ESTEL zone (305 ZE2020 + 28 parties régionales) or France × year
-- unique: code, annee
with estel_ze as (
    select * from raw.ptod_emploi_ze_secteurs__estel_ze
),

estel_france as (
    select * from raw.ptod_emploi_ze_secteurs__estel_france_a5
)

select
    code_ze as code,
    cast(year as integer) as annee,
    cast(nullif(emploi_total, '') as double) as emploi,
from estel_ze
union all
select
    'FR' as code,
    cast(year as integer) as annee,
    cast(eff as double) as emploi,
from estel_france
where na5 = 'T'
