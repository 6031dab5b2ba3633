-- circonscription_commune_anomalie: what the commune → constituency mapping could not place.
-- grain: one row per commune code and kind of anomaly
-- unique: anomalie, code_commune
-- not_null: anomalie, code_commune, explication
-- Three kinds: a code of the INSEE composition mapped to no current commune (`code_non_rattache`),
-- a row of the composition without constituency (`sans_circonscription`, uninhabited communes
-- of the Meuse), a current commune present in no constituency (`commune_actuelle_absente`:
-- Mayotte and the COM, which INSEE's composition does not cover, or communes restored since).
with composition as (
    select * from staging.stg_insee_circonscriptions_legislatives__composition
),

communes as (
    select * from commune
),

historique as (
    select * from commune_historique
),

placed as (
    select * from circonscription_commune
),

unmapped as (
    select
        'code_non_rattache' as anomalie,
        composition.code_commune_source as code_commune,
        any_value(composition.nom_commune_source) as nom_commune,
        any_value(composition.code_departement) as code_departement,
        'Code de la composition INSEE absent des communes actuelles et des communes déléguées ou associées du COG' as explication,
    from composition
    left join communes
        on communes.code_commune = composition.code_commune_source
    left join historique
        on historique.code_commune_ancien = composition.code_commune_source
    where composition.circonscription_id is not null
        and communes.code_commune is null
        and historique.code_commune is null
    group by composition.code_commune_source
),

without_circo as (
    select
        'sans_circonscription' as anomalie,
        code_commune_source as code_commune,
        nom_commune_source as nom_commune,
        code_departement,
        'Commune sans circonscription dans la composition INSEE (commune sans habitant)' as explication,
    from composition
    where circonscription_id is null
),

absent as (
    select
        'commune_actuelle_absente' as anomalie,
        communes.code_commune,
        communes.nom_commune,
        communes.code_departement,
        'Commune actuelle rattachée à aucune circonscription par la composition INSEE' as explication,
    from communes
    where not exists (
        select 1 from placed where placed.code_commune = communes.code_commune
    )
        and not exists (
            select 1 from without_circo where without_circo.code_commune = communes.code_commune
        )
),

final as (
    select * from unmapped
    union all
    select * from without_circo
    union all
    select * from absent
)

select * from final
