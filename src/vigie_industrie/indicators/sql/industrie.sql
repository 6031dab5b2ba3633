-- Family « industrie »: emploi_industriel, part_industrie, part_emploi_industriel_national,
-- evolution_emploi_industriel_{1an,5ans,10ans}[_pct], tcam_emploi_industriel.
-- Single communes outside the loaded commune × APE file: NULL with the reason (see `skipped`).
-- Industry = NAF sections B to E (A5 « BE »). Source by scope_mode (see _base.sql):
--   exact           commune × APE file summed over the territory's communes; a commune of the file's scope
--                   without a row has no employer establishment (0, not unknown);
--   union de zones  URSSAF zone d'emploi × A5 tables summed over its zones;
--   estimation      each zone's figure × population(territory ∩ zone) / population(zone), summed.
file_years as (
    select distinct annee from emploi_salarie_commune
),

-- Every year of the file for every commune: inside the file's scope a commune without a row has no
-- employer establishment, so its jobs are 0 (a real zero, not a missing figure).
ind_exact as (
    select scope_communes.type, scope_communes.code, scope_communes.phase, file_years.annee,
        coalesce(sum(coalesce(esc.effectifs_industrie, 0)), 0) as industrie,
        coalesce(sum(esc.effectifs), 0) as total,
        count(esc.code_commune) as nb_communes_avec_ligne,
    from scope_communes
    join scope_mode using (type, code, phase)
    cross join file_years
    left join emploi_salarie_commune as esc
        on esc.code_commune = scope_communes.code_commune and esc.annee = file_years.annee
    where scope_mode.niveau = 'exact' and scope_communes.entier
    group by all
),

ze_a5 as (
    select code_ze, annee,
        sum(effectifs) filter (where code_secteur = 'BE') as industrie,
        sum(effectifs) as total,
    from emploi_ze_secteur
    where source = 'URSSAF' and nomenclature = 'A5'
    group by code_ze, annee
),

ze_years as (
    select distinct annee from ze_a5
),

ind_zone as (
    select scope_zone.type, scope_zone.code, scope_zone.phase, ze_years.annee,
        sum(ze_a5.industrie * case when scope_mode.niveau = 'union de zones' then 1.0
            else scope_zone.population / nullif(zone_size.population, 0) end) as industrie,
        sum(ze_a5.total * case when scope_mode.niveau = 'union de zones' then 1.0
            else scope_zone.population / nullif(zone_size.population, 0) end) as total,
        sum(scope_zone.population) filter (where ze_a5.industrie is not null) as population_couverte,
        sum(scope_zone.nb_communes) filter (where ze_a5.industrie is null) as nb_sans,
        count(*) filter (where ze_a5.industrie is null) as nb_zones_sans,
    from scope_zone
    join scope_mode using (type, code, phase)
    join zone_size using (code_ze)
    cross join ze_years
    left join ze_a5 on ze_a5.code_ze = scope_zone.code_ze and ze_a5.annee = ze_years.annee
    where scope_mode.niveau <> 'exact' and scope_zone.type <> 'commune'
    group by all
),

