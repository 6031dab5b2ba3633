-- circonscription_commune: the communes of each constituency, in the warehouse's commune vintage.
-- grain: one row per constituency × current commune (COG of the `commune` mart)
-- unique: circonscription_id, code_commune
-- not_null: circonscription_id, code_commune, nom_commune, is_partiel, is_partiel_insee, cog_annee
-- INSEE's composition is in COG ≈ 2021-2022. A code that is still a current commune keeps its
-- row; a code that has become a commune déléguée or associée goes to its chef-lieu (communes
-- nouvelles). Codes mapped to nothing are listed in circonscription_commune_anomalie.
-- is_partiel: the commune lies in several constituencies, either as published by INSEE
-- (is_partiel_insee, 313 rows) or because a commune nouvelle merged communes of different
-- constituencies. INSEE does not say which part lies where: never add such a commune's
-- figures to a constituency total without saying so.
with composition as (
    select * from staging.stg_insee_circonscriptions_legislatives__composition
    where circonscription_id is not null
),

communes as (
    select * from commune
),

historique as (
    select * from commune_historique
),

mapped as (
    select
        composition.circonscription_id,
        composition.code_commune_source,
        composition.is_partiel,
        coalesce(communes.code_commune, historique.code_commune) as code_commune,
        case
            when communes.code_commune is not null then 'identique'
            when historique.code_commune is not null then 'fusion'
        end as rattachement,
    from composition
    left join communes
        on communes.code_commune = composition.code_commune_source
    -- (codes that are current communes are dropped from historique beforehand rather than by a
    -- join condition on `communes`, which DuckDB can only run as a nested loop: 7 s on 35,000 rows)
    left join (select * from historique anti join communes on communes.code_commune = historique.code_commune_ancien) as historique
        on historique.code_commune_ancien = composition.code_commune_source
),

grouped as (
    select
        circonscription_id,
        code_commune,
        bool_or(is_partiel) as is_partiel_insee,
        list(code_commune_source order by code_commune_source) as codes_commune_source,
        bool_or(rattachement = 'fusion') as has_fusion,
    from mapped
    where code_commune is not null
    group by circonscription_id, code_commune
),

spread as (
    select
        code_commune,
        count(*) as nb_circonscriptions,
    from grouped
    group by code_commune
),

final as (
    select
        grouped.circonscription_id,
        grouped.code_commune,
        communes.nom_commune,
        communes.code_departement,
        grouped.is_partiel_insee or spread.nb_circonscriptions > 1 as is_partiel,
        grouped.is_partiel_insee,
        spread.nb_circonscriptions,
        grouped.has_fusion,
        array_to_string(grouped.codes_commune_source, ',') as codes_commune_source,
        communes.cog_annee,
    from grouped
    inner join spread
        on spread.code_commune = grouped.code_commune
    inner join communes
        on communes.code_commune = grouped.code_commune
)

select * from final
