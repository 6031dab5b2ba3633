-- contour_circonscription: constituency polygons for the national map, DROM moved into the ANCT insets.
-- grain: one row per constituency drawn on the national map (metropolitan France and the 5 DROM)
-- unique: circonscription_id
-- not_null: circonscription_id, libelle, geometry, position, licence, attribution
-- The ODbL contours (circonscription_contour, unchanged) are at real positions. A DROM constituency
-- is placed in its département's inset by the affine map between the département's real bounding
-- box (ANCT set A) and its inset bounding box (ANCT set B): position 'encart (transformé)'. The
-- constituencies of the COM (975, 977, 978, 986-988) have no inset and are not drawn.
-- Wherever shown: « Contours : Regards Citoyens / Toxicode, ODbL ».
with contours as (
    select * from circonscription_contour
),

reel as (
    select code_departement, geo_bounds(geometry) as b
    from staging.stg_anct_contours_admin__departements_cog2025
    where code_departement in ('971', '972', '973', '974', '976')
),

encart as (
    select code_departement, geo_bounds(geometry) as b
    from staging.stg_anct_contours_admin__departements_fr_drom
    where code_departement in ('971', '972', '973', '974', '976')
)

select
    contours.circonscription_id,
    contours.code_departement,
    contours.numero,
    circonscription.libelle,
    case
        when reel.b is null then geo_union([contours.geometry])
        else geo_relocate(
            contours.geometry, reel.b[1], reel.b[2], reel.b[3], reel.b[4],
            encart.b[1], encart.b[2], encart.b[3], encart.b[4]
        )
    end as geometry,
    case when reel.b is null then 'réelle' else 'encart (transformé)' end as position,
    contours.millesime,
    contours.source,
    contours.licence,
    contours.licence_url,
    contours.attribution,
from contours
left join circonscription on circonscription.circonscription_id = contours.circonscription_id
left join reel on reel.code_departement = contours.code_departement
left join encart on encart.code_departement = contours.code_departement
where reel.b is not null
    or not (contours.code_departement like '97%' or contours.code_departement like '98%')
