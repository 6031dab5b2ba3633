-- stg_insee_circonscriptions_legislatives__contours: constituency polygons (GeoJSON text, WGS84).
-- grain: one row per constituency with a contour (566: all but the 11 of French people abroad)
-- unique: circonscription_id
-- not_null: circonscription_id, geometry
-- Overseas départements and COM carry Ministère de l'Intérieur letter codes (ZA = 971, …).
with source as (
    select * from raw.insee_circonscriptions_legislatives__contours
),

renamed as (
    select
        trim("ID") as code_contour,
        trim(code_dpt) as code_dpt_source,
        case trim(code_dpt)
            when 'ZA' then '971'
            when 'ZB' then '972'
            when 'ZC' then '973'
            when 'ZD' then '974'
            when 'ZS' then '975'
            when 'ZM' then '976'
            when 'ZX' then '978'
            when 'ZW' then '986'
            when 'ZP' then '987'
            when 'ZN' then '988'
            else trim(code_dpt)
        end as code_departement,
        cast(num_circ as integer) as numero,
        nom_dpt as nom_departement_source,
        geometry_type,
        geometry,
    from source
),

final as (
    select
        'circo-' || code_departement || '-' || lpad(cast(numero as varchar), 2, '0') as circonscription_id,
        *,
    from renamed
)

select * from final
