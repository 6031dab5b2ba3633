-- Family « secteurs »: emploi_salarie_secteur (A38), quotient_localisation_industrie[_region] (all
-- industry and each industrial A38 sector), herfindahl_a38, part_premier_secteur,
-- effectif_moyen_etablissement and the shift-share of industrial employment.
-- Sources as in « industrie » (exact commune × APE / union de zones / estimation by population),
-- at the latest year of the territory's source, plus the two dates of its shift-share period:
-- the latest year the territory's source and France's share, and the earliest shared year at most
-- ten years before. Per-sector rows (dimension) are not estimated for single communes.
a38_industrie as (
    select a38, bool_or(is_industrie) as is_industrie from naf group by a38
),

ze_sec as (
    select code_ze, annee, code_secteur as a38, effectifs
    from emploi_ze_secteur
    where source = 'URSSAF' and nomenclature = 'A38'
),

file_years as (
    select distinct annee from emploi_salarie_commune_secteur
),

ze_years as (
    select distinct annee from ze_sec
),

france_years as (
    select annee from file_years where (select niveau from scope_mode where type = 'france') = 'exact'
    union
    select annee from ze_years where coalesce((select niveau from scope_mode where type = 'france'), '') <> 'exact'
),

periods as (
    select 'exact' as kind, max(annee) as annee_max,
        max(annee) filter (where annee in (select annee from france_years)) as y1,
    from file_years
    union all
    select 'zone', max(annee), max(annee) filter (where annee in (select annee from france_years)) from ze_years
),

periods_full as (
    select periods.kind, periods.annee_max, periods.y1,
        (select min(fy.annee) from france_years as fy
            where fy.annee < periods.y1 and fy.annee >= periods.y1 - 10
            and fy.annee in (select annee from file_years where periods.kind = 'exact'
                union all select annee from ze_years where periods.kind = 'zone')) as y0,
    from periods
),

needed as (
    select kind, annee_max as annee from periods_full where annee_max is not null
    union select kind, y1 from periods_full where y1 is not null
    union select kind, y0 from periods_full where y0 is not null
),

-- Single communes outside the commune × APE file are not estimated: by population their shares would
-- only repeat their zone's. They get NULL rows with the reason (`skipped`).
scope_kind as (
    select type, code, phase, niveau, case when niveau = 'exact' then 'exact' else 'zone' end as kind,
        type in ('france', 'region') as is_reference,
    from scope_mode
    where not (type = 'commune' and niveau <> 'exact')
),

skipped as (
    select type, code, phase from scope_mode where type = 'commune' and niveau <> 'exact'
),

ze_sec_needed as (
    select * from ze_sec where annee in (select annee from needed)
),

exact_needed as (
    select esc.* from emploi_salarie_commune_secteur as esc where annee in (select annee from needed)
),

sec_exact as (
    select scope_communes.type, scope_communes.code, scope_communes.phase, esc.a38, esc.annee,
        sum(esc.effectifs) as effectifs, sum(esc.etablissements) as etablissements,
    from scope_communes
    join scope_kind using (type, code, phase)
    join exact_needed as esc using (code_commune)
    where scope_kind.kind = 'exact' and scope_communes.entier
        and (esc.annee in (select annee from needed where kind = 'exact')
            or (scope_kind.is_reference and esc.annee in (select annee from needed)))
    group by all
),

