-- Family « chomage »: taux_chomage (quarterly series), evolution_chomage_4t and _20t (latest quarter).
-- One weighting for every kind, the constituency included: a territory's rate is the mean of the
-- rates of its zones d'emploi weighted by the population (2026 file) of its communes in each zone.
-- For régions and départements a commune of an inter-regional zone counts with the INSEE rate of
-- the zone's regional part. A zone's own rate is 'exact'; every weighted mean is an 'estimation'
-- (INSEE weights by labour force, which the mirror does not hold). Communes get the latest quarter
-- only: their series is that of their zone.
rates as (
    select code_ze as unite, trimestre, annee, taux_chomage from chomage_zone_emploi where taux_chomage is not null
    union all
    select code_ze_partie_regionale, trimestre, annee, taux_chomage
    from chomage_zone_emploi_partie_regionale where taux_chomage is not null
),

quarters as (
    select trimestre, annee, row_number() over (order by trimestre desc) - 1 as recul
    from (select distinct trimestre, annee from rates)
),

weights as (
    select scope_communes.type, scope_communes.code, scope_communes.phase,
        case when scope_communes.type in ('region', 'departement') and zone_of.code_ze_partie_regionale is not null
            then zone_of.code_ze_partie_regionale else zone_of.code_ze end as unite,
        sum(scope_communes.population) as population,
        count(*) as nb_communes,
    from scope_communes
    join zone_of using (code_commune)
    where scope_communes.entier
    group by all
),

weighted as (
    select weights.type, weights.code, weights.phase, quarters.trimestre, quarters.annee, quarters.recul,
        sum(rates.taux_chomage * weights.population) / nullif(sum(weights.population), 0) as taux,
        sum(weights.population) as population_couverte,
        count(*) as nb_unites,
    from weights
    cross join quarters
    join rates on rates.unite = weights.unite and rates.trimestre = quarters.trimestre
    where weights.type <> 'commune' or quarters.recul in (0, 4, 20)
    group by all
),

units as (
    select type, code, phase, count(*) as nb_unites, sum(population) as population, sum(nb_communes) as nb_communes
    from weights group by all
),

described as (
    select weighted.*,
        case when weighted.type = 'zone_emploi' then 'exact' else 'estimation' end as niveau,
        case
            when weighted.type = 'zone_emploi' then 'taux INSEE de la zone d''emploi'
            when units.nb_unites = 1 and weighted.type = 'commune' then 'taux de la zone d''emploi de la commune'
            when units.nb_unites = 1 then 'taux de la seule zone d''emploi (ou partie régionale) du territoire'
            when weighted.type in ('region', 'departement')
                then 'moyenne des taux des zones d''emploi (parties régionales des zones interrégionales) pondérée par la population municipale des communes du territoire'
            else 'moyenne des taux des zones d''emploi pondérée par la population municipale des communes du territoire dans chaque zone'
        end as methode,
        coalesce(weighted.population_couverte / nullif(scope_pop.population_toutes, 0), 0) as couverture,
        nullif(concat_ws(' ',
            case when weighted.nb_unites < units.nb_unites then (units.nb_unites - weighted.nb_unites)
                || ' zone(s) d''emploi sans taux ce trimestre : non comptée(s).' end,
            scope_pop.note_partielles), '') as note,
        scope_pop.nb_communes - units.nb_communes as nb_sans,
    from weighted
    join units using (type, code, phase)
    join scope_pop using (type, code, phase)
),

result as (
    select type, code, phase, 'taux_chomage' as indicateur, null::varchar as dimension, trimestre as periode, annee,
        round(taux, 2) as valeur, '%' as unite, 'insee-zones-emploi-chomage' as source, niveau, methode, couverture,
        nb_sans::integer as nb_communes_sans_donnee, note,
    from described
    where type <> 'commune' or recul = 0
    union all
    select now_.type, now_.code, now_.phase, 'evolution_chomage_' || lag_.pas || 't', null,
        now_.trimestre, now_.annee, round(now_.taux - before.taux, 2), 'points', 'insee-zones-emploi-chomage',
        now_.niveau, now_.methode || ' ; écart avec le trimestre ' || before.trimestre, now_.couverture,
        now_.nb_sans::integer, now_.note
    from described as now_
    cross join (values (4), (20)) as lag_(pas)
    join described as before
        on before.type = now_.type and before.code = now_.code and before.phase = now_.phase
        and before.recul = now_.recul + lag_.pas
    where now_.recul = 0
)
