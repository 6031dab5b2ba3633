-- grain: one row per source × zone d'emploi × nomenclature (A38/A21/A5) × sector × year; France is in emploi_france_secteur
-- unique: source, code_ze, nomenclature, code_secteur, annee
-- not_null: source, code_ze, nomenclature, code_secteur, annee
-- Missing (zone, sector) pairs are secret or empty in the source; they are absent, never 0.
select * from staging.stg_ptod_emploi_ze_secteurs__secteurs
where code_ze <> '00FR' and effectifs is not null
