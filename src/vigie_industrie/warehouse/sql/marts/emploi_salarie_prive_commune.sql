-- grain: one row per current commune (COG 2026) × year: URSSAF private salaried headcount, all sectors
-- unique: code_commune, annee
-- not_null: code_commune, annee, nb_codes_source
-- The re-user's commune rows (emploi_total, niveau 'commune', 2014-2024) carry codes of several
-- vintages: communes déléguées, absorbed codes and municipal arrondissements (79 codes). Each is
-- re-based to its current commune through commune_historique and summed, so every total computed
-- from communes keeps those jobs (8,893 in 2022 outside the arrondissements). A commune whose codes
-- are all empty stays NULL, never 0. Codes unknown to the COG are dropped (none in the 2026 COG).
with urssaf as (
    select code, annee, emploi from emploi_total where source = 'URSSAF' and niveau = 'commune'
)

select
    commune_historique.code_commune,
    urssaf.annee,
    sum(urssaf.emploi) as emploi,
    count(*) as nb_codes_source,
    list(urssaf.code order by urssaf.code) filter (where urssaf.code <> commune_historique.code_commune) as codes_anciens,
from urssaf
join commune_historique on commune_historique.code_commune_ancien = urssaf.code
join commune on commune.code_commune = commune_historique.code_commune
group by commune_historique.code_commune, urssaf.annee
