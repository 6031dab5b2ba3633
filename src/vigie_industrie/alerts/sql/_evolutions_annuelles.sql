-- shared CTE of the yearly employment targets (emploi_ze, emploi_epci), included where a target's
-- SQL says {{ evolutions_annuelles }}: one definition of the employment trends and of the 3-year
-- outcome, so the two targets cannot drift apart.
-- needs: serie(code, annee, emploi) and france(annee, emploi) defined before it.
-- target: employment falls by >= 3 % between the origin year and 3 years later (y NULL when not yet observed)
evolutions as (
    select
        e.code,
        e.annee,
        e.emploi,
        -- features (known at the origin)
        ln(e.emploi) as log_emploi,
        100 * (e.emploi / nullif(e1.emploi, 0) - 1) as evol_emploi_1an,
        100 * (e.emploi / nullif(e3.emploi, 0) - 1) as evol_emploi_3ans,
        100 * (e.emploi / nullif(e5.emploi, 0) - 1) as evol_emploi_5ans,
        100 * (fr.emploi / nullif(fr1.emploi, 0) - 1) as evol_emploi_france_1an,
        -- the same changes net of the national one (the model ranks territories within an origin)
        100 * (e.emploi / nullif(e1.emploi, 0) - fr.emploi / nullif(fr1.emploi, 0)) as evol_emploi_1an_relative,
        100 * (e.emploi / nullif(e3.emploi, 0) - fr.emploi / nullif(fr3.emploi, 0)) as evol_emploi_3ans_relative,
        100 * (e.emploi / nullif(e5.emploi, 0) - fr.emploi / nullif(fr5.emploi, 0)) as evol_emploi_5ans_relative,
        -- target
        f.emploi as valeur_future,
        case when f.emploi is null then null when f.emploi <= 0.97 * e.emploi then 1 else 0 end as y
    from serie as e
    left join serie as e1 on e1.code = e.code and e1.annee = e.annee - 1
    left join serie as e3 on e3.code = e.code and e3.annee = e.annee - 3
    left join serie as e5 on e5.code = e.code and e5.annee = e.annee - 5
    left join serie as f on f.code = e.code and f.annee = e.annee + 3
    left join france as fr on fr.annee = e.annee
    left join france as fr1 on fr1.annee = e.annee - 1
    left join france as fr3 on fr3.annee = e.annee - 3
    left join france as fr5 on fr5.annee = e.annee - 5
    where e.emploi > 0
)
