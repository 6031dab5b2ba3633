-- grain: one row per commune (COG ≈ 2020) × phase-1 territory (list of October 2020)
-- unique: code_commune_cog2020, territoire_id
with source as (
    select * from raw.signaux_faibles_terrind__ti_phase1_communes
)

select
    code_commune as code_commune_cog2020,
    'ti-' || code_terrind as territoire_id,
    libelle_terrind as nom_territoire,
from source
