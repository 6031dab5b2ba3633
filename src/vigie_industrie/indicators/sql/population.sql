-- Family « population »: population (légale, each millésime re-based to COG 2026) and densite.
pop_commune as (
    select historique.code_commune, population.annee, sum(population.population_municipale) as population
    from population
    join commune_historique as historique on historique.code_commune_ancien = population.code_commune
    semi join (select distinct code_commune from scope) as wanted on wanted.code_commune = historique.code_commune
    group by all
),

pop_years as (
    select distinct annee from pop_commune
),

pop_scope as (
    select scope_communes.type, scope_communes.code, scope_communes.phase, pop_years.annee,
        sum(pop_commune.population) filter (where scope_communes.entier) as valeur,
        count(*) filter (where pop_commune.population is null or not scope_communes.entier) as nb_sans,
        count(*) filter (where pop_commune.population is null and scope_communes.entier) as nb_absentes,
        sum(scope_communes.population) filter (where pop_commune.population is not null and scope_communes.entier) as population_couverte,
    from scope_communes
    cross join pop_years
    left join pop_commune
        on pop_commune.code_commune = scope_communes.code_commune and pop_commune.annee = pop_years.annee
    group by all
),

-- Density grid (COG 2024) re-based to current communes, weighted by the grid's own 2021 population.
grille as (
    select historique.code_commune, densite.densite, densite.population_2021
    from commune_densite as densite
    join commune_historique as historique on historique.code_commune_ancien = densite.code_commune
    semi join (select distinct code_commune from scope) as wanted on wanted.code_commune = historique.code_commune
),

densite_scope as (
    select scope_communes.type, scope_communes.code, scope_communes.phase, grille.densite,
        sum(grille.population_2021) as population,
    from scope_communes
    join grille using (code_commune)
    where scope_communes.entier
    group by all
),

densite_total as (
    select type, code, phase, sum(population) as population from densite_scope group by all
),

result as (
    select pop_scope.type, pop_scope.code, pop_scope.phase, 'population' as indicateur, null::varchar as dimension,
        pop_scope.annee::varchar as periode, pop_scope.annee, pop_scope.valeur::double as valeur, 'habitants' as unite,
        'insee-populations-legales-communes' as source, 'exact' as niveau,
        'somme des populations municipales des communes (codes ramenés au COG 2026)' as methode,
        coalesce(pop_scope.population_couverte / nullif(scope_pop.population_toutes, 0), 0) as couverture,
        pop_scope.nb_sans::integer as nb_communes_sans_donnee,
        nullif(concat_ws(' ',
            case when pop_scope.valeur is null then 'Aucune commune du territoire n''a de population légale ce millésime.' end,
            case when pop_scope.nb_absentes > 0 then pop_scope.nb_absentes
                || ' commune(s) sans population légale ce millésime (créée(s) ou rétablie(s) depuis).' end,
            scope_pop.note_partielles), '') as note,
    from pop_scope
    join scope_pop using (type, code, phase)
    union all
    select densite_scope.type, densite_scope.code, densite_scope.phase, 'densite', densite_scope.densite::varchar,
        '2024', 2024, 100.0 * densite_scope.population / nullif(densite_total.population, 0), '%',
        'insee-grille-densite-aav', 'exact', 'part de la population 2021 par niveau de la grille communale de densité',
        null, null, scope_pop.note_partielles
    from densite_scope
    join densite_total using (type, code, phase)
    join scope_pop using (type, code, phase)
    union all
    select densite_total.type, densite_total.code, densite_total.phase, 'densite', null, '2024', 2024,
        100.0 * coalesce(sum(densite_scope.population) filter (where densite_scope.densite >= 5), 0)
            / nullif(any_value(densite_total.population), 0),
        '%', 'insee-grille-densite-aav', 'exact', 'part de la population 2021 dans les communes rurales (niveaux 5 à 7)',
        null, null, any_value(scope_pop.note_partielles)
    from densite_total
    join densite_scope using (type, code, phase)
    join scope_pop using (type, code, phase)
    group by all
)
