-- grain: one row per zone d'emploi: the re-user's census 2022 ratio of jobs to employed residents
-- unique: code_ze
-- not_null: code_ze
-- Computed by the re-user (ptod-observatoire-territorial) from the census RP 2022: « indicateur de
-- concentration d'emploi », jobs at place of work per 100 employed residents (actifs occupés). Kept as
-- published; the closure-impact simulator (impact/) divides ESTEL employment by it to estimate the
-- employed residents of a zone, hence its labour force (an estimate, and said so).
with ze as (select * from raw.ptod_emploi_ze_secteurs__indicateurs_eco_ze)

select code as code_ze, try_cast(nullif(eco_ratio_emplt_actoc_22, '') as double) as ratio_emplois_actifs_occupes_rp2022,
from ze
where code <> '00FR'
