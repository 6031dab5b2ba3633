-- grain: one row per current commune inside the scope of the loaded URSSAF commune × APE file
-- unique: code_commune
-- not_null: code_commune
-- The scope is the (zone d'emploi, département) pairs the file itself covers: the whole country for
-- the national export, the Seine-Maritime part of zone 2815 for the Rouen extract. A commune of the
-- scope without any row simply had no employer establishment; outside it, the figure is unknown.
with scope as (
    select distinct code_zone_emploi as code_ze, left(code_commune, 2) as prefixe_departement
    from staging.stg_urssaf__commune_ape
)

select distinct commune_zone_emploi.code_commune
from commune_zone_emploi
join commune using (code_commune)
join scope
    on scope.code_ze = commune_zone_emploi.code_ze
    and scope.prefixe_departement = left(commune.code_departement, 2)
