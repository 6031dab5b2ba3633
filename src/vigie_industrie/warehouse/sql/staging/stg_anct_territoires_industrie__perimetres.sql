-- stg_anct_territoires_industrie__perimetres: published ANCT outlines of the Territoires d'industrie.
-- grain: one row per phase × Territoire d'industrie
-- unique: phase, territoire_id
-- not_null: phase, territoire_id, geometry
-- Real positions (DROM where they are), ANCT generalised communes dissolved by territory.
select
    1 as phase,
    trim(id_ti) as territoire_id,
    lib_ti as nom_source,
    geometry,
from raw.anct_territoires_industrie__perimetres_phase1
union all
select
    2 as phase,
    trim(id_territoire) as territoire_id,
    lib_territoire as nom_source,
    geometry,
from raw.anct_territoires_industrie__perimetres_phase2
