-- grain: one row per millésime × commune (each millésime in its own COG geography)
-- unique: annee, code_commune
-- not_null: annee, code_commune, cog_annee
with source as (
    select * from raw.insee_populations_legales_communes__populations
)

select
    cast(millesime_population as integer) as annee,
    cast(geographie_cog as integer) as cog_annee,
    code_commune,
    nom_commune,
    nullif(departement, '') as code_departement,
    cast(nullif(population_municipale, '') as bigint) as population_municipale,
    source as source_detail,
from source
