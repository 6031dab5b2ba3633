-- grain: one row per current commune (COG 2026) holding a zone d'emploi 2020
-- unique: code_commune
-- not_null: code_commune, code_ze, regle
-- The zonage is published in COG 2023: `commune_zone_emploi` keeps one row per 2023 code, so a
-- commune nouvelle created since appears once per former commune (Saint-Denis 93066 twice).
-- Here each current commune belongs to ONE zone, by this rule, in order:
--   1. the zone of the former commune that has the same code as the commune nouvelle (its chef-lieu
--      keeps the code in the COG: this decides all 6 communes nouvelles whose parts lie in two zones);
--   2. otherwise the zone of its most populated former part (populations légales 2020, COG 2022);
--   3. a commune re-established since 2023 (absent from the zonage) takes the zone of the commune
--      nouvelle it was part of in COG 2023 (`parent_cog2023`), said in `note`. The seven cases and their
--      parents come from the COG events (rétablissements 2024-2025), checked against the populations
--      légales: Essarts-en-Bocage 9,300 (2020) → 6,807 (2021) when L'Oie and Sainte-Florence left it.
-- code_ze_partie_regionale follows the chosen former part.
with composition as (
    select * from commune_zone_emploi where is_mapped_cog2026
),

population_2020 as (
    select code_commune, population_municipale from population where annee = 2020
),

ranked as (
    select
        composition.code_commune,
        composition.code_ze,
        composition.code_ze_partie_regionale,
        composition.code_commune_cog2023,
        count(*) over (partition by composition.code_commune) as nb_codes_cog2023,
        row_number() over (
            partition by composition.code_commune
            order by (composition.code_commune_cog2023 = composition.code_commune) desc,
                population_2020.population_municipale desc nulls last, composition.code_commune_cog2023
        ) as rang,
    from composition
    left join population_2020 on population_2020.code_commune = composition.code_commune_cog2023
),

zones_par_commune as (
    select code_commune, count(distinct code_ze) as nb_zones_cog2023
    from composition
    group by code_commune
),

retablies (code_commune, parent_cog2023) as (
    values ('15031', '15141'), ('15035', '15141'), ('15047', '15141'), ('15171', '15141'),
        ('60694', '60054'), ('85165', '85084'), ('85212', '85084')
),

chosen as (
    select
        ranked.code_commune,
        ranked.code_ze,
        ranked.code_ze_partie_regionale,
        ranked.code_commune_cog2023,
        ranked.nb_codes_cog2023,
        zones_par_commune.nb_zones_cog2023,
        case
            when ranked.nb_codes_cog2023 = 1 then 'commune du zonage'
            when zones_par_commune.nb_zones_cog2023 = 1 then 'commune nouvelle, une seule zone'
            when ranked.code_commune_cog2023 = ranked.code_commune then 'commune nouvelle, zone de l''ancienne commune de même code'
            else 'commune nouvelle, zone de la partie la plus peuplée'
        end as regle,
        case
            when zones_par_commune.nb_zones_cog2023 > 1
                then 'Commune nouvelle dont les anciennes communes relevaient de ' || zones_par_commune.nb_zones_cog2023
                    || ' zones d''emploi : rattachée à la zone ' || ranked.code_ze || ' (ancienne commune '
                    || ranked.code_commune_cog2023 || ').'
        end as note,
    from ranked
    join zones_par_commune using (code_commune)
    where ranked.rang = 1
),

retablies_zone as (
    select
        retablies.code_commune,
        chosen.code_ze,
        chosen.code_ze_partie_regionale,
        retablies.parent_cog2023 as code_commune_cog2023,
        0 as nb_codes_cog2023,
        1 as nb_zones_cog2023,
        'commune rétablie, zone de l''ancienne commune parente' as regle,
        'Commune rétablie après le zonage de 2020 (COG 2023) : zone d''emploi de la commune dont elle faisait partie ('
            || retablies.parent_cog2023 || ').' as note,
    from retablies
    join chosen on chosen.code_commune = retablies.parent_cog2023
    join commune on commune.code_commune = retablies.code_commune
    anti join composition on composition.code_commune = retablies.code_commune
)

select * from chosen
union all
select * from retablies_zone
