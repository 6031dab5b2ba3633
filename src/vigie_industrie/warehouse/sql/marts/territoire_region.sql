-- grain: one row per territory of territoire_commune (type, code, phase) with the région it is ranked in
-- unique: type, code, phase
-- not_null: type, code, au_classement
-- The région of a territory is itself for a région, the ANCT's for a Territoire d'industrie, else the
-- one holding most of its population (an EPCI or zone straddling a border); France has none.
-- population: whole communes only (NULL for a constituency made only of split communes).
-- au_classement: ranked among its kind. False for a collectivité d'outre-mer listed as a région or a
-- département (the COG's zone 'com' of its région): they are outside France (territoire_commune), so the
-- régions are ranked among 18 and the départements among 101, as INSEE counts them.
with by_region as (
    select tc.type, tc.code, tc.phase, commune.code_region, sum(coalesce(commune.population, 0)) as population,
        sum(coalesce(commune.population, 0)) filter (where tc.entier) as population_entiere,
    from territoire_commune as tc
    join commune using (code_commune)
    group by all
),

main as (
    select type, code, phase, arg_max(code_region, population) as code_region,
        sum(population_entiere) as population,
    from by_region
    group by all
)

select
    main.type,
    main.code,
    main.phase,
    case
        when main.type = 'france' then null
        when main.type = 'region' then main.code
        else coalesce(ti.code_region, main.code_region)
    end as code_region,
    main.population,
    not (main.type in ('region', 'departement') and coalesce(region.zone = 'com', false)) as au_classement,
from main
left join region on region.code_region = main.code_region
left join territoire_industrie as ti
    on main.type = 'territoire_industrie' and ti.territoire_id = main.code and ti.phase = main.phase
