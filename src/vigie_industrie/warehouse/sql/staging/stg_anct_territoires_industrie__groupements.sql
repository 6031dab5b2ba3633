-- grain: one row per phase × Territoire d'industrie × member grouping (SIREN)
-- unique: phase, territoire_id, siren_membre
-- not_null: phase, territoire_id, siren_membre, nom_territoire
with phase1 as (
    select * from raw.anct_territoires_industrie__groupements_phase1
),

phase2 as (
    select * from raw.anct_territoires_industrie__groupements_phase2
),

unioned as (
    select
        1 as phase,
        id_ti as territoire_id,
        lib_ti as nom_territoire,
        insee_reg as code_region,
        lib_reg as nom_region,
        lpad(trim(siren_groupement), 9, '0') as siren_membre,
        nom_groupement_cog2024 as nom_membre,
        nature_groupement_2024 as nature_membre,
    from phase1
    union all
    select
        2 as phase,
        id_ti as territoire_id,
        lib_ti as nom_territoire,
        insee_reg as code_region,
        lib_reg as nom_region,
        lpad(trim(siren_groupement), 9, '0') as siren_membre,
        lib_groupement as nom_membre,
        nature_groupement_2024 as nature_membre,
    from phase2
)

select * from unioned
