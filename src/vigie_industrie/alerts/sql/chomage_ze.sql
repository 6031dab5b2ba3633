-- grain: one row per zone d'emploi × origin quarter (every quarter with a rate)
-- target: the rate rises by >= 0.5 point between the origin and 4 quarters later (y NULL when not yet observed)
-- Every feature reads quarters <= the origin, or years <= the origin's year − 1 (ESTEL, at 31 December):
-- tests/alerts/test_leakage.py perturbs every later figure and checks the features do not move.
with serie as (
    select
        code_ze as code,
        trimestre,
        annee,
        annee * 4 + numero_trimestre - 1 as t,
        taux_chomage as taux,
    from chomage_zone_emploi
    where taux_chomage is not null
),

national as (  -- unweighted mean of the zones' rates: the national cycle as every zone sees it
    select t, avg(taux) as taux_fr from serie group by t
),

estel as (
    select code, annee, emploi from emploi_total where source = 'INSEE ESTEL' and niveau = 'ze'
),

france as (
    select annee, emploi from emploi_total where source = 'INSEE ESTEL' and niveau = 'france'
),

densite as (
    select code, valeur as part_pop_rurale
    from indicateur_valeur
    where indicateur = 'densite' and type = 'zone_emploi' and dimension is null
)

select
    s.code,
    s.trimestre as origine,
    s.t,
    s.annee,
    -- features (known at the origin)
    s.taux as taux_chomage,
    s.taux - l1.taux as evol_chomage_1t,
    s.taux - l4.taux as evol_chomage_4t,
    s.taux - l12.taux as evol_chomage_12t,
    s.taux - l20.taux as evol_chomage_20t,
    s.taux - n.taux_fr as ecart_chomage_france,
    s.taux / nullif(n.taux_fr, 0) as ratio_chomage_france,
    n.taux_fr - n4.taux_fr as evol_chomage_france_4t,
    -- the same changes net of the national one (the model ranks zones within an origin)
    (s.taux - l1.taux) - (n.taux_fr - n1.taux_fr) as evol_chomage_1t_relative,
    (s.taux - l4.taux) - (n.taux_fr - n4.taux_fr) as evol_chomage_4t_relative,
    (s.taux - l12.taux) - (n.taux_fr - n12.taux_fr) as evol_chomage_12t_relative,
    (s.taux - l20.taux) - (n.taux_fr - n20.taux_fr) as evol_chomage_20t_relative,
    100 * (e1.emploi / nullif(e2.emploi, 0) - fr1.emploi / nullif(fr2.emploi, 0)) as evol_emploi_1an_relative,
    100 * (e1.emploi / nullif(e4.emploi, 0) - fr1.emploi / nullif(fr4.emploi, 0)) as evol_emploi_3ans_relative,
    densite.part_pop_rurale,
    -- target
    s.taux as valeur,
    f.taux as valeur_future,
    case when f.taux is null then null when f.taux - s.taux >= 0.5 then 1 else 0 end as y,
from serie as s
left join serie as l1 on l1.code = s.code and l1.t = s.t - 1
left join serie as l4 on l4.code = s.code and l4.t = s.t - 4
left join serie as l12 on l12.code = s.code and l12.t = s.t - 12
left join serie as l20 on l20.code = s.code and l20.t = s.t - 20
left join serie as f on f.code = s.code and f.t = s.t + 4
left join national as n on n.t = s.t
left join national as n1 on n1.t = s.t - 1
left join national as n4 on n4.t = s.t - 4
left join national as n12 on n12.t = s.t - 12
left join national as n20 on n20.t = s.t - 20
left join france as fr1 on fr1.annee = s.annee - 1
left join france as fr2 on fr2.annee = s.annee - 2
left join france as fr4 on fr4.annee = s.annee - 4
left join estel as e1 on e1.code = s.code and e1.annee = s.annee - 1
left join estel as e2 on e2.code = s.code and e2.annee = s.annee - 2
left join estel as e4 on e4.code = s.code and e4.annee = s.annee - 4
left join densite on densite.code = s.code
