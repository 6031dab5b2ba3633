-- grain: one row per commune × industrial A38 sector × origin year with >= 20 jobs at the origin
--   (URSSAF commune × APE: the Rouen extract in the mirror, all of France with the national file)
-- target: the cell's salaried employment falls by >= 10 % between the origin year and 3 years later;
--   an absent cell in a year the commune has figures is no establishment (0 jobs: a closure counts);
--   y is NULL when the commune has no figure 3 years later.
-- Features read years <= the origin and unemployment quarters <= the origin's 4th quarter.
with cellule as (
    select code_commune, a38, annee, effectifs, etablissements, is_industrie
    from emploi_salarie_commune_secteur
    where effectifs is not null
),

commune_annee as (  -- commune totals and concentration (every sector)
    select
        code_commune,
        annee,
        sum(effectifs) as effectifs,
        sum(power(effectifs, 2)) / nullif(power(sum(effectifs), 2), 0) as herfindahl,
        max(effectifs) / nullif(sum(effectifs), 0) as part_premier,
    from cellule
    group by code_commune, annee
),

industrie as (  -- the lags and the outcome read industrial cells only (a fraction of the file)
    select * from cellule where is_industrie
),

secteur_annee as (  -- the sector over the whole loaded file
    select a38, annee, sum(effectifs) as effectifs from industrie group by a38, annee
),

chomage as (
    select code_ze, annee * 4 + numero_trimestre - 1 as t, taux_chomage as taux
    from chomage_zone_emploi
    where taux_chomage is not null
),

sujets as (
    select c.*
    from industrie as c
    where c.effectifs >= 20
)

select
    s.code_commune || '-' || s.a38 as code,
    cast(s.annee as varchar) as origine,
    s.annee as t,
    s.annee,
    s.code_commune,
    s.a38,
    -- features (known at the origin)
    ln(s.effectifs) as log_effectifs,
    100 * (s.effectifs / nullif(coalesce(l1.effectifs, 0), 0) - 1) as evol_emploi_1an,
    100 * (s.effectifs / nullif(coalesce(l3.effectifs, 0), 0) - 1) as evol_emploi_3ans,
    100 * (s.effectifs / nullif(coalesce(l5.effectifs, 0), 0) - 1) as evol_emploi_5ans,
    cast(s.etablissements as double) as etablissements,
    cast(s.etablissements as double) - l3.etablissements as evol_etablissements_3ans,
    s.effectifs / nullif(s.etablissements, 0) as effectif_moyen_etablissement,
    100 * s.effectifs / nullif(ca.effectifs, 0) as part_secteur_commune,
    ca.herfindahl as herfindahl_commune,
    100 * ca.part_premier as part_premier_secteur,
    100 * (ca.effectifs / nullif(ca3.effectifs, 0) - 1) as evol_emploi_commune_3ans,
    100 * ((sa.effectifs - s.effectifs) / nullif(sa3.effectifs - coalesce(l3.effectifs, 0), 0) - 1) as evol_secteur_ailleurs_3ans,
    ch.taux as taux_chomage,
    ch.taux - ch4.taux as evol_chomage_4t,
    cast(densite.densite as double) as densite,
    -- target
    s.effectifs as valeur,
    case when cf.code_commune is null then null else coalesce(f.effectifs, 0) end as valeur_future,
    case
        when cf.code_commune is null then null
        when coalesce(f.effectifs, 0) <= 0.9 * s.effectifs then 1
        else 0
    end as y,
from sujets as s
left join industrie as l1 on l1.code_commune = s.code_commune and l1.a38 = s.a38 and l1.annee = s.annee - 1
left join industrie as l3 on l3.code_commune = s.code_commune and l3.a38 = s.a38 and l3.annee = s.annee - 3
left join industrie as l5 on l5.code_commune = s.code_commune and l5.a38 = s.a38 and l5.annee = s.annee - 5
left join industrie as f on f.code_commune = s.code_commune and f.a38 = s.a38 and f.annee = s.annee + 3
left join commune_annee as cf on cf.code_commune = s.code_commune and cf.annee = s.annee + 3
left join commune_annee as ca on ca.code_commune = s.code_commune and ca.annee = s.annee
left join commune_annee as ca3 on ca3.code_commune = s.code_commune and ca3.annee = s.annee - 3
left join secteur_annee as sa on sa.a38 = s.a38 and sa.annee = s.annee
left join secteur_annee as sa3 on sa3.a38 = s.a38 and sa3.annee = s.annee - 3
left join commune_zone_emploi_cog2026 as cz on cz.code_commune = s.code_commune
left join chomage as ch on ch.code_ze = cz.code_ze and ch.t = s.annee * 4 + 3
left join chomage as ch4 on ch4.code_ze = cz.code_ze and ch4.t = s.annee * 4 - 1
left join commune_densite as densite on densite.code_commune = s.code_commune
