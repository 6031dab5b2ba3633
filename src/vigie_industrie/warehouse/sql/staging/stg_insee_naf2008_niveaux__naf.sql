-- grain: one row per NAF rév. 2 sub-class (code APE)
-- unique: code_ape
-- not_null: code_ape, a38, a5
with source as (
    select * from raw.insee_naf2008_niveaux__naf
)

select
    -- ids
    naf5_sans_point as code_ape,
    naf5 as naf5,
    libelle_naf5 as libelle_ape,
    -- aggregation levels
    naf4_classe as naf4,
    naf3_groupe as naf3,
    a88_division as a88,
    libelle_a88,
    a64,
    a38,
    libelle_a38,
    a21_section as a21,
    libelle_a21,
    a17,
    libelle_a17,
    a10,
    libelle_a10,
    a5,
    libelle_a5,
    a129,
    -- flags
    industrie_BE = '1' as is_industrie,
    manufacturier_C = '1' as is_manufacturier,
from source
