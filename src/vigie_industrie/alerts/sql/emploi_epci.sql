-- grain: one row per EPCI (2026) × origin year (URSSAF private salaried employment, 2014-2024)
-- target: employment falls by >= 3 % between the origin year and 3 years later (y NULL when not yet observed)
-- Employment is re-based to today's communes (emploi_salarie_prive_commune summed over territoire_commune).
-- Unemployment: the EPCI's population-weighted rate of the latest quarter <= the origin's 4th quarter.
with emploi as (
    select tc.code, e.annee, sum(e.emploi) as emploi
    from territoire_commune as tc
    join emploi_salarie_prive_commune as e on e.code_commune = tc.code_commune
    where tc.type = 'epci'
    group by tc.code, e.annee
),

france as (
    select annee, sum(emploi) as emploi from emploi_salarie_prive_commune group by annee
),

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
    from emploi as e
    asof left join chomage as c on c.code = e.code and c.t <= e.annee * 4 + 3
    where e.emploi > 0
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
    -- the same changes net of the national one (the model ranks EPCI within an origin)
    100 * (e.emploi / nullif(e1.emploi, 0) - fr.emploi / nullif(fr1.emploi, 0)) as evol_emploi_1an_relative,
    100 * (e.emploi / nullif(e3.emploi, 0) - fr.emploi / nullif(fr3.emploi, 0)) as evol_emploi_3ans_relative,
    100 * (e.emploi / nullif(e5.emploi, 0) - fr.emploi / nullif(fr5.emploi, 0)) as evol_emploi_5ans_relative,
    e.taux as taux_chomage,
    e.taux - cn.taux_fr as ecart_chomage_france,
    e.taux - c4.taux as evol_chomage_4t,
    densite.part_pop_rurale,
    -- target
    e.emploi as valeur,
    f.emploi as valeur_future,
    case when f.emploi is null then null when f.emploi <= 0.97 * e.emploi then 1 else 0 end as y,
from base as e
left join emploi as e1 on e1.code = e.code and e1.annee = e.annee - 1
left join emploi as e3 on e3.code = e.code and e3.annee = e.annee - 3
left join emploi as e5 on e5.code = e.code and e5.annee = e.annee - 5
left join emploi as f on f.code = e.code and f.annee = e.annee + 3
left join france as fr on fr.annee = e.annee
left join france as fr1 on fr1.annee = e.annee - 1
left join france as fr3 on fr3.annee = e.annee - 3
left join france as fr5 on fr5.annee = e.annee - 5
left join chomage_france as cn on cn.t = e.t_chomage
left join chomage as c4 on c4.code = e.code and c4.t = e.t_chomage - 4
left join densite on densite.code = e.code
