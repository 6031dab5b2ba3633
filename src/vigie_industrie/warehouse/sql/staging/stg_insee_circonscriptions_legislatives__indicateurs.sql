-- stg_insee_circonscriptions_legislatives__indicateurs: INSEE 2022 indicators, long format.
-- grain: one row per constituency (or France, code 00000) × indicator
-- unique: code_circo_insee, indicateur
-- not_null: code_circo_insee, indicateur
-- Values: decimal comma → point, thousands spaces removed, `nd` (non déterminé) and empty → NULL.
-- A value of another shape makes the cast, hence the build, fail: never silently 0.
with source as (
    select * from raw.insee_circonscriptions_legislatives__indicateurs
),

-- empty cells become '' so that unpivot keeps them (it drops NULLs); they end as NULL below
filled as (
    select
        circo,
        "Nom de la circonscription",
        coalesce(columns(* exclude (circo, "Nom de la circonscription")), ''),
    from source
),

long as (
    unpivot filled
    on columns(* exclude (circo, "Nom de la circonscription"))
    into name indicateur value valeur_brute
),

renamed as (
    select
        -- ids
        trim(circo) as code_circo_insee,
        trim(circo) = '00000' as is_france,
        trim("Nom de la circonscription") as nom_circo_insee,
        indicateur,
        -- measure
        valeur_brute,
        case
            when valeur_brute is null or trim(valeur_brute) in ('', 'nd') then null
            else cast(
                replace(replace(replace(trim(valeur_brute), ' ', ''), chr(160), ''), ',', '.')
                as double
            )
        end as valeur,
    from long
),

final as (
    select
        *,
        case
            when is_france or code_circo_insee is null then null
            when left(code_circo_insee, 2) in ('97', '98')
                then 'circo-' || left(code_circo_insee, 3) || '-' || right(code_circo_insee, 2)
            else 'circo-' || left(code_circo_insee, 2) || '-' || lpad(cast(cast(right(code_circo_insee, 3) as integer) as varchar), 2, '0')
        end as circonscription_id,
    from renamed
)

select * from final
