-- grain: one row per commune code of any vintage known to the COG 2026 file → its current commune
-- unique: code_commune_ancien
-- not_null: code_commune_ancien, code_commune
-- A code maps to itself when current; delegated and associated communes to their chef-lieu;
-- codes absorbed by a commune nouvelle (anciensCodes) and municipal arrondissements to their commune.
with communes as (
    select * from staging.stg_etalab_decoupage_administratif__communes
),

links as (
    select code as code_commune_ancien, code as code_commune, nom, 'actuelle' as type_lien, 1 as priorite
    from communes where type = 'commune-actuelle'
    union all
    select code, code_chef_lieu, nom, replace(type, 'commune-', ''), 2
    from communes where type in ('commune-deleguee', 'commune-associee')
    union all
    select unnest(anciens_codes), code, nom, 'ancien code', 3
    from communes where type = 'commune-actuelle' and anciens_codes is not null
    union all
    select code, code_commune_parente, nom, 'arrondissement municipal', 4
    from communes where type = 'arrondissement-municipal'
),

ranked as (
    select
        *,
        row_number() over (partition by code_commune_ancien order by priorite, code_commune) as rang,
    from links
)

select code_commune_ancien, code_commune, nom, type_lien
from ranked
where rang = 1
