-- grain: one row per département (COG 2026)
-- unique: code_departement
-- not_null: code_departement, nom_departement
select
    code_departement,
    nom_departement,
    code_region,
    type_liaison,
    zone,
    2026 as cog_annee,
from staging.stg_etalab_decoupage_administratif__departements
