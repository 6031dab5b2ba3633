-- grain: one row per current commune × phase (a commune belongs to at most one territory per phase)
-- unique: code_commune, phase
-- not_null: code_commune, phase, territoire_id
-- Members are expanded to communes with the 2026 composition of EPCI and EPT; a commune member counts itself.
with membres as (
    select * from territoire_industrie_membre
),

expanded as (
    select membres.phase, membres.territoire_id, membres.siren_membre, commune.code_commune
    from membres
    join commune on commune.siren_epci = membres.siren_membre
    where membres.kind = 'epci'
    union all
    select membres.phase, membres.territoire_id, membres.siren_membre, commune.code_commune
    from membres
    join commune on commune.siren_ept = membres.siren_membre
    where membres.kind = 'ept'
    union all
    select membres.phase, membres.territoire_id, membres.siren_membre, membres.code_commune
    from membres
    where membres.kind = 'commune'
),

ranked as (
    select
        *,
        row_number() over (partition by code_commune, phase order by territoire_id) as rang,
        count(*) over (partition by code_commune, phase) as nb_territoires,
    from expanded
)

select
    code_commune,
    phase,
    territoire_id,
    siren_membre,
    nb_territoires > 1 as is_multiple,
from ranked
where rang = 1
