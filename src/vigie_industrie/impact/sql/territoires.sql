-- One row per touched territory × figure (long form): the indicator values the shares rest on, the
-- shares of the loss, the sector's weight and the establishments of the same A38 sector.
-- Shares: 100 × jobs lost in the territory / the indicator value (industrial share: jobs of industrial
-- NAF sites only). A NULL share keeps the indicator's own note (why the base is missing).
mode as (
    -- the level of the territory's sector figures: that of its emploi_industriel row
    select type, code, phase, niveau from vals where indicateur = 'emploi_industriel' and dimension is null
),

coverage as (
    select touched.type, touched.code, touched.phase, bool_and(perimetre.code_commune is not null) as couvert
    from touched
    join territoire_commune as tc
        on tc.type = touched.type and tc.code = touched.code and tc.phase is not distinct from touched.phase
    left join emploi_salarie_perimetre as perimetre using (code_commune)
    group by all
),

file_year as (
    select max(annee) as annee from emploi_salarie_commune_secteur where $annee is null or annee <= $annee
),

etab as (
    select ts.type, ts.code, ts.phase, ts.a38, sum(esc.etablissements) as etablissements
    from touched_sector as ts
    join territoire_commune as tc
        on tc.type = ts.type and tc.code = ts.code and tc.phase is not distinct from ts.phase and tc.entier
    join emploi_salarie_commune_secteur as esc
        on esc.code_commune = tc.code_commune and esc.a38 = ts.a38 and esc.annee = (select annee from file_year)
    group by all
),

sector_totals as (
    select type, code, phase, periode, sum(valeur) as total
    from vals where indicateur = 'emploi_salarie_secteur' and dimension is not null
    group by all
),

base as (
    select t.type, t.code, t.phase, v.indicateur, v.valeur, v.unite, v.periode, v.niveau, v.methode, v.source, v.note
    from touched as t
    left join vals as v on v.type = t.type and v.code = t.code and v.phase is not distinct from t.phase and v.dimension is null
)

select type, code, phase, indicateur as figure, null::varchar as dimension, valeur, unite, periode, niveau, methode, source, note
from base where indicateur in ('emploi_industriel', 'emploi_salarie_prive', 'part_industrie')
union all
select base.type, base.code, base.phase, 'part_perte_emploi_industriel', null,
    100.0 * t.emplois_industriels_perdus / nullif(base.valeur, 0), '%', base.periode, base.niveau, base.methode, base.source,
    case when t.emplois_industriels_perdus is null then 'Aucun site industriel (sections B à E) dans ce territoire.'
         when base.valeur is null then base.note else base.note end
from base join touched as t on t.type = base.type and t.code = base.code and t.phase is not distinct from base.phase
where base.indicateur = 'emploi_industriel'
union all
select base.type, base.code, base.phase, 'part_perte_emploi_salarie_prive', null,
    100.0 * t.emplois_perdus / nullif(base.valeur, 0), '%', base.periode, base.niveau, base.methode, base.source, base.note
from base join touched as t on t.type = base.type and t.code = base.code and t.phase is not distinct from base.phase
where base.indicateur = 'emploi_salarie_prive'
union all
-- the sector (A38) of each site: its jobs in the territory; in an exact territory a sector without a row has no job
select ts.type, ts.code, ts.phase, 'emploi_secteur', ts.a38,
    coalesce(v.valeur, case when mode.niveau = 'exact' and st.periode is not null then 0 end), 'emplois',
    coalesce(v.periode, st.periode), coalesce(v.niveau, mode.niveau), v.methode, coalesce(v.source, 'ptod-emploi-ze-secteurs'),
    case when v.valeur is not null then v.note
         when mode.niveau = 'exact' and st.periode is not null then 'Aucun établissement employeur du secteur dans le fichier commune × APE.'
         when st.periode is null and $annee is not null then 'L''emploi par secteur n''est chargé que pour la dernière année de sa source : aucune valeur à la date demandée ou avant.'
         else coalesce(v.note, 'Effectif du secteur non publié pour ce territoire (secret, absent, ou commune hors du fichier commune × APE chargé).') end
