-- grain: one row per zone d'emploi × origin year (ESTEL total employment, 1998-2023)
-- target: employment falls by >= 3 % between the origin year and 3 years later (y NULL when not yet observed)
-- Features read years <= the origin and unemployment quarters <= the origin's 4th quarter.
with estel as (
    select code, annee, emploi from emploi_total where source = 'INSEE ESTEL' and niveau = 'ze'
),

france as (
    select annee, emploi from emploi_total where source = 'INSEE ESTEL' and niveau = 'france'
),

chomage as (
    select code_ze as code, annee * 4 + numero_trimestre - 1 as t, taux_chomage as taux
    from chomage_zone_emploi
    where taux_chomage is not null
),

chomage_france as (select t, avg(taux) as taux_fr from chomage group by t),

densite as (
    select code, valeur as part_pop_rurale
    from indicateur_valeur
    where indicateur = 'densite' and type = 'zone_emploi' and dimension is null
)

select
    e.code,
    cast(e.annee as varchar) as origine,
    e.annee as t,
    e.annee,
    -- features (known at the origin)
    ln(e.emploi) as log_emploi,
    100 * (e.emploi / nullif(e1.emploi, 0) - 1) as evol_emploi_1an,
    100 * (e.emploi / nullif(e3.emploi, 0) - 1) as evol_emploi_3ans,
    100 * (e.emploi / nullif(e5.emploi, 0) - 1) as evol_emploi_5ans,
    100 * (fr.emploi / nullif(fr1.emploi, 0) - 1) as evol_emploi_france_1an,
    -- the same changes net of the national one (the model ranks zones within an origin)
    100 * (e.emploi / nullif(e1.emploi, 0) - fr.emploi / nullif(fr1.emploi, 0)) as evol_emploi_1an_relative,
    100 * (e.emploi / nullif(e3.emploi, 0) - fr.emploi / nullif(fr3.emploi, 0)) as evol_emploi_3ans_relative,
    100 * (e.emploi / nullif(e5.emploi, 0) - fr.emploi / nullif(fr5.emploi, 0)) as evol_emploi_5ans_relative,
    c.taux as taux_chomage,
    c.taux - cn.taux_fr as ecart_chomage_france,
    c.taux - c4.taux as evol_chomage_4t,
    (c.taux - c4.taux) - (cn.taux_fr - cn4.taux_fr) as evol_chomage_4t_relative,
    (c.taux - c20.taux) - (cn.taux_fr - cn20.taux_fr) as evol_chomage_20t_relative,
    densite.part_pop_rurale,
    -- target
    e.emploi as valeur,
    f.emploi as valeur_future,
    case when f.emploi is null then null when f.emploi <= 0.97 * e.emploi then 1 else 0 end as y,
from estel as e
left join estel as e1 on e1.code = e.code and e1.annee = e.annee - 1
left join estel as e3 on e3.code = e.code and e3.annee = e.annee - 3
left join estel as e5 on e5.code = e.code and e5.annee = e.annee - 5
left join estel as f on f.code = e.code and f.annee = e.annee + 3
left join france as fr on fr.annee = e.annee
left join france as fr1 on fr1.annee = e.annee - 1
left join france as fr3 on fr3.annee = e.annee - 3
left join france as fr5 on fr5.annee = e.annee - 5
left join chomage_france as cn on cn.t = e.annee * 4 + 3
left join chomage_france as cn4 on cn4.t = e.annee * 4 - 1
left join chomage_france as cn20 on cn20.t = e.annee * 4 - 17
left join chomage as c on c.code = e.code and c.t = e.annee * 4 + 3
left join chomage as c4 on c4.code = e.code and c4.t = e.annee * 4 - 1
left join chomage as c20 on c20.code = e.code and c20.t = e.annee * 4 - 17
left join densite on densite.code = e.code
where e.emploi > 0
