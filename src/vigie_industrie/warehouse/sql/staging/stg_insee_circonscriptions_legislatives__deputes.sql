-- stg_insee_circonscriptions_legislatives__deputes: deputies in office (RNE), birth dates dropped.
-- grain: one row per RNE row (a constituency can have two rows when a seat changed hands)
-- unique: circonscription_id, nom, prenom, date_debut_mandat
-- not_null: circonscription_id, code_circo_rne, nom, prenom, date_debut_mandat
-- The RNE code is département + 2-digit number (6208, 2A01, 97101, ZZ01); the id is built from
-- the département column and the last two digits, which also repairs rows whose code carries
-- another département's prefix (is_code_rne_incoherent).
with source as (
    select * from raw.insee_circonscriptions_legislatives__deputes
),

renamed as (
    select
        -- ids
        trim("Code de la circonscription législative") as code_circo_rne,
        coalesce(
            nullif(trim("Code du département"), ''),
            nullif(trim("Code de la collectivité à statut particulier"), '')
        ) as code_departement_rne,
        -- person (no birth date: personal data not needed to show a mandate)
        trim("Nom de l'élu") as nom,
        trim("Prénom de l'élu") as prenom,
        trim("Code sexe") as code_sexe,
        trim("Code de la catégorie socio-professionnelle") as code_csp,
        trim("Libellé de la catégorie socio-professionnelle") as libelle_csp,
        -- mandate
        strptime(trim("Date de début du mandat"), '%d/%m/%Y')::date as date_debut_mandat,
        trim("Libellé de la circonscription législative") as libelle_circo_rne,
    from source
),

coded as (
    select
        *,
        case code_departement_rne
            -- Saint-Barthélemy et Saint-Martin share one constituency, coded 97801 by INSEE
            when 'ZX' then '978'
            else code_departement_rne
        end as code_departement,
        cast(right(code_circo_rne, 2) as integer) as numero,
    from renamed
),

final as (
    select
        'circo-' || code_departement || '-' || lpad(cast(numero as varchar), 2, '0') as circonscription_id,
        code_departement,
        numero,
        code_circo_rne,
        not starts_with(code_circo_rne, code_departement_rne) as is_code_rne_incoherent,
        nom,
        prenom,
        code_sexe,
        code_csp,
        libelle_csp,
        date_debut_mandat,
        libelle_circo_rne,
    from coded
)

select * from final
