-- contour_epci: one polygon per EPCI (COG 2026) for the national map; DROM placed as insets.
-- grain: one row per EPCI à fiscalité propre (geography 2026)
-- unique: siren_epci
-- not_null: siren_epci, nom_epci, geometry, nb_morceaux, encart_drom, licence, attribution
-- ANCT « fr-drom style1 » cuts each EPCI by département: the pieces are dissolved on siren_epci
-- (geo_union, warehouse/geometry.py: shapely, coordinates on a 0.001° grid). The DROM are moved
-- next to metropolitan France (encart_drom): for national choropleths only, never spatial joins.
-- not_null on geometry is the check that every EPCI of the 2026 list has its polygon.
with pieces as (
    select * from staging.stg_anct_contours_admin__epci_fr_drom
    where siren_epci is not null
),

dissolved as (
    select
        siren_epci,
        geo_union(list(geometry order by code_departement)) as geometry,
        count(*) as nb_morceaux,
        list(distinct code_departement order by code_departement) as departements_contour,
        bool_or(code_region in ('01', '02', '03', '04', '06')) as encart_drom,
    from pieces
    group by siren_epci
)

select
    epci.siren_epci,
    epci.nom_epci,
    epci.type_epci,
    epci.code_departement,
    epci.code_region,
    dissolved.geometry,
    dissolved.nb_morceaux,
    dissolved.departements_contour,
    dissolved.encart_drom,
    'ANCT, fr-drom style1 (2022), d''après IGN ADMIN EXPRESS' as source,
    'Licence Ouverte / Open Licence 2.0' as licence,
    'Source : ANCT, d''après IGN ADMIN EXPRESS (COG)' as attribution,
from epci
left join dissolved on dissolved.siren_epci = epci.siren_epci