-- A single commune outside the commune × APE file is not estimated (by population it would only
-- repeat its zone's shares): one NULL row per indicator with the reason.
skipped as (
    select type, code, phase from scope_mode where type = 'commune' and niveau <> 'exact'
),

ind as (
    select ind_exact.type, ind_exact.code, ind_exact.phase, ind_exact.annee, ind_exact.industrie, ind_exact.total,
        'exact' as niveau, urssaf_source.source_id as source,
        'somme des communes du fichier URSSAF commune × APE' as methode,
        coalesce(scope_pop.population / nullif(scope_pop.population_toutes, 0), 0) as couverture,
        scope_pop.nb_communes_partielles::integer as nb_sans,
        nullif(concat_ws(' ',
            case when ind_exact.nb_communes_avec_ligne = 0
                then 'Aucun établissement employeur privé dans le fichier commune × APE cette année.' end,
            scope_pop.note_partielles), '') as note,
    from ind_exact
    join scope_pop using (type, code, phase)
    cross join urssaf_source
    union all
    select ind_zone.type, ind_zone.code, ind_zone.phase, ind_zone.annee, ind_zone.industrie, ind_zone.total,
        scope_mode.niveau, 'ptod-emploi-ze-secteurs',
        case scope_mode.niveau
            when 'union de zones' then 'somme des zones d''emploi entières du territoire (URSSAF zone × A5)'
            else 'effectifs URSSAF de chaque zone d''emploi répartis au prorata de la population municipale des communes du territoire dans la zone'
        end,
        coalesce(ind_zone.population_couverte / nullif(scope_pop.population_toutes, 0), 0),
        (coalesce(ind_zone.nb_sans, 0) + scope_pop.nb_communes_partielles)::integer,
        nullif(concat_ws(' ',
            case when ind_zone.industrie is null then 'Aucune zone d''emploi du territoire n''a d''effectif industriel publié cette année.' end,
            case when ind_zone.nb_zones_sans > 0 and ind_zone.industrie is not null then ind_zone.nb_zones_sans
                || ' zone(s) d''emploi sans effectif industriel publié (secret ou non couverte) : non comptée(s).' end,
            case when scope_mode.niveau = 'estimation' then 'Estimation : le fichier commune × APE chargé ne couvre pas tout le territoire.' end,
            scope_pop.note_partielles), '')
    from ind_zone
    join scope_mode using (type, code, phase)
    join scope_pop using (type, code, phase)
),

france as (
    select annee, industrie, niveau from ind where type = 'france'
),

source_last as (
    select source, max(annee) as annee_max from ind group by source
),

evolution_steps (suffix, pas) as (
    values ('1an', 1), ('5ans', 5), ('10ans', 10)
),

evolutions as (
    select ind.*, evolution_steps.suffix, evolution_steps.pas, before.industrie as industrie_avant,
        ind.annee = source_last.annee_max as is_derniere,
    from ind
    join source_last using (source)
    cross join evolution_steps
    left join ind as before
        on before.type = ind.type and before.code = ind.code and before.phase = ind.phase
        and before.annee = ind.annee - evolution_steps.pas
),

result as (
    select type, code, phase, 'emploi_industriel' as indicateur, null::varchar as dimension, annee::varchar as periode,
        annee, industrie as valeur, 'emplois' as unite, source, niveau,
        methode, couverture, nb_sans as nb_communes_sans_donnee, note,
    from ind
    union all
    select type, code, phase, 'part_industrie', null, annee::varchar, annee, 100.0 * industrie / nullif(total, 0), '%',
        source, niveau, methode || ' ; part dans l''emploi salarié privé de la même source', couverture, nb_sans, note
    from ind
    union all
    select ind.type, ind.code, ind.phase, 'part_emploi_industriel_national', null, ind.annee::varchar, ind.annee,
        100.0 * ind.industrie / nullif(france.industrie, 0), '%', ind.source, ind.niveau,
        ind.methode || ' ; France : ' || france.niveau, ind.couverture, ind.nb_sans,
        case when france.industrie is null then 'Emploi industriel de la France indisponible cette année.' else ind.note end
    from ind
    left join france using (annee)
    union all
    -- evolutions only where the earlier year exists in the same source; a gap is a NULL row with its reason
    select type, code, phase, 'evolution_emploi_industriel_' || suffix, null, (annee - pas) || '-' || annee, annee,
        industrie - industrie_avant, 'emplois', source, niveau, methode, couverture, nb_sans,
        case when industrie_avant is null then 'Pas de donnée ' || (annee - pas) || ' dans la même source.' else note end
    from evolutions
    where industrie_avant is not null or is_derniere
    union all
    select type, code, phase, 'evolution_emploi_industriel_' || suffix || '_pct', null, (annee - pas) || '-' || annee, annee,
        100.0 * (industrie / nullif(industrie_avant, 0) - 1), '%', source, niveau, methode, couverture, nb_sans,
        case when industrie_avant is null then 'Pas de donnée ' || (annee - pas) || ' dans la même source.' else note end
    from evolutions
    where industrie_avant is not null or is_derniere
    union all
    select type, code, phase, 'tcam_emploi_industriel', null, (annee - 5) || '-' || annee, annee,
        100.0 * (power(industrie / nullif(industrie_avant, 0), 1.0 / 5) - 1), '% par an', source, niveau, methode,
        couverture, nb_sans,
        case when industrie_avant is null then 'Pas de donnée ' || (annee - 5) || ' dans la même source.' else note end
    from evolutions
    where suffix = '5ans'
        and (industrie_avant is not null or is_derniere)
    union all
    select skipped.type, skipped.code, skipped.phase, m.indicateur, null, (select max(annee) from ze_years)::varchar,
        (select max(annee) from ze_years), null, m.unite, 'ptod-emploi-ze-secteurs', 'estimation',
        'non estimé pour une commune', 0, 1,
        'Emploi industriel publié par zone d''emploi et non estimé pour une commune hors du fichier commune × APE chargé : voir sa zone d''emploi ou son EPCI.'
    from skipped
    cross join (values ('emploi_industriel', 'emplois'), ('part_industrie', '%'),
        ('part_emploi_industriel_national', '%')) as m(indicateur, unite)
    union all
    -- the re-user's census share, for the kinds it publishes (EPCI, département, zone, France), as published
    select subjects.type, subjects.code, subjects.phase, 'part_industrie_recensement', null, '2022', 2022,
        rp.part_industrie_rp2022, '%', 'ptod-emploi-ze-secteurs', 'calcul réutilisateur',
        'part de l''industrie dans l''emploi au lieu de travail, recensement 2022, calculée par le réutilisateur',
        null, null,
        case when rp.part_industrie_rp2022 is null then 'Non publié par le réutilisateur pour ce territoire.' end
    from subjects
    join staging.stg_ptod_emploi_ze_secteurs__indicateurs_eco as rp on rp.niveau = subjects.type and rp.code = subjects.code
)
