-- grain: one row per source × nomenclature × sector × year, France (sum of zones d'emploi)
-- unique: source, nomenclature, code_secteur, annee
select * exclude (code_ze) from staging.stg_ptod_emploi_ze_secteurs__secteurs
where code_ze = '00FR' and effectifs is not null
