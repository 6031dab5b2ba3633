-- grain: one row per commune (COG ≈ 2020) of the phase-1 list of October 2020 (148 territories)
-- unique: code_commune_cog2020, territoire_id
select
    source.code_commune_cog2020,
    coalesce(commune_historique.code_commune, source.code_commune_cog2020) as code_commune,
    source.territoire_id,
    source.nom_territoire,
from staging.stg_signaux_faibles_terrind__ti_phase1_communes as source
left join commune_historique on commune_historique.code_commune_ancien = source.code_commune_cog2020
