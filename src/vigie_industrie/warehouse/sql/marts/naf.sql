-- grain: one row per NAF rév. 2 sub-class (732), with every aggregation level and the industry flags
-- unique: code_ape
-- not_null: code_ape, a88, a38, a21, a17, a10, a5
select * from staging.stg_insee_naf2008_niveaux__naf
