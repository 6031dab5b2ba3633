-- grain: one row per Sirene headcount band
-- unique: code_tranche
select * from staging.stg_insee_tranches_effectifs__tranches
