-- grain: one row per EPCI à fiscalité propre (geography 2026)
-- unique: siren_epci
-- not_null: siren_epci, nom_epci
with source as (
    select * from raw.etalab_decoupage_administratif__epci
),

renamed as (
    select
        code as siren_epci,
        nom as nom_epci,
        type as type_epci,
        nullif(modeFinancement, '') as mode_financement,
        try_cast(populationTotale as bigint) as population_totale,
        try_cast(populationMunicipale as bigint) as population_municipale,
        len(membres) as nb_communes,
    from source
)

select * from renamed
