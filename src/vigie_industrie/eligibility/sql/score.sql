-- Score of every territory of {crosswalk} against one criteria file, one row per territory × criterion.
-- Prefixed with the CTEs of eligibility/features.py (ending with `features`). Criteria and curve points come as list
-- parameters ($c_*, $p_*), so the same statement serves every file and every weight override.
-- $decision: when set, only figures published in or before that year are read (validation on history).
feat as (
    select * from features
),

scored as (
    select distinct type, code, nullif(coalesce(phase, 0), 0) as phase from {crosswalk}
),

crit as (
    select unnest($c_id) as critere, unnest($c_ordre) as ordre, unnest($c_ind) as indicateur,
        unnest($c_dim) as dimension, unnest($c_trans) as transformation, unnest($c_seuil) as seuil,
        unnest($c_sens) as sens, unnest($c_poids) as poids, unnest($c_annee) as annee_reference,
        unnest($c_repli::varchar[]) as repli, unnest($c_repli_just::varchar[]) as repli_justification
),

pts as (
    select unnest($p_crit) as critere, unnest($p_x) as x, unnest($p_y) as y
),

seg as (
    select critere, x as x0, y as y0, lead(x) over w as x1, lead(y) over w as y1
    from pts
    window w as (partition by critere order by x)
),

bornes as (
    select critere, min(x) as x_min, arg_min(y, x) as y_min, max(x) as x_max, arg_max(y, x) as y_max
    from pts group by critere
),

-- The figure each criterion reads: the latest period up to its reference year (and published by the
-- decision year), a value preferred to a NULL of a later period; a NULL keeps its reason. The
-- criterion's fallback feature (`repli`) is read only when its own has no value.
choix as (
    select crit.critere, feat.indicateur, feat.indicateur <> crit.indicateur as est_repli, feat.type, feat.code,
        feat.phase, feat.periode, feat.annee, feat.disponible,
        -- 10 significant digits: a perimeter's figures are sums computed again at each request, whose
        -- last bits depend on DuckDB's parallel order; rounded here, a score is the same every time.
        case when feat.valeur is null or feat.valeur = 0 or not isfinite(feat.valeur) then feat.valeur
            else round(feat.valeur, 9 - floor(log10(abs(feat.valeur)))::integer) end as valeur,
        feat.unite, feat.source, feat.niveau, feat.methode, feat.note,
    from crit
    join feat
        on (feat.indicateur = crit.indicateur and feat.dimension is not distinct from crit.dimension)
        or (feat.indicateur = crit.repli and feat.dimension is null)
    where feat.annee <= crit.annee_reference and ($decision is null or feat.disponible <= $decision)
    qualify row_number() over (
        partition by crit.critere, feat.type, feat.code, feat.phase
        order by feat.valeur is null, feat.indicateur <> crit.indicateur, feat.annee desc, feat.periode desc
    ) = 1
),

lu as (
    select scored.type, scored.code, scored.phase, crit.* exclude (indicateur), coalesce(choix.indicateur, crit.indicateur) as indicateur,
        coalesce(choix.est_repli, false) as est_repli, choix.periode, choix.annee, choix.disponible,
        choix.valeur, choix.unite, choix.source, choix.niveau, choix.methode,
        nullif(concat_ws(' ',
            case when choix.est_repli then 'Repli : ' || crit.repli_justification end,
            coalesce(choix.note, case when choix.valeur is null then
                'Indicateur absent pour ce territoire' || case when $decision is not null
                    then ' avec les données publiées en ' || $decision || ' au plus tard' else '' end || '.' end)), '') as note,
        case crit.transformation when 'abs' then abs(choix.valeur) else choix.valeur end as x,
    from scored
    cross join crit
    left join choix
        on choix.critere = crit.critere and choix.type = scored.type and choix.code = scored.code
        and choix.phase is not distinct from scored.phase
),

notes as (
    select lu.*,
        case
            when lu.x is null then null
            when lu.x <= bornes.x_min then bornes.y_min
            when lu.x >= bornes.x_max then bornes.y_max
            else round(seg.y0 + (seg.y1 - seg.y0) * (lu.x - seg.x0) / (seg.x1 - seg.x0), 9)
        end as note_critere,
    from lu
    join bornes using (critere)
    left join seg on seg.critere = lu.critere and lu.x >= seg.x0 and lu.x < seg.x1
),

detail as (
    select notes.*,
        case
            when x is null then 'non évaluable'
            when (sens = 'hausse' and x >= seuil) or (sens = 'baisse' and x <= seuil) then 'rempli'
            else 'non rempli'
        end as verdict,
        round(poids * note_critere, 9) as contribution,
        sum(case when x is not null then poids else 0 end) over t as poids_evalues,
        sum(poids) over t as poids_total,
    from notes
    window t as (partition by type, code, phase)
),

totaux as (
    select type, code, phase,
        -- fixed decimals, as the contributions: the sum's order (parallel) never shows
        round(100.0 * sum(contribution) / nullif(any_value(poids_evalues), 0), 6) as score,
        round(any_value(poids_evalues) / nullif(any_value(poids_total), 0), 9) as couverture,
        count(*) filter (where verdict = 'rempli') as nb_remplis,
        count(*) filter (where verdict = 'non rempli') as nb_non_remplis,
        count(*) filter (where verdict = 'non évaluable') as nb_non_evaluables,
    from detail
    group by type, code, phase
),

resultat as (
    select totaux.*,
        case
            when coalesce(couverture, 0) < $couverture_min then 'non évaluable'
            when score >= $seuil_eligible then 'éligible'
            else 'non éligible'
        end as verdict_global,
    from totaux
)
