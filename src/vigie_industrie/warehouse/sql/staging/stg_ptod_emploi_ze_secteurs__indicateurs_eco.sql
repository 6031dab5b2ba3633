-- grain: one row per level (epci, departement, zone_emploi, france) × territory: the re-user's census 2022 industry share
-- unique: niveau, code
-- not_null: niveau, code
-- Computed by the re-user (ptod-observatoire-territorial) from the census RP 2022: share of industry
-- in jobs at place of work (%). Kept as published: a « calcul réutilisateur », never recomputed.
with epci as (select * from raw.ptod_emploi_ze_secteurs__indicateurs_eco_epci),
dep as (select * from raw.ptod_emploi_ze_secteurs__indicateurs_eco_dep),
ze as (select * from raw.ptod_emploi_ze_secteurs__indicateurs_eco_ze),

unioned as (
    select 'epci' as niveau, code, eco_sectindus_pct_22 from epci where code <> '00FR'
    union all
    select 'departement', code, eco_sectindus_pct_22 from dep where code <> '00FR'
    union all
    select 'zone_emploi', code, eco_sectindus_pct_22 from ze where code <> '00FR'
    union all
    select 'france', 'fr', any_value(eco_sectindus_pct_22) from epci where code = '00FR'
)

select niveau, code, try_cast(nullif(eco_sectindus_pct_22, '') as double) as part_industrie_rp2022,
from unioned
