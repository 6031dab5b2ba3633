-- grain: one row per établissement public territorial × member commune (Métropole du Grand Paris)
-- unique: siren_ept, code_commune
with source as (
    select * from raw.etalab_decoupage_administratif__ept
),

members as (
    select
        code as siren_ept,
        nom as nom_ept,
        try_cast(populationMunicipale as bigint) as population_municipale,
        unnest(membres) as membre,
    from source
)

select
    siren_ept,
    nom_ept,
    population_municipale,
    membre.code as code_commune,
from members
