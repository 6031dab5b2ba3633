-- grain: one row per commune × APE sub-class × year with an employer establishment (URSSAF)
-- Unique on (code_commune, code_ape, annee) and never NULL there: checked by the reader on the file's
-- lines (sources/urssaf_commune_ape.py), since raw.urssaf_commune_ape is a view that a check here
-- would unpivot once more (3 s of the national-size build).
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
