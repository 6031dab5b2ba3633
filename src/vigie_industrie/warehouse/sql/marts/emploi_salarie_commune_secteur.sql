-- grain: one row per current commune × A38 sector × year (URSSAF commune × APE, private sector)
-- not_null: code_commune, a38, annee, is_industrie
-- Unique on (code_commune, a38, annee) by construction (the group by keys): no declared check, which
-- would hash 9.5 M keys again for the national-size file (1.5 s).
-- The commune × APE file summed to A38 once, so the indicator families join the crosswalk with
-- ~40 sectors per commune instead of ~700 sub-classes. A sector row exists only where the file has
-- a figure; an absent (commune, sector) in the file's scope is no establishment, outside it unknown.
select
    emploi_salarie.code_commune,
    naf.a38,
    emploi_salarie.annee,
    bool_or(naf.is_industrie) as is_industrie,
    sum(emploi_salarie.effectifs_salaries) as effectifs,
    sum(emploi_salarie.nombre_etablissements) as etablissements,
from emploi_salarie
join naf using (code_ape)
where naf.a38 is not null
group by emploi_salarie.code_commune, naf.a38, emploi_salarie.annee
