-- stg_anct_contours_admin__regions_fr_drom: ANCT « fr-drom style1 » régions (DROM as insets).
-- grain: one row per région
-- unique: code_region
-- not_null: code_region, geometry
select
    trim(insee_reg) as code_region,
    lib_reg as nom_region_source,
    geometry,
from raw.anct_contours_admin__regions_fr_drom
