-- grain: one row per current commune × A38 sector × year (URSSAF commune × APE, private sector)
-- unique: code_commune, a38, annee
-- not_null: code_commune, a38, annee, is_industrie
-- The commune × APE file summed to A38 once, so the indicator families join the crosswalk with
-- ~40 sectors per commune instead of ~700 sub-classes. A sector row exists only where the file has
-- a figure; an absent (commune, sector) in the file's scope is no establishment, outside it unknown.
select
    code_commune,
    a38,
    annee,
    bool_or(is_industrie) as is_industrie,
    sum(effectifs_salaries) as effectifs,
    sum(nombre_etablissements) as etablissements,
from emploi_salarie
where a38 is not null
group by code_commune, a38, annee
