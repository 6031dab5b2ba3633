-- stg_insee_circonscriptions_legislatives__composition: INSEE commune → constituency, as published.
-- grain: one row per commune code (COG ≈ 2021-2022) × constituency; 6 uninhabited Meuse communes have none
-- unique: code_commune_source, code_circo_insee
-- not_null: code_commune_source, code_departement
-- The INSEE `circo` code (5 characters: département on 2-3 + number on 3-2) has the shape of a
-- commune code (62008 is also Acquin-Westbécourt): it is turned into `circo-DD-NN` here, once.
with source as (
    select * from raw.insee_circonscriptions_legislatives__composition
),

renamed as (
    select
        -- ids
        trim("COMMUNE_RESID") as code_commune_source,
        nullif(trim(circo), '') as code_circo_insee,
        trim("DEP") as code_departement,
        trim("REG") as code_region,
        -- labels
        "LIBcom" as nom_commune_source,
        libdep as nom_departement_source,
        -- whole or split
        nullif(trim(type_com), '') as type_com,
    from source
),

coded as (
    select
        *,
        case
            when code_circo_insee is null then null
            when left(code_circo_insee, 2) in ('97', '98') then left(code_circo_insee, 3)
            else left(code_circo_insee, 2)
        end as code_departement_circo,
        case
            when code_circo_insee is null then null
            when left(code_circo_insee, 2) in ('97', '98') then cast(right(code_circo_insee, 2) as integer)
            else cast(right(code_circo_insee, 3) as integer)
        end as numero,
    from renamed
),

final as (
    select
        code_commune_source,
        nom_commune_source,
        code_departement,
        code_region,
        nom_departement_source,
        code_circo_insee,
        case
            when code_circo_insee is not null
                then 'circo-' || code_departement_circo || '-' || lpad(cast(numero as varchar), 2, '0')
        end as circonscription_id,
        numero,
        type_com,
        coalesce(type_com = 'partiel', false) as is_partiel,
    from coded
)

select * from final
