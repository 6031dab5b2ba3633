-- grain: one row per « partie régionale » of an inter-regional zone d'emploi (never add it to its zone)
-- unique: code_ze_partie_regionale
-- not_null: code_ze_partie_regionale, code_ze, nom_ze_partie_regionale
-- The commune composition writes a part as '0059-84' (zone-région); the unemployment and ESTEL
-- files write it '8459' (région + the zone's last two digits). Both are kept.
with composition as (
    select * from staging.stg_insee_zones_emploi_chomage__composition
),

parties as (
    select
        code_ze_partie_regionale as code_composition,
        any_value(code_ze) as code_ze,
        any_value(code_region) as code_region,
        count(*) as nb_communes,
    from composition
    where code_ze_partie_regionale is not null
    group by code_ze_partie_regionale
),

noms as (
    select distinct code_ze_partie_regionale, nom_ze_partie_regionale
    from staging.stg_insee_zones_emploi_chomage__chomage_parties
)

select
    noms.code_ze_partie_regionale,
    noms.nom_ze_partie_regionale,
    parties.code_composition,
    parties.code_ze,
    parties.code_region,
    parties.nb_communes,
from parties
join noms on noms.code_ze_partie_regionale = parties.code_region || right(parties.code_ze, 2)
