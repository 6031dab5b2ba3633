-- grain: one row per EPCI à fiscalité propre (geography 2026)
-- unique: siren_epci
-- not_null: siren_epci, nom_epci, type_epci
-- Département and région are those holding most of the EPCI's population (a few EPCI straddle borders).
with epci as (
    select * from staging.stg_etalab_decoupage_administratif__epci
),

communes as (
    select * from staging.stg_etalab_decoupage_administratif__communes_epci
),

by_departement as (
    select
        siren_epci,
        code_departement,
        code_region,
        sum(population) as population,
        count(*) as nb_communes,
    from communes
    where siren_epci is not null
    group by all
),

main_departement as (
    select
        siren_epci,
        arg_max(code_departement, population) as code_departement,
        arg_max(code_region, population) as code_region,
        count(distinct code_region) as nb_regions,
    from by_departement
    group by siren_epci
)

select
    epci.siren_epci,
    epci.nom_epci,
    epci.type_epci,
    epci.mode_financement,
    epci.population_totale,
    epci.population_municipale,
    epci.nb_communes,
    main_departement.code_departement,
    main_departement.code_region,
    main_departement.nb_regions,
    2026 as cog_annee,
from epci
left join main_departement using (siren_epci)
