-- Common CTEs of every family (prepended by indicators/families.py; unused ones cost nothing).
-- {crosswalk}: the territories to compute (territoire_commune at build time, a temporary table of
-- one perimeter's communes for service.for_communes). {references}: extra territories the
-- families need as references (France, régions) when they are not in {crosswalk}; their rows are
-- computed alongside and filtered out at the end (`subjects`).
-- phase is 0 inside the families (NULL does not join) and NULL again in the output.
cw as (
    select type, code, coalesce(phase, 0) as phase, code_commune, entier, poids from {crosswalk}
),

scope as (
    select * from cw
    union all
    select type, code, coalesce(phase, 0), code_commune, entier, poids from {references}
),

subjects as (
    select distinct type, code, phase from cw
),

commune_pop as (
    select code_commune, coalesce(population, 0) as population, code_region from commune
),

scope_communes as (
    select scope.type, scope.code, scope.phase, scope.code_commune, scope.entier, commune_pop.population,
        commune_pop.code_region
    from scope
    join commune_pop using (code_commune)
),

-- Population (2026 file) of each territory: whole communes, and all communes for the coverage base.
scope_pop as (
    select type, code, phase,
        sum(population) filter (where entier) as population,
        sum(population) as population_toutes,
        count(*) as nb_communes,
        count(*) filter (where not entier) as nb_communes_partielles,
        case when count(*) filter (where not entier) > 0 then count(*) filter (where not entier)
            || ' commune(s) partagée(s) avec un autre territoire non comptée(s) : la part qui lui revient est inconnue.'
        end as note_partielles,
    from scope_communes
    group by type, code, phase
),

-- The région of a territory: itself, or the one holding most of its population (NULL for France).
scope_region as (
    select type, code, phase,
        case when type = 'france' then null else arg_max(code_region, population) end as code_region,
    from (
        select type, code, phase, code_region, sum(population) as population
        from scope_communes group by type, code, phase, code_region
    )
    group by type, code, phase
),

zone_of as (
    select code_commune, code_ze, code_ze_partie_regionale from commune_zone_emploi_cog2026
),

zone_size as (
    select zone_of.code_ze, count(*) as nb_communes, sum(commune_pop.population) as population
    from zone_of join commune_pop using (code_commune)
    group by zone_of.code_ze
),

-- Whole communes of each territory per zone d'emploi, with their population.
scope_zone as (
    select scope_communes.type, scope_communes.code, scope_communes.phase, zone_of.code_ze,
        count(*) as nb_communes, sum(scope_communes.population) as population,
    from scope_communes
    join zone_of using (code_commune)
    where scope_communes.entier
    group by all
),

-- A territory is a union of zones when each zone it touches lies wholly inside it.
scope_union as (
    select scope_zone.type, scope_zone.code, scope_zone.phase,
        bool_and(scope_zone.nb_communes = zone_size.nb_communes) as is_union,
        count(*) as nb_zones,
    from scope_zone
    join zone_size using (code_ze)
    group by all
),

-- Where the sector figures of a territory come from: 'exact' when the loaded commune × APE file
-- covers every commune of it (split constituency communes included), 'union de zones' when it is made of
-- whole zones d'emploi, else 'estimation' (each zone's figures allocated by population).
scope_mode as (
    select scope_communes.type, scope_communes.code, scope_communes.phase,
        case
            when bool_and(perimetre.code_commune is not null) then 'exact'
            when any_value(scope_union.is_union) then 'union de zones'
            else 'estimation'
        end as niveau,
    from scope_communes
    left join emploi_salarie_perimetre as perimetre using (code_commune)
    left join scope_union using (type, code, phase)
    group by all
),

urssaf_source as (
    select coalesce(
        (select any_value(source_id) from source_provenance where table_brute = 'raw.urssaf_commune_ape'),
        'urssaf-commune-ape'
    ) as source_id
)
