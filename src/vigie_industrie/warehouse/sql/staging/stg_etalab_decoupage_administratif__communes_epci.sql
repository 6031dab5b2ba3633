-- grain: one row per current commune (COG 2026)
-- unique: code_commune
-- not_null: code_commune, nom_commune
with source as (
    select * from raw.etalab_decoupage_administratif__communes_epci
),

renamed as (
    select
        -- ids
        code_commune as code_commune,
        nom_commune as nom_commune,
        siren_commune as siren_commune,
        -- parents (empty EPCI = commune outside any EPCI)
        code_departement as code_departement,
        code_region as code_region,
        nullif(code_arrondissement, '') as code_arrondissement,
        nullif(siren_epci, '') as siren_epci,
        -- measures
        try_cast(population as bigint) as population,
        zone as zone,
    from source
)

select * from renamed
