-- grain: one row per zone d'emploi × quarter (rate in %, CVS); parties régionales are elsewhere
-- unique: code_ze, trimestre
with source as (
    select * from raw.insee_zones_emploi_chomage__chomage_ze
),

unpivoted as (
    unpivot source
    on columns('^\d{4}-T\d$')
    into name trimestre value taux
)

select
    ZE2020 as code_ze,
    LIBZE2020 as nom_ze,
    REG as code_region,
    trimestre,
    cast(left(trimestre, 4) as integer) as annee,
    cast(right(trimestre, 1) as integer) as numero_trimestre,
    cast(nullif(trim(taux), '') as double) as taux_chomage,
from unpivoted