-- (materialized: the territories and their zone weights first, then the zone tables, so the join
-- never expands every commune's zone before dropping the communes)
zone_weights as materialized (
    select scope_zone.type, scope_zone.code, scope_zone.phase, scope_zone.code_ze, scope_kind.is_reference,
        case when scope_kind.niveau = 'union de zones' then 1.0
            else scope_zone.population / nullif(zone_size.population, 0) end as poids,
    from scope_zone
    join scope_kind using (type, code, phase)
    join zone_size using (code_ze)
    where scope_kind.kind = 'zone'
),

sec_zone as (
    select zone_weights.type, zone_weights.code, zone_weights.phase, ze_sec.a38, ze_sec.annee,
        sum(ze_sec.effectifs * zone_weights.poids) as effectifs,
        null::double as etablissements,
    from zone_weights
    join ze_sec_needed as ze_sec using (code_ze)
    where ze_sec.annee in (select annee from needed where kind = 'zone')
        or (zone_weights.is_reference and ze_sec.annee in (select annee from needed))
    group by all
),

sec as (
    select sec_union.*, a38_industrie.is_industrie
    from (select * from sec_exact union all select * from sec_zone) as sec_union
    join a38_industrie using (a38)
),

tot as (
    select type, code, phase, annee,
        sum(effectifs) as total,
        sum(effectifs) filter (where is_industrie) as industrie,
        sum(etablissements) as etablissements,
        max(effectifs) as max_effectifs,
        -- ties go to the smaller sector code (arg_max alone picks any of them, differently from build to build)
        arg_min(a38, (-effectifs, a38)) filter (where effectifs is not null) as premier_secteur,
        sum(effectifs * effectifs) as somme_carres,
    from sec
    group by all
),

subject_info as (
    select scope_kind.type, scope_kind.code, scope_kind.phase, scope_kind.niveau, scope_kind.kind,
        periods_full.annee_max, periods_full.y0, periods_full.y1, scope_region.code_region,
        case when scope_kind.niveau = 'exact' then urssaf_source.source_id else 'ptod-emploi-ze-secteurs' end as source,
        case scope_kind.niveau
            when 'exact' then 'somme des communes du fichier URSSAF commune × APE'
            when 'union de zones' then 'somme des zones d''emploi entières du territoire (URSSAF zone × A38)'
            else 'effectifs URSSAF de chaque zone d''emploi × A38 répartis au prorata de la population municipale des communes du territoire dans la zone'
        end as methode,
        coalesce(scope_pop.population / nullif(scope_pop.population_toutes, 0), 0) as couverture,
        scope_pop.nb_communes_partielles::integer as nb_sans,
        nullif(concat_ws(' ',
            case when scope_kind.niveau = 'estimation' then 'Estimation : le fichier commune × APE chargé ne couvre pas tout le territoire.' end,
            scope_pop.note_partielles), '') as note,
    from scope_kind
    join periods_full using (kind)
    join scope_pop using (type, code, phase)
    left join scope_region using (type, code, phase)
    cross join urssaf_source
),

latest as (
    select subject_info.*, tot.total, tot.industrie, tot.etablissements, tot.max_effectifs, tot.premier_secteur,
        tot.somme_carres,
    from subject_info
    join tot
        on tot.type = subject_info.type and tot.code = subject_info.code and tot.phase = subject_info.phase
        and tot.annee = subject_info.annee_max
),

ref_tot as (
    select type, code, annee, total, industrie from tot where type in ('france', 'region')
),

ref_sec as (
    select type, code, annee, a38, effectifs from sec where type in ('france', 'region')
),

latest_sec as (
    select latest.type, latest.code, latest.phase, latest.annee_max, latest.code_region, sec.a38, sec.is_industrie,
        sec.effectifs, latest.total,
    from latest
    join sec
        on sec.type = latest.type and sec.code = latest.code and sec.phase = latest.phase
        and sec.annee = latest.annee_max
),

ql_sec as (
    select latest_sec.*, 'quotient_localisation_industrie' as indicateur,
        (latest_sec.effectifs / nullif(latest_sec.total, 0)) / nullif(rs.effectifs / nullif(rt.total, 0), 0) as valeur,
    from latest_sec
    left join ref_tot as rt on rt.type = 'france' and rt.annee = latest_sec.annee_max
    left join ref_sec as rs on rs.type = 'france' and rs.annee = latest_sec.annee_max and rs.a38 = latest_sec.a38
    where latest_sec.is_industrie
    union all
    select latest_sec.*, 'quotient_localisation_industrie_region',
        (latest_sec.effectifs / nullif(latest_sec.total, 0)) / nullif(rs.effectifs / nullif(rt.total, 0), 0),
    from latest_sec
    left join ref_tot as rt on rt.type = 'region' and rt.code = latest_sec.code_region and rt.annee = latest_sec.annee_max
    left join ref_sec as rs
        on rs.type = 'region' and rs.code = latest_sec.code_region and rs.annee = latest_sec.annee_max and rs.a38 = latest_sec.a38
    where latest_sec.is_industrie
),

-- Shift-share over (y0, y1): industrial A38 sectors; in the exact file an absent sector is 0 jobs,
-- in the zone tables it is unknown and the sector is left out (at both dates, France included).
ss_sec as (
    select subject_info.type, subject_info.code, subject_info.phase, subject_info.y0, subject_info.y1, a.a38,
        case when subject_info.kind = 'exact' then coalesce(s0.effectifs, 0) else s0.effectifs end as e0,
        case when subject_info.kind = 'exact' then coalesce(s1.effectifs, 0) else s1.effectifs end as e1,
        f0.effectifs as f0,
        f1.effectifs as f1,
    from subject_info
    cross join (select a38 from a38_industrie where is_industrie) as a
    left join sec as s0
        on s0.type = subject_info.type and s0.code = subject_info.code and s0.phase = subject_info.phase
        and s0.annee = subject_info.y0 and s0.a38 = a.a38
    left join sec as s1
        on s1.type = subject_info.type and s1.code = subject_info.code and s1.phase = subject_info.phase
        and s1.annee = subject_info.y1 and s1.a38 = a.a38
    left join ref_sec as f0 on f0.type = 'france' and f0.annee = subject_info.y0 and f0.a38 = a.a38
    left join ref_sec as f1 on f1.type = 'france' and f1.annee = subject_info.y1 and f1.a38 = a.a38
    where subject_info.y0 is not null
),

ss_france as (
    select y0, y1, sum(f1) / sum(f0) - 1 as g_france
    from (select distinct y0, y1, a38, f0, f1 from ss_sec where f0 > 0 and f1 is not null)
    group by y0, y1
),

ss as (
    select ss_sec.type, ss_sec.code, ss_sec.phase, ss_sec.y0, ss_sec.y1,
        sum(ss_sec.e1 - ss_sec.e0) as variation,
        sum(ss_sec.e0) * any_value(ss_france.g_france) as effet_national,
        sum(ss_sec.e0 * (ss_sec.f1 / ss_sec.f0 - 1 - ss_france.g_france)) as effet_structurel,
        sum(ss_sec.e1 - ss_sec.e0 - ss_sec.e0 * (ss_sec.f1 / ss_sec.f0 - 1)) as effet_local,
        count(*) as nb_secteurs,
    from ss_sec
    join ss_france using (y0, y1)
    where ss_sec.e0 is not null and ss_sec.e1 is not null and ss_sec.f0 > 0 and ss_sec.f1 is not null
    group by all
),

naf_a38 as (
    select a38, any_value(libelle_a38) as libelle from naf group by a38
),

result as (
    select type, code, phase, 'emploi_salarie_secteur' as indicateur, latest_sec.a38 as dimension,
        latest_sec.annee_max::varchar as periode, latest_sec.annee_max as annee, latest_sec.effectifs as valeur,
        'emplois' as unite, subject_info.source, subject_info.niveau, subject_info.methode, subject_info.couverture,
        subject_info.nb_sans as nb_communes_sans_donnee, subject_info.note,
    from latest_sec
    join subject_info using (type, code, phase)
    union all
    select ql_sec.type, ql_sec.code, ql_sec.phase, ql_sec.indicateur, ql_sec.a38, ql_sec.annee_max::varchar,
        ql_sec.annee_max, ql_sec.valeur, 'indice', subject_info.source, subject_info.niveau,
        subject_info.methode || case when ql_sec.indicateur like '%region' then ' ; référence : région ' || coalesce(ql_sec.code_region, '?')
            else ' ; référence : France' end,
        subject_info.couverture, subject_info.nb_sans,
        coalesce(subject_info.note, case when ql_sec.valeur is null then 'Référence sans effectif publié pour ce secteur.' end)
    from ql_sec
    join subject_info using (type, code, phase)
    union all
    -- all industry against France and against the région, then the sector-structure indicators
    select latest.type, latest.code, latest.phase, q.indicateur, null, latest.annee_max::varchar, latest.annee_max,
        (latest.industrie / nullif(latest.total, 0)) / nullif(rt.industrie / nullif(rt.total, 0), 0), 'indice',
        latest.source, latest.niveau, latest.methode || ' ; secteurs A38 industriels', latest.couverture, latest.nb_sans,
        latest.note
    from latest
    cross join (values ('quotient_localisation_industrie', 'france'), ('quotient_localisation_industrie_region', 'region')) as q(indicateur, ref)
    left join ref_tot as rt
        on rt.type = q.ref and rt.annee = latest.annee_max and (q.ref = 'france' or rt.code = latest.code_region)
    union all
    select type, code, phase, 'herfindahl_a38', null, annee_max::varchar, annee_max,
        somme_carres / nullif(total * total, 0), 'indice (0-1)', source, niveau, methode, couverture, nb_sans, note
    from latest
    union all
    select latest.type, latest.code, latest.phase, 'part_premier_secteur', null, latest.annee_max::varchar, latest.annee_max,
        100.0 * latest.max_effectifs / nullif(latest.total, 0), '%', latest.source, latest.niveau, latest.methode,
        latest.couverture, latest.nb_sans,
        concat_ws(' ', 'Premier secteur : ' || latest.premier_secteur || ' ' || coalesce(naf_a38.libelle, '') || '.', latest.note)
    from latest
    left join naf_a38 on naf_a38.a38 = latest.premier_secteur
    union all
    select type, code, phase, 'effectif_moyen_etablissement', null, annee_max::varchar, annee_max,
        case when kind = 'exact' then total / nullif(etablissements, 0) end, 'salariés', source, niveau, methode,
        couverture, nb_sans,
        case when kind <> 'exact' then 'Nombre d''établissements publié seulement dans le fichier commune × APE, qui ne couvre pas le territoire.'
            else note end
    from latest
    union all
    select ss.type, ss.code, ss.phase, m.indicateur, null, ss.y0 || '-' || ss.y1, ss.y1,
        case m.indicateur
            when 'shift_share_variation' then ss.variation
            when 'shift_share_national' then ss.effet_national
            when 'shift_share_structurel' then ss.effet_structurel
            else ss.effet_local
        end,
        'emplois', subject_info.source, subject_info.niveau,
        subject_info.methode || ' ; ' || ss.nb_secteurs || ' secteurs industriels A38 connus aux deux dates',
        subject_info.couverture, subject_info.nb_sans, subject_info.note
    from ss
    join subject_info using (type, code, phase)
    cross join (values ('shift_share_variation'), ('shift_share_national'), ('shift_share_structurel'), ('shift_share_local')) as m(indicateur)
    union all
    select skipped.type, skipped.code, skipped.phase, m.indicateur, null,
        (select max(annee) from ze_years)::varchar, (select max(annee) from ze_years), null, m.unite,
        'ptod-emploi-ze-secteurs', 'estimation', 'non estimé pour une commune', 0, 1,
        'Structure sectorielle non estimée pour une commune hors du fichier commune × APE chargé : voir sa zone d''emploi.'
    from skipped
    cross join (values ('quotient_localisation_industrie', 'indice'), ('herfindahl_a38', 'indice (0-1)'),
        ('part_premier_secteur', '%'), ('effectif_moyen_etablissement', 'salariés')) as m(indicateur, unite)
)
