-- grain: one row per current commune × year of the URSSAF commune × APE file (private sector)
-- unique: code_commune, annee
-- not_null: code_commune, annee
-- Totals of the commune × APE file per commune and year: all sectors, industry (NAF B-E) and
-- establishments. Only communes of emploi_salarie_perimetre can be read as complete.
select
    code_commune,
    annee,
    sum(effectifs) as effectifs,
    sum(effectifs) filter (where is_industrie) as effectifs_industrie,
    sum(etablissements) as etablissements,
from emploi_salarie_commune_secteur
group by code_commune, annee
