-- stg_anct_contours_admin__departements_fr_drom: ANCT « fr-drom style1 » départements (DROM as insets).
-- grain: one row per département
-- unique: code_departement
-- not_null: code_departement, geometry
select
    trim(insee_dep) as code_departement,
    trim(insee_reg) as code_region,
    lib_dep as nom_departement_source,
    geometry,
from raw.anct_contours_admin__departements_fr_drom
