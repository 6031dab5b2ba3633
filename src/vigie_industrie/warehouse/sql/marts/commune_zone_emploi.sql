-- grain: one row per commune of the COG 2023 (zonage 2020), with its current (COG 2026) commune code
-- unique: code_commune_cog2023
-- not_null: code_commune_cog2023, code_ze
with composition as (
    select * from staging.stg_insee_zones_emploi_chomage__composition
)

select
    coalesce(commune_historique.code_commune, composition.code_commune_cog2023) as code_commune,
    composition.code_commune_cog2023,
    composition.nom_commune,
    composition.code_ze,
    -- the part in the '8459' form of the unemployment and ESTEL files ('0059-84' in the composition)
    split_part(composition.code_ze_partie_regionale, '-', 2) || right(composition.code_ze, 2) as code_ze_partie_regionale,
    commune_historique.code_commune is not null as is_mapped_cog2026,
from composition
left join commune_historique
    on commune_historique.code_commune_ancien = composition.code_commune_cog2023
