-- The largest 3-year industrial employment losses already seen in the indicator marts, among territories
-- of the same kind whose industrial employment at the start of the window was within a factor 2 of the
-- touched territory's (its latest value). Estimated series are left out (an estimate's change only
-- repeats its zones'). One row per territory (its worst window), the 10 worst per touched territory,
-- and how many territories lost more than the simulated loss.
series as (
    select type, code, phase, annee, valeur, niveau, source from indicateur_valeur
    where indicateur = 'emploi_industriel' and dimension is null and valeur is not null
        and niveau in ('exact', 'union de zones')
),

windows as (
    select fin.type, fin.code, fin.phase, debut.annee as annee_debut, fin.annee as annee_fin,
        debut.valeur as emploi_debut, fin.valeur as emploi_fin, fin.valeur - debut.valeur as variation,
        100.0 * (fin.valeur / nullif(debut.valeur, 0) - 1) as variation_pct, fin.niveau, fin.source
    from series as fin
    join series as debut
        on debut.type = fin.type and debut.code = fin.code and debut.phase is not distinct from fin.phase
        and debut.annee = fin.annee - 3
),

target as (
    select t.type, t.code, t.phase, t.emplois_industriels_perdus, v.valeur as taille, v.niveau as niveau_taille
    from touched as t
    join vals as v on v.type = t.type and v.code = t.code and v.phase is not distinct from t.phase
        and v.indicateur = 'emploi_industriel' and v.dimension is null
    where v.valeur is not null and v.valeur > 0
),

worst as (
    select target.type, target.code as code_cible, target.phase as phase_cible, target.taille,
        target.niveau_taille, target.emplois_industriels_perdus, windows.*
    exclude (type)
    from target
    join windows on windows.type = target.type and windows.emploi_debut between target.taille / 2 and target.taille * 2
    where windows.variation < 0
    qualify row_number() over (partition by target.type, target.code, target.phase, windows.code, windows.phase
        order by windows.variation, windows.annee_debut) = 1
),

ranked as (
    select worst.*,
        row_number() over (partition by type, code_cible, phase_cible order by variation, code) as rang,
        count(*) over (partition by type, code_cible, phase_cible) as nb_territoires,
        count(*) filter (where -variation >= coalesce(emplois_industriels_perdus, 0))
            over (partition by type, code_cible, phase_cible) as nb_pertes_superieures
    from worst
)

select ranked.*, territoire.nom
from ranked
left join territoire on territoire.type = ranked.type and territoire.code = ranked.code
    and territoire.phase is not distinct from ranked.phase
where rang <= 10
order by type, code_cible, phase_cible, rang
