-- grain: one row per commune × APE sub-class × year with an employer establishment (URSSAF)
-- unique: code_commune, code_ape, annee
-- not_null: code_commune, code_ape, annee
with source as (
    select * from raw.urssaf_commune_ape
)

select
    code_commune,
    replace(code_ape, '.', '') as code_ape,
    annee,
    nombre_etablissements,
    effectifs_salaries,
    grand_secteur,
    code_epci,
    code_zone_emploi,
from source
