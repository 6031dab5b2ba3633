-- contour_territoire_industrie: outline of each Territoire d'industrie (phases 1 and 2) for the map.
-- grain: one row per Territoire d'industrie × phase
-- unique: phase, territoire_id
-- not_null: phase, territoire_id, nom, geometry, methode, licence, attribution
-- A territory whose members are all EPCI is the union of their contour_epci polygons (same ANCT
-- layer, so borders match the EPCI layer and DROM sit in their insets): methode 'union des EPCI membres'.
-- A territory with a commune or EPT member (a part of an EPCI: 8 in phase 1, 5 in phase 2, all in
-- metropolitan France) keeps ANCT's published outline (real positions, which metropolitan France
-- shares with the inset layer): methode 'périmètre publié ANCT'.
with membres as (
    select * from territoire_industrie_membre
),

composition as (
    select phase, territoire_id, bool_and(kind = 'epci') as epci_seulement
    from membres
    group by phase, territoire_id
),

union_epci as (
    select membres.phase, membres.territoire_id, geo_union(list(contour_epci.geometry)) as geometry
    from membres
    join contour_epci on contour_epci.siren_epci = membres.siren_groupement
    where membres.kind = 'epci'
    group by membres.phase, membres.territoire_id
),

publies as (
    select * from staging.stg_anct_territoires_industrie__perimetres
)

select
    territoire_industrie.phase,
    territoire_industrie.territoire_id,
    territoire_industrie.nom,
    territoire_industrie.code_region,
    case when composition.epci_seulement then union_epci.geometry else geo_union([publies.geometry]) end as geometry,
    case when composition.epci_seulement then 'union des EPCI membres' else 'périmètre publié ANCT' end as methode,
    'ANCT, programme Territoires d''industrie ; contours ANCT d''après IGN ADMIN EXPRESS' as source,
    'Licence Ouverte / Open Licence 2.0' as licence,
    'Source : ANCT, programme Territoires d''industrie ; contours ANCT d''après IGN ADMIN EXPRESS' as attribution,
from territoire_industrie
left join composition
    on composition.phase = territoire_industrie.phase and composition.territoire_id = territoire_industrie.territoire_id
left join union_epci
    on union_epci.phase = territoire_industrie.phase and union_epci.territoire_id = territoire_industrie.territoire_id
left join publies
    on publies.phase = territoire_industrie.phase and publies.territoire_id = territoire_industrie.territoire_id
