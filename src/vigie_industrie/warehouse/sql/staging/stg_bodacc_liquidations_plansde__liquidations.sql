-- grain: one row per published judgment (a company can have several)
-- not_null: siren, date_jugement
with source as (
    select * from raw.bodacc_liquidations_plansde__liquidations
)

select
    lpad(trim(RCS), 9, '0') as siren,
    cast(DATE as date) as date_jugement,
    lpad(trim(EFFECTIFS), 2, '0') as tranche_effectifs,
    NATURE as nature_jugement,
from source
