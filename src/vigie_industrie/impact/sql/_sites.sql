-- Common CTEs of the impact queries (prepended by impact/service.py). The sites come as parallel
-- lists ($site_ids, $communes, $epcis, $a38s, $industrie, $emplois): no temporary table, so the
-- read-only warehouse connection (or a cursor of the API's shared one) is enough.
-- A site given by its commune is in that commune; one given by its EPCI may be in any of the EPCI's
-- communes: each territory kind holds it where most of the EPCI's population lives (`certain` false
-- when the EPCI's communes are not all in that territory).
sites as (
    select unnest($site_ids) as site_id, unnest($communes) as code_commune_site, unnest($epcis) as siren_epci_site,
        unnest($a38s) as a38, unnest($industrie) as is_industrie, unnest($emplois) as emplois
),

-- (two equality joins, not one join on an OR: that would be a nested loop over the crosswalk)
site_communes as (
    select located.site_id, located.code_commune, coalesce(commune.population, 0) as population
    from (
        select sites.site_id, sites.code_commune_site as code_commune from sites where sites.code_commune_site is not null
        union all
        select sites.site_id, tc.code_commune
        from sites
        join territoire_commune as tc on tc.type = 'epci' and tc.code = sites.siren_epci_site
    ) as located
    join commune using (code_commune)
),

site_pop as (
    select site_id, sum(population) as population, count(*) as nb_communes from site_communes group by site_id
),

candidates as (
    select site_communes.site_id, tc.type, tc.code, tc.phase,
        sum(site_communes.population) as population, count(*) as nb_communes
    from site_communes
    join territoire_commune as tc using (code_commune)
    join sites using (site_id)
    where tc.type in ('commune', 'epci', 'zone_emploi', 'territoire_industrie') and tc.entier
        and not (tc.type = 'commune' and sites.code_commune_site is null)
    group by all
),

holding as (
    select candidates.site_id, candidates.type, candidates.code, candidates.phase,
        candidates.nb_communes = site_pop.nb_communes as certain,
        candidates.population / nullif(site_pop.population, 0) as part_population
    from candidates
    join site_pop using (site_id)
    qualify row_number() over (partition by candidates.site_id, candidates.type, candidates.phase
        order by candidates.population desc, candidates.code) = 1
),

touched as (
    select holding.type, holding.code, holding.phase,
        sum(sites.emplois) as emplois_perdus,
        sum(sites.emplois) filter (where sites.is_industrie) as emplois_industriels_perdus,
        bool_and(holding.certain) as certain,
        min(holding.part_population) as part_population_min,
        count(*) as nb_sites
    from holding
    join sites using (site_id)
    group by all
),

touched_sector as (
    select holding.type, holding.code, holding.phase, sites.a38, sum(sites.emplois) as emplois_perdus, count(*) as nb_sites
    from holding
    join sites using (site_id)
    group by all
),

-- the indicator rows read (latest period ending in or before $annee): never recomputed here.
-- $codes (the touched codes, from a first query; NULL then) lets DuckDB skip the other rows of the mart.
vals as (
    select v.*
    from indicateur_valeur as v
    semi join touched on touched.type = v.type and touched.code = v.code and touched.phase is not distinct from v.phase
    where list_contains(['emploi_industriel', 'emploi_salarie_prive', 'part_industrie', 'emploi_salarie_secteur',
            'quotient_localisation_industrie', 'taux_chomage', 'emploi_total'], v.indicateur)
        and ($annee is null or v.annee <= $annee) and ($codes is null or list_contains($codes, v.code))
    qualify row_number() over (partition by v.type, v.code, v.phase, v.indicateur, v.dimension
        order by v.annee desc, v.periode desc) = 1
)
