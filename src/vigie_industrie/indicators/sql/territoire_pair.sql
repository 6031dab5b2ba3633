-- grain: one row per territory × its 5 nearest peers by population (same kind; same phase for Territoires d'industrie)
-- unique: type, code, phase, rang
-- not_null: type, code, rang, code_pair, population, population_pair
-- Population: the latest `population` value of indicateur_valeur. Candidates are the 5 neighbours on
-- each side in population order, so the search stays linear; ties go to the smaller code.
with latest as (
    select type, code, phase, coalesce(phase, 0) as phase_key, valeur::bigint as population,
    from indicateur_valeur as v
    -- ranked kinds only: not the collectivités d'outre-mer listed as régions or départements
    semi join territoire_region as r
        on r.type = v.type and r.code = v.code and r.phase is not distinct from v.phase and r.au_classement
    where indicateur = 'population' and dimension is null and valeur is not null
    qualify row_number() over (partition by type, code, phase order by annee desc) = 1
),

pop as (
    select *, row_number() over (partition by type, phase_key order by population, code) as position,
    from latest
),

targets as (
    select pop.*, pop.position + o.offset_ as position_pair,
    from pop
    cross join (select unnest([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5]) as offset_) as o
),

candidates as (
    select a.type, a.code, a.phase, a.population, b.code as code_pair, b.phase as phase_pair,
        b.population as population_pair,
    from targets as a
    join pop as b
        on b.type = a.type and b.phase_key = a.phase_key and b.position = a.position_pair
)

select type, code, phase,
    row_number() over (partition by type, code, phase order by abs(population_pair - population), code_pair)::integer as rang,
    code_pair, phase_pair, population, population_pair,
from candidates
qualify rang <= 5
