-- grain: one row per Territoire d'industrie × phase (ids ti-RRNN are not stable across phases)
-- unique: territoire_id, phase
-- not_null: territoire_id, phase, nom, code_region
with groupements as (
    select * from staging.stg_anct_territoires_industrie__groupements
)

select
    territoire_id,
    phase,
    any_value(nom_territoire) as nom,
    any_value(code_region) as code_region,
    any_value(nom_region) as nom_region,
    case phase when 1 then '2018-2022' else '2023-2027' end as periode,
    count(*) as nb_membres,
from groupements
group by territoire_id, phase
