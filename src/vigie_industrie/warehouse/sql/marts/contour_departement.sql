-- contour_departement: one polygon per département for the national map; DROM placed as insets.
-- grain: one row per département of the ANCT layer (101)
-- unique: code_departement
-- not_null: code_departement, nom_departement, geometry, encart_drom, licence, attribution
with contours as (
    select * from staging.stg_anct_contours_admin__departements_fr_drom
)

select
    contours.code_departement,
    coalesce(departement.nom_departement, contours.nom_departement_source) as nom_departement,
    contours.code_region,
    geo_union([contours.geometry]) as geometry,
    contours.code_region in ('01', '02', '03', '04', '06') as encart_drom,
    'ANCT, fr-drom style1 (2022), d''après IGN ADMIN EXPRESS' as source,
    'Licence Ouverte / Open Licence 2.0' as licence,
    'Source : ANCT, d''après IGN ADMIN EXPRESS (COG)' as attribution,
from contours
left join departement on departement.code_departement = contours.code_departement
