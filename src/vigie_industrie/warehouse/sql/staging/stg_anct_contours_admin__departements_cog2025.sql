-- stg_anct_contours_admin__departements_cog2025: ANCT set A départements, real positions (COG 2025).
-- grain: one row per département
-- unique: code_departement
-- not_null: code_departement, geometry
-- Read only for the real bounding boxes of the DROM (placing real-position geometries in the insets).
select
    trim(insee_dep) as code_departement,
    lib_dep as nom_departement_source,
    geometry,
from raw.anct_contours_admin__departements_cog2025
