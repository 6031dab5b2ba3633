-- grain: one row per territory of any kind (commune, EPCI, EPT, Territoire d'industrie × phase, zone d'emploi, département, région)
-- unique: type, code, phase
-- not_null: type, code, nom, nom_normalise
-- The resolver's name index: nom_normalise is lower-case, without accents, punctuation as spaces.
with unioned as (
    select 'commune' as type, code_commune as code, null::integer as phase, nom_commune as nom,
        code_departement as precision, population
    from commune
    union all
    select 'epci', siren_epci, null, nom_epci, code_departement, population_municipale from epci
    union all
    select 'ept', siren_ept, null, nom_ept, '75', population_municipale from ept
    union all
    select 'territoire_industrie', territoire_id, phase, nom, nom_region, null from territoire_industrie
    union all
    select 'zone_emploi', code_ze, null, nom_ze, code_region, null from zone_emploi
    union all
    select 'departement', code_departement, null, nom_departement, code_region, null from departement
    union all
    select 'region', code_region, null, nom_region, null, null from region
)

select
    type,
    code,
    phase,
    nom,
    trim(regexp_replace(strip_accents(lower(nom)), '[^a-z0-9]+', ' ', 'g')) as nom_normalise,
    precision,
    population,
from unioned
