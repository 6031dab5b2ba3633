-- depute: the deputies of the Répertoire national des élus, one row per mandate row.
-- grain: one row per constituency × deputy × start of mandate
-- unique: circonscription_id, nom, prenom, date_debut_mandat
-- not_null: circonscription_id, nom, prenom, nom_affiche, date_debut_mandat, is_en_cours
-- A constituency has two rows when the seat changed hands before the extraction (by-election,
-- replacement): the latest start of mandate is the deputy in office (is_en_cours). Birth dates
-- are not kept. nom_affiche puts the RNE's upper-case surname in title case (« Auguste Evrard »,
-- « Élisabeth de Maistre »; the RNE's first names are kept as written).
with deputes as (
    select * from staging.stg_insee_circonscriptions_legislatives__deputes
),

ranked as (
    select
        *,
        row_number() over (
            partition by circonscription_id
            order by date_debut_mandat desc, nom, prenom
        ) as rang_mandat,
        count(*) over (partition by circonscription_id) as nb_lignes_rne,
    from deputes
),

final as (
    select
        circonscription_id,
        nom,
        prenom,
        prenom || ' ' || array_to_string(
            list_transform(
                string_split(lower(nom), ' '),
                word -> case
                    -- particles stay lower-case: « de Maistre », « du Plessis »
                    when word in ('de', 'du', 'des') then word
                    else array_to_string(
                        list_transform(string_split(word, '-'), part -> upper(left(part, 1)) || substr(part, 2)),
                        '-'
                    )
                end
            ),
            ' '
        ) as nom_affiche,
        code_sexe,
        libelle_csp,
        date_debut_mandat,
        rang_mandat = 1 as is_en_cours,
        nb_lignes_rne,
        code_circo_rne,
        is_code_rne_incoherent,
        'Ministère de l''Intérieur, Répertoire national des élus (RNE)' as source,
        'Licence Ouverte / Open Licence 2.0' as licence,
    from ranked
)

select * from final
