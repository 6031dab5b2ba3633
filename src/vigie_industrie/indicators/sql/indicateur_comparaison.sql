-- grain: one row per value of indicateur_valeur of a ranked kind (every kind but communes)
-- unique: type, code, phase, indicateur, dimension, periode
-- not_null: type, code, indicateur, periode
-- rang 1 = highest value (whatever its `sens`); a NULL value has no rank. The région of a territory
-- is that of territoire_region; valeur_region / valeur_france are the same indicator, dimension and
-- period for that région and for France (NULL where they have none).
-- Communes are not ranked (35,000 of them, every sector: the sort would cost more than the rest of
-- the build) and have no row here: a commune's région and France values are read with its figures
-- (indicators/service.py, `_with_references`, as for a custom perimeter). Why: copied onto each of
-- their 1.08 M values, they were two thirds of this mart's rows and half its time (1.5 s → 0.8 s).
-- The collectivités d'outre-mer listed as régions or départements (territoire_region.au_classement
-- false) have no row either: they are outside France, so neither ranked nor compared with it.
-- Ranks compare values rounded to 10 significant digits (`rank_key`, from families.rank_key): DuckDB sums doubles in parallel,
-- in no fixed order, so values equal by construction (EPCI of one zone with the same estimated
-- sector shares) differed in their last bits and got a different rank at each build (16,000
-- ranks of the mirror warehouse moved between two builds of the same files; rounded to 12 digits,
-- 5 still did, values straddling a rounding boundary: at 10 digits, none).
with valeurs as (
    select v.type, v.code, v.phase, v.indicateur, v.dimension, v.periode, v.valeur, r.code_region,
        {rank_key} as rank_key,
    from indicateur_valeur as v
    left join territoire_region as r on r.type = v.type and r.code = v.code and r.phase is not distinct from v.phase
    where v.type <> 'commune' and r.au_classement is not false
),

-- One integer per ranking (kind, phase, indicator, dimension, period) and per région: the windows
-- then partition on an integer instead of five strings (the sort on strings was half the mart).
rankings as (
    select type, phase, indicateur, dimension, periode, row_number() over () as ranking,
    from (select distinct type, phase, indicateur, dimension, periode from valeurs)
),

regions_ as (
    select code_region, row_number() over () as region_key,
    from (select distinct code_region from valeurs where code_region is not null)
),

keyed as (
    select valeurs.*, rankings.ranking, regions_.region_key,
    from valeurs
    join rankings
        on rankings.type = valeurs.type and rankings.phase is not distinct from valeurs.phase
        and rankings.indicateur = valeurs.indicateur and rankings.dimension is not distinct from valeurs.dimension
        and rankings.periode = valeurs.periode
    left join regions_ using (code_region)
),

ranked as (
    select
        keyed.* exclude (ranking, region_key, valeur, rank_key),
        case when keyed.valeur is not null then rank() over france_ end::integer as rang_france,
        count(keyed.valeur) over france_all::integer as nb_france,
        case when keyed.valeur is not null and keyed.code_region is not null then rank() over region_ end::integer as rang_region,
        case when keyed.code_region is not null then count(keyed.valeur) over region_all end::integer as nb_region,
    from keyed
    window
        france_all as (partition by keyed.ranking),
        region_all as (partition by keyed.ranking, keyed.region_key),
        france_ as (partition by keyed.ranking order by keyed.rank_key desc nulls last),
        region_ as (partition by keyed.ranking, keyed.region_key order by keyed.rank_key desc nulls last)
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
-- stored by territory, like indicateur_valeur; `type` sorted as an ENUM of the kinds (integer compares)
order by cast(ranked.type as {territory_type_enum}), ranked.code, ranked.indicateur
