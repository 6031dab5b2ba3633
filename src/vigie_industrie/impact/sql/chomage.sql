-- The zone d'emploi holding the site(s): its unemployment rate and ESTEL employment (indicator marts),
-- the re-user's census ratio of jobs to employed residents, and the labour force they give, an
-- estimate: emploi ESTEL × 100 / ratio (employed residents) / (1 − taux / 100).
zones as (
    select code, emplois_perdus from touched where type = 'zone_emploi'
)

select zones.code as code_ze, zone_emploi.nom_ze, zones.emplois_perdus,
    taux.valeur as taux_chomage, taux.periode as periode_taux, taux.note as note_taux,
    estel.valeur as emploi_total, estel.periode as periode_emploi, estel.note as note_emploi,
    ratio.ratio_emplois_actifs_occupes_rp2022 as ratio_emplois_actifs,
    estel.valeur * 100.0 / nullif(ratio.ratio_emplois_actifs_occupes_rp2022, 0) / nullif(1 - taux.valeur / 100.0, 0)
        as population_active
from zones
left join zone_emploi on zone_emploi.code_ze = zones.code
left join vals as taux on taux.type = 'zone_emploi' and taux.code = zones.code and taux.indicateur = 'taux_chomage' and taux.dimension is null
left join vals as estel on estel.type = 'zone_emploi' and estel.code = zones.code and estel.indicateur = 'emploi_total' and estel.dimension is null
left join staging.stg_ptod_emploi_ze_secteurs__actifs_ze as ratio on ratio.code_ze = zones.code
order by zones.emplois_perdus desc, zones.code
