-- circonscription_contour: constituency polygons for the map, with the ODbL attribution.
-- grain: one row per constituency with a contour
-- unique: circonscription_id
-- not_null: circonscription_id, geometry, licence, attribution
-- geometry is GeoJSON text (WGS84), as the map reads it. The contours are under ODbL:
-- wherever they are shown, show `attribution` (« Contours : Regards Citoyens / Toxicode, ODbL »).
with contours as (
    select * from staging.stg_insee_circonscriptions_legislatives__contours
),

final as (
    select
        circonscription_id,
        code_departement,
        numero,
        geometry_type,
        geometry,
        '2012 (découpage de 2010)' as millesime,
        'Regards Citoyens / Toxicode, Atelier de cartographie de Sciences Po (france-circonscriptions-legislatives-2012)' as source,
        'ODbL 1.0' as licence,
        'https://opendatacommons.org/licenses/odbl/1-0/' as licence_url,
        'Contours : Regards Citoyens / Toxicode, ODbL' as attribution,
    from contours
)

select * from final
