-- Family « emploi »: emploi_salarie_prive (URSSAF by commune, exact for every kind) and
-- emploi_total (ESTEL, zones d'emploi and territories made of whole zones only).
esp_years as (
    select distinct annee from emploi_salarie_prive_commune
),

-- The communes of each territory (whole ones, and all), then the communes with a published figure
-- per year (an inner join): the absent ones are the difference. Why not a left join of every
-- commune × every year: that expanded 280,000 crosswalk rows × 11 years before grouping (the
-- largest operator of the family at build time).
esp_base as (
    select type, code, phase, count(*) filter (where entier) as nb_entieres, count(*) as nb_toutes,
    from scope_communes
    group by all
),

esp_found as (
    select scope_communes.type, scope_communes.code, scope_communes.phase, esp.annee,
        sum(esp.emploi) as valeur, count(*) as nb_avec, sum(scope_communes.population) as population_couverte,
    from scope_communes
    join emploi_salarie_prive_commune as esp using (code_commune)
    where scope_communes.entier and esp.emploi is not null
    group by all
),

esp_scope as (
    select esp_base.type, esp_base.code, esp_base.phase, esp_years.annee, esp_found.valeur,
        esp_base.nb_entieres - coalesce(esp_found.nb_avec, 0) as nb_absentes,
        esp_base.nb_toutes - coalesce(esp_found.nb_avec, 0) as nb_sans,
        esp_found.population_couverte,
    from esp_base
    cross join esp_years
    left join esp_found using (type, code, phase, annee)
),

estel as (
    select code as code_ze, annee, emploi from emploi_total where source = 'INSEE ESTEL' and niveau = 'ze'
),

estel_years as (
    select distinct annee from estel
),

estel_scope as (
    select scope_zone.type, scope_zone.code, scope_zone.phase, estel_years.annee,
        sum(estel.emploi) as valeur,
        count(*) filter (where estel.emploi is null) as nb_zones_absentes,
        sum(scope_zone.population) filter (where estel.emploi is not null) as population_couverte,
        sum(scope_zone.nb_communes) filter (where estel.emploi is null) as nb_sans,
    from scope_zone
    join scope_union using (type, code, phase)
    cross join estel_years
    left join estel on estel.code_ze = scope_zone.code_ze and estel.annee = estel_years.annee
    where scope_union.is_union
    group by all
),

result as (
    select esp_scope.type, esp_scope.code, esp_scope.phase, 'emploi_salarie_prive' as indicateur,
        null::varchar as dimension, esp_scope.annee::varchar as periode, esp_scope.annee, esp_scope.valeur,
        'emplois' as unite, 'ptod-emploi-ze-secteurs' as source, 'exact' as niveau,
        'somme des effectifs URSSAF des communes (codes ramenés au COG 2026)' as methode,
        coalesce(esp_scope.population_couverte / nullif(scope_pop.population_toutes, 0), 0) as couverture,
        esp_scope.nb_sans::integer as nb_communes_sans_donnee,
        nullif(concat_ws(' ',
            case when esp_scope.valeur is null then 'Aucune commune du territoire n''a d''effectif URSSAF publié cette année.' end,
            case when esp_scope.nb_absentes > 0 then esp_scope.nb_absentes
                || ' commune(s) sans effectif URSSAF publié (aucun établissement employeur privé, ou secret).' end,
            scope_pop.note_partielles), '') as note,
    from esp_scope
    join scope_pop using (type, code, phase)
    union all
    select estel_scope.type, estel_scope.code, estel_scope.phase, 'emploi_total', null, estel_scope.annee::varchar,
        estel_scope.annee, estel_scope.valeur, 'emplois', 'ptod-emploi-ze-secteurs',
        case when estel_scope.type = 'zone_emploi' then 'exact' else 'union de zones' end,
        'somme de l''emploi ESTEL des zones d''emploi du territoire',
        coalesce(estel_scope.population_couverte / nullif(scope_pop.population_toutes, 0), 0),
        estel_scope.nb_sans::integer,
        case when estel_scope.nb_zones_absentes > 0 then estel_scope.nb_zones_absentes
            || ' zone(s) d''emploi sans série ESTEL (Mayotte n''est pas publiée).' end
    from estel_scope
    join scope_pop using (type, code, phase)
    union all
    select scope_pop.type, scope_pop.code, scope_pop.phase, 'emploi_total', null,
        (select max(annee) from estel)::varchar, (select max(annee) from estel), null, 'emplois',
        'ptod-emploi-ze-secteurs', 'union de zones', null, 0, scope_pop.nb_communes::integer,
        'ESTEL est publié par zone d''emploi : le territoire n''est pas formé de zones d''emploi entières.'
    from scope_pop
    anti join (select * from scope_union where is_union) as unions using (type, code, phase)
)
