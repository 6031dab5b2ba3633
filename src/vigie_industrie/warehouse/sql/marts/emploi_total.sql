-- grain: one row per source × level × territory × year
-- unique: source, niveau, code, annee
-- not_null: source, niveau, code, annee
-- ESTEL: total employment (salaried + non-salaried) at place of work, by zone d'emploi, 1998-2023.
-- URSSAF: private salaried headcount, 2014-2024, by commune, EPCI, zone, département, région, France…
-- The 28 « parties régionales » keep their own level: never add them to their zone.
with estel as (
    select * from staging.stg_ptod_emploi_ze_secteurs__estel
),

urssaf as (
    select * from staging.stg_ptod_emploi_ze_secteurs__urssaf_total
),

parties as (
    select code_ze_partie_regionale from zone_emploi_partie_regionale
)

select
    'INSEE ESTEL' as source,
    case
        when estel.code = 'FR' then 'france'
        when parties.code_ze_partie_regionale is not null then 'ze_partie_regionale'
        else 'ze'
    end as niveau,
    estel.code,
    estel.annee,
    estel.emploi,
    'emploi total (salarié et non salarié) au lieu de travail' as definition,
from estel
left join parties on parties.code_ze_partie_regionale = estel.code
union all
select
    'URSSAF' as source,
    case urssaf.echelon
        when 'communes' then 'commune'
        when 'dep' then 'departement'
        when 'reg' then 'region'
        else urssaf.echelon
    end as niveau,
    urssaf.code,
    urssaf.annee,
    urssaf.emploi,
    'effectifs salariés du secteur privé au 31 décembre' as definition,
from urssaf