from touched_sector as ts
left join vals as v on v.type = ts.type and v.code = ts.code and v.phase is not distinct from ts.phase
    and v.indicateur = 'emploi_salarie_secteur' and v.dimension = ts.a38
left join mode on mode.type = ts.type and mode.code = ts.code and mode.phase is not distinct from ts.phase
left join (select type, code, phase, any_value(periode) as periode from sector_totals group by all) as st
    on st.type = ts.type and st.code = ts.code and st.phase is not distinct from ts.phase
union all
select ts.type, ts.code, ts.phase, 'part_perte_secteur', ts.a38, 100.0 * ts.emplois_perdus / nullif(v.valeur, 0), '%', v.periode,
    v.niveau, v.methode, v.source, v.note
from touched_sector as ts
join vals as v on v.type = ts.type and v.code = ts.code and v.phase is not distinct from ts.phase
    and v.indicateur = 'emploi_salarie_secteur' and v.dimension = ts.a38
union all
select ts.type, ts.code, ts.phase, 'poids_secteur', ts.a38, 100.0 * v.valeur / nullif(st.total, 0), '%', v.periode, v.niveau,
    'part du secteur dans la somme des secteurs A38 publiés du territoire (même source, même année)', v.source, v.note
from touched_sector as ts
join vals as v on v.type = ts.type and v.code = ts.code and v.phase is not distinct from ts.phase
    and v.indicateur = 'emploi_salarie_secteur' and v.dimension = ts.a38
join sector_totals as st on st.type = ts.type and st.code = ts.code and st.phase is not distinct from ts.phase and st.periode = v.periode
union all
select ts.type, ts.code, ts.phase, 'quotient_localisation_secteur', ts.a38, v.valeur, v.unite, v.periode, v.niveau, v.methode, v.source, v.note
from touched_sector as ts
join vals as v on v.type = ts.type and v.code = ts.code and v.phase is not distinct from ts.phase
    and v.indicateur = 'quotient_localisation_industrie' and v.dimension = ts.a38
union all
select ts.type, ts.code, ts.phase, f.figure, ts.a38,
    case when not coverage.couvert or (select annee from file_year) is null then null
         when f.figure = 'etablissements_secteur' then coalesce(etab.etablissements, 0)
         when coalesce(etab.etablissements, 0) >= ts.nb_sites then coalesce(etab.etablissements, 0) - ts.nb_sites
    end,
    'établissements', (select annee from file_year)::varchar,
    case when coverage.couvert then 'exact' end,
    case when f.figure = 'etablissements_restants' then 'établissements du secteur moins un par site fermé' else 'somme des communes du fichier URSSAF commune × APE' end,
    (select coalesce(any_value(source_id), 'urssaf-commune-ape') from source_provenance where table_brute = 'raw.urssaf_commune_ape'),
    case when not coverage.couvert then 'Non disponible : le fichier commune × APE chargé ne couvre pas toutes les communes du territoire (dans le miroir : zone d''emploi de Rouen seulement).'
         when (select annee from file_year) is null then 'Aucune année du fichier commune × APE à la date demandée ou avant.'
         when f.figure = 'etablissements_restants' and coalesce(etab.etablissements, 0) < ts.nb_sites
            then 'Le fichier compte moins d''établissements du secteur que de sites fermés : chiffre non calculé.'
    end
from touched_sector as ts
join coverage on coverage.type = ts.type and coverage.code = ts.code and coverage.phase is not distinct from ts.phase
cross join (values ('etablissements_secteur'), ('etablissements_restants')) as f(figure)
left join etab on etab.type = ts.type and etab.code = ts.code and etab.phase is not distinct from ts.phase and etab.a38 = ts.a38
