-- Derived features of the eligibility criteria, prefixed with indicators/sql/_base.sql (scope_*,
-- zone_*). {crosswalk}: the territories scored (EPCI of territoire_commune, or one perimeter's
-- temporary crosswalk); {valeurs}: their rows of indicateur_valeur (every period).
-- Ends with `derives` (the columns of indicateur_valeur). Every row keeps the year of its data in
-- `annee`; when a figure is published is written by eligibility/features.py (`disponible`).
--
-- Against indicators/sql/secteurs.sql (« compute a figure once »): A reads the mart's part_industrie
-- (no recomputation). C allocates the zone × A38 tables by population as secteurs.sql does, but for
-- every year: the mart keeps the latest year only, and the dated validation reads 2022 (published
-- in 2023); at the latest year both give the same count (a test compares them). E counts industrial
-- establishments only, where the mart's effectif_moyen_etablissement is all sectors.

-- A. Location quotient of industry, every year (the registry's is the latest year only):
--    part_industrie(territory, A) / part_industrie(France, A), same source.
ql_industrie as (
    select v.type, v.code, v.phase, 'quotient_localisation_industrie_annuel' as indicateur, null::varchar as dimension,
        v.periode, v.annee, v.valeur / nullif(fr.valeur, 0) as valeur, 'indice' as unite, v.source, v.niveau,
        v.methode || ' ; rapportée à la part de la France la même année' as methode,
        case when v.valeur is null then v.note when fr.valeur is null then 'Part de l''industrie de la France indisponible cette année.' end as note,
    from {valeurs} as v
    left join indicateur_valeur as fr
        on fr.type = 'france' and fr.indicateur = 'part_industrie' and fr.dimension is null and fr.periode = v.periode
    where v.indicateur = 'part_industrie' and v.dimension is null
),

-- B. Annual rate of change of employment, growth or decline, over the longest window of 3 to 5
--    years ending in A inside the same source: industrial jobs (zone tables: 2019 → 2022/2023/2024)
--    and private jobs of all sectors (URSSAF by commune summed exactly, from 2014: 2014 → 2017 is
--    published in 2018; a feature of the model, not read by the shipped criteria).
ind_serie as (
    select type, code, phase, indicateur, annee, valeur, source, niveau, methode, note
    from {valeurs}
    where indicateur in ('emploi_industriel', 'emploi_salarie_prive') and dimension is null
),

variation as (
    select fin.type, fin.code, fin.phase, fin.indicateur, fin.annee, fin.valeur as fin, fin.source, fin.niveau,
        fin.methode, fin.note,
        arg_min(debut.annee, debut.annee) as annee_debut, arg_min(debut.valeur, debut.annee) as debut,
    from ind_serie as fin
    join ind_serie as debut
        on debut.type = fin.type and debut.code = fin.code and debut.phase is not distinct from fin.phase
        and debut.indicateur = fin.indicateur and debut.source = fin.source
        and debut.annee between fin.annee - 5 and fin.annee - 3 and debut.valeur is not null
    group by all
),

variation_rows as (
    select type, code, phase,
        case indicateur when 'emploi_industriel' then 'variation_annuelle_emploi_industriel'
            else 'variation_annuelle_emploi_salarie_prive' end as indicateur,
        null::varchar as dimension, annee_debut || '-' || annee as periode, annee,
        100.0 * (power(fin / nullif(debut, 0), 1.0 / (annee - annee_debut)) - 1) as valeur, '% par an' as unite,
        source, niveau, methode || ' ; taux annuel moyen entre les deux années' as methode,
        case when fin is null then note when debut = 0 then 'Aucun emploi l''année de départ.' end as note,
    from variation
),

-- C. Specialised industrial A38 sectors, every year of the zone tables: sectors weighing at least 1.5
--    times their French share with at least 100 jobs. Zone figures allocated by population
--    (estimation) or summed over whole zones (union de zones), France = sum of the zones.
a38_industrie as (
    select a38, bool_or(is_industrie) as is_industrie from naf group by a38
),

ze_a38 as (
    select code_ze, annee, code_secteur as a38, effectifs
    from emploi_ze_secteur
    where source = 'URSSAF' and nomenclature = 'A38'
),

fr_a38 as (
    select annee, a38, sum(effectifs) as effectifs, sum(sum(effectifs)) over (partition by annee) as total
    from ze_a38 group by annee, a38
),

poids_zone as (
    select scope_zone.type, scope_zone.code, scope_zone.phase, scope_zone.code_ze, scope_mode.niveau,
        case when scope_mode.niveau = 'union de zones' then 1.0
            else scope_zone.population / nullif(zone_size.population, 0) end as poids,
    from scope_zone
    join scope_mode using (type, code, phase)
    join zone_size using (code_ze)
    semi join subjects using (type, code, phase)
),

sec as (
    select poids_zone.type, poids_zone.code, poids_zone.phase, ze_a38.annee, ze_a38.a38,
        any_value(case when poids_zone.niveau = 'union de zones' then 'union de zones' else 'estimation' end) as niveau,
        sum(ze_a38.effectifs * poids_zone.poids) as effectifs,
    from poids_zone
    join ze_a38 using (code_ze)
    group by all
),

sec_share as (
    select sec.*, sum(sec.effectifs) over (partition by sec.type, sec.code, sec.phase, sec.annee) as total,
        a38_industrie.is_industrie,
    from sec
    join a38_industrie using (a38)
),

specialises as (
    select s.type, s.code, s.phase, s.annee, any_value(s.niveau) as niveau,
        count(*) filter (where s.is_industrie and s.effectifs >= 100
            and (s.effectifs / nullif(s.total, 0)) >= 1.5 * (fr_a38.effectifs / nullif(fr_a38.total, 0))) as nb,
        string_agg(s.a38, ', ' order by s.a38) filter (where s.is_industrie and s.effectifs >= 100
            and (s.effectifs / nullif(s.total, 0)) >= 1.5 * (fr_a38.effectifs / nullif(fr_a38.total, 0))) as secteurs,
    from sec_share as s
    join fr_a38 using (annee, a38)
    group by all
),

specialises_rows as (
    select type, code, phase, 'nb_secteurs_industriels_specialises' as indicateur, null::varchar as dimension,
        annee::varchar as periode, annee, nb::double as valeur, 'secteurs' as unite, 'ptod-emploi-ze-secteurs' as source,
        niveau,
        'secteurs industriels A38 (URSSAF zone × A38) pesant au moins 1,5 fois leur part en France avec au moins 100 emplois'
            || case when niveau = 'estimation' then ' ; effectifs de chaque zone répartis au prorata de la population' else '' end as methode,
        case when nb > 0 then 'Secteurs : ' || secteurs || '.' end as note,
    from specialises
),

-- D. Periurban or rural character (aires d'attraction des villes 2020): share of the 2019 legal
--    population living outside the poles of the aires of 200,000 inhabitants or more.
pop_2019 as (
    select historique.code_commune, sum(population.population_municipale) as population
    from population
    join commune_historique as historique on historique.code_commune_ancien = population.code_commune
    where population.annee = 2019
    group by all
),

aav_commune as (
    select historique.code_commune,
        bool_or(densite.categorie_aav in (11, 12, 13) and densite.tranche_aav >= 3) as grand_pole,
    from commune_densite as densite
    join commune_historique as historique on historique.code_commune_ancien = densite.code_commune
    group by all
),

hors_poles as (
    select cw.type, cw.code, cw.phase,
        100.0 * sum(pop_2019.population) filter (where not aav_commune.grand_pole) / nullif(sum(pop_2019.population), 0) as valeur,
        count(*) filter (where aav_commune.code_commune is null or pop_2019.population is null) as nb_sans,
    from cw
    left join aav_commune using (code_commune)
    left join pop_2019 using (code_commune)
    where cw.entier
    group by all
),

hors_poles_rows as (
    select type, code, phase, 'part_population_hors_grands_poles' as indicateur, null::varchar as dimension,
        '2020' as periode, 2020 as annee, valeur, '%' as unite, 'insee-grille-densite-aav' as source, 'exact' as niveau,
        'part de la population municipale 2019 hors des pôles des aires d''attraction des villes 2020 de 200 000 habitants ou plus' as methode,
        case when nb_sans > 0 then nb_sans || ' commune(s) sans aire ou sans population 2019 non comptée(s).' end as note,
    from hors_poles
),

-- E. Industrial establishments (number, mean size) where the loaded commune × APE file covers the
--    whole territory; elsewhere one NULL row with the reason (never 0).
etab as (
    select cw.type, cw.code, cw.phase, esc.annee,
        sum(esc.etablissements) filter (where esc.is_industrie) as etablissements,
        sum(esc.effectifs) filter (where esc.is_industrie) as effectifs,
    from cw
    join scope_mode using (type, code, phase)
    join emploi_salarie_commune_secteur as esc using (code_commune)
    where scope_mode.niveau = 'exact' and cw.entier
    group by all
),

etab_rows as (
    select type, code, phase, 'etablissements_industriels' as indicateur, null::varchar as dimension, annee::varchar as periode,
        annee, coalesce(etablissements, 0)::double as valeur, 'établissements' as unite, 'urssaf-commune-ape' as source,
        'exact' as niveau, 'établissements employeurs industriels (sections B à E) du fichier commune × APE' as methode,
        null::varchar as note,
    from etab
    union all
    select type, code, phase, 'effectif_moyen_etablissement_industriel', null, annee::varchar, annee,
        effectifs / nullif(etablissements, 0), 'salariés', 'urssaf-commune-ape', 'exact',
        'effectifs industriels / établissements employeurs industriels du fichier commune × APE', null
    from etab
    union all
    select m.type, m.code, m.phase, i.indicateur, null, '2022', 2022, null, i.unite, 'urssaf-commune-ape', 'exact',
        'fichier commune × APE', 'Non disponible : le fichier URSSAF commune × APE chargé ne couvre pas ce territoire (établissements connus seulement là où il est chargé).'
    from scope_mode as m
    cross join (values ('etablissements_industriels', 'établissements'), ('effectif_moyen_etablissement_industriel', 'salariés')) as i(indicateur, unite)
    semi join subjects using (type, code, phase)
    where m.niveau <> 'exact'
),

-- F. The re-user's census shares (EPCI only, as published; « calcul réutilisateur »):
--    industry + agriculture share of jobs = 100 − construction − market services − public services
--    (a residual: the re-user publishes no industry share before the 2022 census). {recensement} is
--    the raw file (a test swaps in a copy whose later columns are garbled).
recensement_brut as (
    select raw.code, y.annee,
        100 - try_cast(case y.annee when 2011 then raw.eco_sectconst_pct_11 else raw.eco_sectconst_pct_16 end as double)
            - try_cast(case y.annee when 2011 then raw.eco_sectservi_pct_11 else raw.eco_sectservi_pct_16 end as double)
            - try_cast(case y.annee when 2011 then raw.eco_sectadmin_pct_11 else raw.eco_sectadmin_pct_16 end as double) as valeur,
    from {recensement} as raw
    cross join (values (2011), (2016)) as y(annee)
),

recensement as (
    select subjects.type, subjects.code, subjects.phase, r.annee, r.valeur, fr.valeur as valeur_france,
    from subjects
    join recensement_brut as r on subjects.type = 'epci' and r.code = subjects.code
    left join recensement_brut as fr on fr.code = '00FR' and fr.annee = r.annee
),

-- The URSSAF private jobs the census share is applied to: those of A+2 at 31 December (read in A+3,
-- when census A is out), never before the series starts (2014).
recensement_emploi as (
    select recensement.*, esp.annee as annee_emploi, esp.valeur as emploi_prive, esp.note as note_emploi,
    from recensement
    join {valeurs} as esp
        on esp.type = recensement.type and esp.code = recensement.code and coalesce(esp.phase, 0) = recensement.phase
        and esp.indicateur = 'emploi_salarie_prive' and esp.dimension is null
        and esp.annee = greatest(recensement.annee + 2, 2014)
),

recensement_rows as (
    select type, code, phase, 'part_industrie_agriculture_recensement' as indicateur, null::varchar as dimension,
        annee::varchar as periode, annee, valeur, '%' as unite, 'ptod-emploi-ze-secteurs' as source,
        'calcul réutilisateur' as niveau,
        'recensement ' || annee || ' (réutilisateur) : 100 − construction − tertiaire marchand − tertiaire non marchand' as methode,
        case when valeur is null then 'Non publié par le réutilisateur pour ce territoire.' end as note,
    from recensement
    union all
    select type, code, phase, 'quotient_localisation_industrie_agriculture_recensement', null, annee::varchar, annee,
        valeur / nullif(valeur_france, 0), 'indice', 'ptod-emploi-ze-secteurs', 'calcul réutilisateur',
        'recensement ' || annee || ' (réutilisateur) : part de l''industrie et de l''agriculture (100 − construction − '
            || 'tertiaire) rapportée à celle de la France la même année',
        case when valeur is null then 'Non publié par le réutilisateur pour ce territoire.'
            when valeur_france is null then 'Part de la France non publiée cette année.' end
    from recensement
    union all
    select type, code, phase, 'emploi_industriel_agriculture_estime', null, annee_emploi::varchar, annee_emploi,
        valeur / 100 * emploi_prive, 'emplois', 'ptod-emploi-ze-secteurs', 'estimation',
        'estimation : part de l''industrie et de l''agriculture du recensement ' || annee
            || ' (réutilisateur, 100 − construction − tertiaire) × effectifs salariés privés URSSAF ' || annee_emploi,
        case when valeur is null then 'Part du recensement non publiée par le réutilisateur pour ce territoire.'
            when emploi_prive is null then coalesce(note_emploi, 'Effectifs URSSAF ' || annee_emploi || ' absents.') end
    from recensement_emploi
),

derives as (
    select * from ql_industrie
    union all select * from variation_rows
    union all select * from specialises_rows
    union all select * from hors_poles_rows
    union all select * from etab_rows
    union all select * from recensement_rows
)
