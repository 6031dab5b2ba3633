-- grain: one row per département (incl. COM)
-- unique: code_departement
with source as (
    select * from raw.etalab_decoupage_administratif__departements
)

select
    code as code_departement,
    nom as nom_departement,
    region as code_region,
    chefLieu as code_chef_lieu,
    -- COG article type (0-8): gives « le Pas-de-Calais », « la Somme », « l'Aisne »…
    cast(typeLiaison as integer) as type_liaison,
    zone as zone,
from source
