-- grain: one row per région (incl. COM)
-- unique: code_region
with source as (
    select * from raw.etalab_decoupage_administratif__regions
)

select
    code as code_region,
    nom as nom_region,
    chefLieu as code_chef_lieu,
    zone as zone,
from source
