-- grain: one row per published liquidation-type judgment (companies with ≥ 20 employees, Nov 2020 – Oct 2021)
-- not_null: siren, date_jugement
select
    liquidations.siren,
    liquidations.date_jugement,
    liquidations.nature_jugement,
    liquidations.tranche_effectifs,
    tranches.libelle_tranche,
    tranches.effectif_min,
    tranches.effectif_max,
from staging.stg_bodacc_liquidations_plansde__liquidations as liquidations
left join staging.stg_insee_tranches_effectifs__tranches as tranches
    on tranches.code_tranche = liquidations.tranche_effectifs
