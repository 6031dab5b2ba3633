-- contour_region: one polygon per région for the national map; DROM placed as insets.
-- grain: one row per région of the ANCT layer (18)
-- unique: code_region
-- not_null: code_region, nom_region, geometry, encart_drom, licence, attribution
with contours as (
    select * from staging.stg_anct_contours_admin__regions_fr_drom
)

select
    contours.code_region,
    coalesce(region.nom_region, contours.nom_region_source) as nom_region,
    geo_union([contours.geometry]) as geometry,
    contours.code_region in ('01', '02', '03', '04', '06') as encart_drom,
    'ANCT, fr-drom style1 (2022), d''après IGN ADMIN EXPRESS' as source,
    'Licence Ouverte / Open Licence 2.0' as licence,
    'Source : ANCT, d''après IGN ADMIN EXPRESS (COG)' as attribution,
from contours
left join region on region.code_region = contours.code_region
