-- circonscription: the 577 constituencies of the 2010 redistricting (elections 2012-2024).
-- grain: one row per constituency
-- unique: circonscription_id
-- not_null: circonscription_id, code_departement, numero, libelle, nom_departement, has_composition, has_contour
-- Listed from INSEE's indicators (566: all but the French abroad), the RNE (the 11 constituencies
-- of French people abroad, `circo-ZZ-NN`) and the composition. libelle follows the usual French
-- form « Pas-de-Calais, 8e circonscription » (« 1re » for the first).
with indicateurs as (
    select * from staging.stg_insee_circonscriptions_legislatives__indicateurs
    where not is_france
),

composition as (
    select * from staging.stg_insee_circonscriptions_legislatives__composition
    where circonscription_id is not null
),

deputes as (
    select * from staging.stg_insee_circonscriptions_legislatives__deputes
),

contours as (
    select * from staging.stg_insee_circonscriptions_legislatives__contours
),

communes_par_circo as (
    select * from circonscription_commune
),

departements as (
    select * from departement
),

regions as (
    select * from region
),

ids as (
    select distinct
        circonscription_id,
        regexp_extract(circonscription_id, '^circo-([0-9AB]{2,3}|ZZ)-([0-9]{2})$', 1) as code_departement,
        cast(regexp_extract(circonscription_id, '^circo-([0-9AB]{2,3}|ZZ)-([0-9]{2})$', 2) as integer) as numero,
    from (
        select circonscription_id from indicateurs
        union
        select circonscription_id from deputes
        union
        select circonscription_id from composition
    )
),

insee_names as (
    select distinct
        circonscription_id,
        code_circo_insee,
        nom_circo_insee,
    from indicateurs
),

commune_counts as (
    select
        circonscription_id,
        count(*) as nb_communes,
        count(*) filter (where is_partiel) as nb_communes_partielles,
    from communes_par_circo
    group by circonscription_id
),

named as (
    select
        ids.circonscription_id,
        ids.code_departement,
        ids.numero,
        case ids.code_departement
            -- one constituency for both COM; the COG lists 977 and 978 separately
            when '978' then 'Saint-Barthélemy et Saint-Martin'
            when 'ZZ' then 'Français établis hors de France'
            else departements.nom_departement
        end as nom_departement,
        case when ids.code_departement not in ('978', 'ZZ') then departements.code_region end as code_region,
    from ids
    left join departements
        on departements.code_departement = ids.code_departement
),

final as (
    select
        named.circonscription_id,
        named.code_departement,
        named.numero,
        named.nom_departement || ', '
            || case when named.numero = 1 then '1re' else cast(named.numero as varchar) || 'e' end
            || ' circonscription' as libelle,
        named.nom_departement,
        named.code_region,
        regions.nom_region,
        insee_names.code_circo_insee,
        insee_names.nom_circo_insee,
        coalesce(commune_counts.nb_communes, 0) as nb_communes,
        coalesce(commune_counts.nb_communes_partielles, 0) as nb_communes_partielles,
        commune_counts.circonscription_id is not null as has_composition,
        contours.circonscription_id is not null as has_contour,
    from named
    left join regions
        on regions.code_region = named.code_region
    left join insee_names
        on insee_names.circonscription_id = named.circonscription_id
    left join commune_counts
        on commune_counts.circonscription_id = named.circonscription_id
    left join contours
        on contours.circonscription_id = named.circonscription_id
)

select * from final
