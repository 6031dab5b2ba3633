-- grain: one row per « partie régionale » of an inter-regional zone d'emploi × quarter
-- unique: code_ze_partie_regionale, trimestre
with source as (
    select * from raw.insee_zones_emploi_chomage__chomage_parties
),

unpivoted as (
    unpivot source
    on columns('^\d{4}-T\d$')
    into name trimestre value taux
)

select
    ZER2020 as code_ze_partie_regionale,
    LIBZER2020 as nom_ze_partie_regionale,
    trimestre,
    cast(left(trimestre, 4) as integer) as annee,
    cast(right(trimestre, 1) as integer) as numero_trimestre,
    cast(nullif(trim(taux), '') as double) as taux_chomage,
from unpivoted
