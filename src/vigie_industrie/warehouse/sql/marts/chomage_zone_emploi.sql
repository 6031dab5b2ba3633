-- grain: one row per zone d'emploi 2020 × quarter (INSEE, CVS, %); regional parts in chomage_zone_emploi_partie_regionale
-- unique: code_ze, trimestre
-- not_null: code_ze, trimestre, annee
select
    code_ze,
    trimestre,
    annee,
    numero_trimestre,
    taux_chomage,
from staging.stg_insee_zones_emploi_chomage__chomage_ze
