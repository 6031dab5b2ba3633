-- grain: one row per EPCI (2026) × origin year (URSSAF private salaried employment, 2014-2024)
-- target: employment falls by >= 3 % between the origin year and 3 years later (y NULL when not yet observed)
-- Employment is re-based to today's communes (emploi_salarie_prive_commune summed over territoire_commune).
-- Unemployment: the EPCI's population-weighted rate of the latest quarter <= the origin's 4th quarter.
with serie as (
    select tc.code, e.annee, sum(e.emploi) as emploi
    from territoire_commune as tc
    join emploi_salarie_prive_commune as e on e.code_commune = tc.code_commune
    where tc.type = 'epci'
    group by tc.code, e.annee
),

france as (
    select annee, sum(emploi) as emploi from emploi_salarie_prive_commune group by annee
),

{{ evolutions_annuelles }},

chomage as (
    select code, annee * 4 + cast(right(periode, 1) as integer) - 1 as t, valeur as taux
    from indicateur_valeur
    where indicateur = 'taux_chomage' and type = 'epci' and dimension is null and valeur is not null
),

chomage_france as (select t, avg(taux) as taux_fr from chomage group by t),

densite as (
    select code, valeur as part_pop_rurale
    from indicateur_valeur
    where indicateur = 'densite' and type = 'epci' and dimension is null
),

base as (
    select e.*, c.t as t_chomage, c.taux
    from evolutions as e
    asof left join chomage as c on c.code = e.code and c.t <= e.annee * 4 + 3
)

select
    e.* exclude (emploi, t_chomage, taux),
    cast(e.annee as varchar) as origine,
    e.annee as t,
    e.taux as taux_chomage,
    e.taux - cn.taux_fr as ecart_chomage_france,
    e.taux - c4.taux as evol_chomage_4t,
    densite.part_pop_rurale,
    e.emploi as valeur,
from base as e
left join chomage_france as cn on cn.t = e.t_chomage
left join chomage as c4 on c4.code = e.code and c4.t = e.t_chomage - 4
left join densite on densite.code = e.code
