-- grain: one row per région (COG 2026, incl. collectivités d'outre-mer)
-- unique: code_region
-- not_null: code_region, nom_region
select
    code_region,
    nom_region,
    zone,
    2026 as cog_annee,
from staging.stg_etalab_decoupage_administratif__regions
