-- stg_insee_circonscriptions_legislatives__indicateurs_libelles: INSEE labels of the 2022 indicators.
-- grain: one row per indicator code (the two key columns circo and name excluded)
-- unique: indicateur
-- not_null: indicateur, libelle, rang
with source as (
    select * from raw.insee_circonscriptions_legislatives__indicateurs_libelles
),

renamed as (
    select
        code as indicateur,
        libelle,
        cast(rang as integer) as rang,
    from source
    where code not in ('circo', 'Nom de la circonscription')
)

select * from renamed
