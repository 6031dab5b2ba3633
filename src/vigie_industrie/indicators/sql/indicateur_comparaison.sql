-- grain: one row per value of indicateur_valeur (ranks among the same kind and phase, in France and in the région)
-- unique: type, code, phase, indicateur, dimension, periode
-- not_null: type, code, indicateur, periode
-- rang 1 = highest value (whatever its `sens`); a NULL value has no rank. Communes are not ranked
-- (35,000 of them, every sector: the sort would cost more than the rest of the build); they keep
-- their région and France values. The région of a territory
-- is that of territoire_region; valeur_region / valeur_france are the same indicator, dimension and
-- period for that région and for France (NULL where they have none).
with valeurs as (
    select v.type, v.code, v.phase, v.indicateur, v.dimension, v.periode, v.valeur, r.code_region,
    from indicateur_valeur as v
    left join territoire_region as r on r.type = v.type and r.code = v.code and r.phase is not distinct from v.phase
),

ranked as (
    select
        valeurs.*,
        case when valeurs.valeur is not null then rank() over france_ end::integer as rang_france,
        count(valeurs.valeur) over france_all::integer as nb_france,
        case when valeurs.valeur is not null and valeurs.code_region is not null then rank() over region_ end::integer as rang_region,
        case when valeurs.code_region is not null then count(valeurs.valeur) over region_all end::integer as nb_region,
    from valeurs
    where valeurs.type <> 'commune'
    window
        france_all as (partition by valeurs.type, valeurs.phase, valeurs.indicateur, valeurs.dimension, valeurs.periode),
        region_all as (partition by valeurs.type, valeurs.phase, valeurs.indicateur, valeurs.dimension, valeurs.periode,
            valeurs.code_region),
        france_ as (partition by valeurs.type, valeurs.phase, valeurs.indicateur, valeurs.dimension, valeurs.periode
            order by valeurs.valeur desc nulls last),
        region_ as (partition by valeurs.type, valeurs.phase, valeurs.indicateur, valeurs.dimension, valeurs.periode,
            valeurs.code_region order by valeurs.valeur desc nulls last)
    union all
    select valeurs.*, null, null, null, null from valeurs where valeurs.type = 'commune'
),

references_ as (
    select type, code, indicateur, dimension, periode, valeur
    from indicateur_valeur
    where type in ('region', 'france')
)

select
    ranked.type,
    ranked.code,
    ranked.phase,
    ranked.indicateur,
    ranked.dimension,
    ranked.periode,
    ranked.rang_france,
    ranked.nb_france,
    ranked.rang_region,
    ranked.nb_region,
    ranked.code_region,
    reg.valeur as valeur_region,
    fr.valeur as valeur_france,
from ranked
left join references_ as reg
    on reg.type = 'region' and reg.code = ranked.code_region and reg.indicateur = ranked.indicateur
    and coalesce(reg.dimension, '') = coalesce(ranked.dimension, '') and reg.periode = ranked.periode
left join references_ as fr
    on fr.type = 'france' and fr.indicateur = ranked.indicateur
    and coalesce(fr.dimension, '') = coalesce(ranked.dimension, '') and fr.periode = ranked.periode
