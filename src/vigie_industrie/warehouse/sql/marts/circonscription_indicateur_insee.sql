-- circonscription_indicateur_insee: INSEE « Indicateurs statistiques des circonscriptions
-- législatives 2022 », long format, with each indicator's INSEE label and the France value.
-- grain: one row per constituency × indicator
-- unique: circonscription_id, indicateur
-- not_null: circonscription_id, indicateur, libelle, rang
-- valeur is NULL where INSEE wrote `nd` (non déterminé) or nothing, never 0. valeur_france is
-- INSEE's « Moyenne France » row (France hors Mayotte for the census, metropolitan France for
-- poverty figures). unite corrects INSEE's labels where they say « en % » for euro amounts.
with indicateurs as (
    select * from staging.stg_insee_circonscriptions_legislatives__indicateurs
),

libelles as (
    select * from staging.stg_insee_circonscriptions_legislatives__indicateurs_libelles
),

france as (
    select
        indicateur,
        valeur as valeur_france,
    from indicateurs
    where is_france
),

final as (
    select
        indicateurs.circonscription_id,
        indicateurs.indicateur,
        libelles.libelle,
        libelles.rang,
        case
            when indicateurs.indicateur in ('Inscrit_22', 'pop_légal_19', 'pop_légal_13') then 'nombre'
            when indicateurs.indicateur in ('nivvie_median_diff', 'D1_diff', 'D9_diff') then 'euros par an'
            when indicateurs.indicateur in ('age_moyen', 'dec90', 'dec75', 'dec50', 'dec25', 'dec10') then 'années'
            when indicateurs.indicateur = 'rpt_D9_D1_diff' then 'rapport'
            else '%'
        end as unite,
        indicateurs.valeur,
        indicateurs.valeur_brute,
        france.valeur_france,
    from indicateurs
    inner join libelles
        on libelles.indicateur = indicateurs.indicateur
    left join france
        on france.indicateur = indicateurs.indicateur
    where not indicateurs.is_france
)

select * from final
