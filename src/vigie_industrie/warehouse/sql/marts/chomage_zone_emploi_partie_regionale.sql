-- grain: one row per partie régionale × quarter
-- unique: code_ze_partie_regionale, trimestre
select
    code_ze_partie_regionale,
    trimestre,
    annee,
    numero_trimestre,
    taux_chomage,
from staging.stg_insee_zones_emploi_chomage__chomage_parties
