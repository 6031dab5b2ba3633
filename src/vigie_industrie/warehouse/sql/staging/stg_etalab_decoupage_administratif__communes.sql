-- grain: one row per object of communes_2026.json (current, delegated, associated communes, municipal arrondissements)
-- not_null: code, type
with source as (
    select * from raw.etalab_decoupage_administratif__communes
),

renamed as (
    select
        -- ids
        code as code,
        type as type,
        nom as nom,
        siren as siren_commune,
        -- parents
        departement as code_departement,
        region as code_region,
        arrondissement as code_arrondissement,
        chefLieu as code_chef_lieu,
        commune as code_commune_parente,
        anciensCodes as anciens_codes,
        -- measures
        try_cast(population as bigint) as population,
        zone as zone,
    from source
)

select * from renamed
