-- grain: one row per source × zone d'emploi (or France) × nomenclature × sector × year
-- unique: source, code_ze, nomenclature, code_secteur, annee
-- not_null: code_ze, code_secteur, annee
with urssaf_a38 as (select * from raw.ptod_emploi_ze_secteurs__urssaf_ze_a38),
urssaf_a21 as (select * from raw.ptod_emploi_ze_secteurs__urssaf_ze_a21),
urssaf_a5 as (select * from raw.ptod_emploi_ze_secteurs__urssaf_ze_a5),
urssaf_fr as (select * from raw.ptod_emploi_ze_secteurs__urssaf_ze_france),
flores_a38 as (select * from raw.ptod_emploi_ze_secteurs__flores_ze_a38),
flores_a21 as (select * from raw.ptod_emploi_ze_secteurs__flores_ze_a21),
flores_a5 as (select * from raw.ptod_emploi_ze_secteurs__flores_ze_a5),
flores_fr as (select * from raw.ptod_emploi_ze_secteurs__flores_ze_france),

urssaf_wide as (
    select code_ze, 'A38' as nomenclature, a38 as code_secteur, lib as libelle_secteur, a5, eff_19, eff_22, eff_23, eff_24 from urssaf_a38
    union all
    select code_ze, 'A21', a21, lib, a5, eff_19, eff_22, eff_23, eff_24 from urssaf_a21
    union all
    select code_ze, 'A21', a21, lib, a5, eff_19, eff_22, eff_23, eff_24 from urssaf_fr
    union all
    select code_ze, 'A5', a5, lib, a5, eff_19, eff_22, eff_23, eff_24 from urssaf_a5
),

flores_wide as (
    select code_ze, 'A38' as nomenclature, a38 as code_secteur, lib as libelle_secteur, a5, eff_22, eff_23 from flores_a38
    union all
    select code_ze, 'A21', a21, lib, a5, eff_22, eff_23 from flores_a21
    union all
    select code_ze, 'A21', a21, lib, a5, eff_22, eff_23 from flores_fr
    union all
    select code_ze, 'A5', a5, lib, a5, eff_22, eff_23 from flores_a5
),

urssaf_long as (
    unpivot urssaf_wide on eff_19, eff_22, eff_23, eff_24 into name colonne value effectifs
),

flores_long as (
    unpivot flores_wide on eff_22, eff_23 into name colonne value effectifs
)

select
    'URSSAF' as source,
    code_ze,
    nomenclature,
    code_secteur,
    libelle_secteur,
    a5,
    2000 + cast(right(colonne, 2) as integer) as annee,
    cast(nullif(effectifs, '') as double) as effectifs,
from urssaf_long
union all
select
    'INSEE Flores' as source,
    code_ze,
    nomenclature,
    code_secteur,
    libelle_secteur,
    a5,
    2000 + cast(right(colonne, 2) as integer) as annee,
    cast(nullif(effectifs, '') as double) as effectifs,
from flores_long
