-- grain: one row per phase × Territoire d'industrie × member (EPCI, EPT or single commune)
-- unique: phase, territoire_id, siren_membre
-- not_null: phase, territoire_id, siren_membre, kind
-- kind says what the SIREN resolves to in the 2026 geography; 'inconnu' is reported by the build.
with groupements as (
    select * from staging.stg_anct_territoires_industrie__groupements
)

select
    groupements.phase,
    groupements.territoire_id,
    groupements.siren_membre,
    coalesce(epci.nom_epci, ept.nom_ept, commune.nom_commune, groupements.nom_membre) as nom_membre,
    groupements.nom_membre as nom_membre_source,
    groupements.nature_membre,
    case
        when epci.siren_epci is not null then 'epci'
        when ept.siren_ept is not null then 'ept'
        when commune.code_commune is not null then 'commune'
        else 'inconnu'
    end as kind,
    coalesce(epci.siren_epci, ept.siren_ept) as siren_groupement,
    commune.code_commune,
from groupements
left join epci on epci.siren_epci = groupements.siren_membre
left join ept on ept.siren_ept = groupements.siren_membre
left join commune on commune.siren_commune = groupements.siren_membre
