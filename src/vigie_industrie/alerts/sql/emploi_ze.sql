-- grain: one row per zone d'emploi × origin year (ESTEL total employment, 1998-2023)
-- target: employment falls by >= 3 % between the origin year and 3 years later (y NULL when not yet observed)
-- Features read years <= the origin and unemployment quarters <= the origin's 4th quarter.
with serie as (
    select code, annee, emploi from emploi_total where source = 'INSEE ESTEL' and niveau = 'ze'
),

france as (
    select annee, emploi from emploi_total where source = 'INSEE ESTEL' and niveau = 'france'
),

{{ evolutions_annuelles }},

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
    e.* exclude (emploi),
    cast(e.annee as varchar) as origine,
    e.annee as t,
    c.taux as taux_chomage,
    c.taux - cn.taux_fr as ecart_chomage_france,
    c.taux - c4.taux as evol_chomage_4t,
    (c.taux - c4.taux) - (cn.taux_fr - cn4.taux_fr) as evol_chomage_4t_relative,
    (c.taux - c20.taux) - (cn.taux_fr - cn20.taux_fr) as evol_chomage_20t_relative,
    densite.part_pop_rurale,
    e.emploi as valeur,
from evolutions as e
left join chomage_france as cn on cn.t = e.annee * 4 + 3
left join chomage_france as cn4 on cn4.t = e.annee * 4 - 1
left join chomage_france as cn20 on cn20.t = e.annee * 4 - 17
left join chomage as c on c.code = e.code and c.t = e.annee * 4 + 3
left join chomage as c4 on c4.code = e.code and c4.t = e.annee * 4 - 1
left join chomage as c20 on c20.code = e.code and c20.t = e.annee * 4 - 17
left join densite on densite.code = e.code
