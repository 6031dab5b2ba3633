-- grain: one row per territory (any kind; Territoire d'industrie × phase) × current commune it holds
-- unique: type, code, phase, code_commune
-- not_null: type, code, code_commune, entier
-- The only place that says which communes a territory holds (COG 2026). entier is false only for
-- a commune split between constituencies; its poids (share attributed) is then unknown (NULL):
-- additive totals use whole communes and say how many split ones they leave out.
-- Territoires d'industrie are expanded from their members (EPCI, EPT or commune) with the 2026
-- composition; a commune in two territories of one phase belongs to both.
-- France (fr) is INSEE's France, métropole and the five DROM (18 régions, 101 départements): the
-- collectivités d'outre-mer (COM: Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin,
-- Wallis-et-Futuna, Polynésie, Nouvelle-Calédonie…; the COG's zone 'com') are territories of
-- their own outside it (with them France's 2023 population was 68,952,941 for
-- INSEE's 68,350,798).
with ti as (
    select m.phase, m.territoire_id, c.code_commune
    from territoire_industrie_membre as m join commune as c on c.siren_epci = m.siren_membre
    where m.kind = 'epci'
    union
    select m.phase, m.territoire_id, c.code_commune
    from territoire_industrie_membre as m join commune as c on c.siren_ept = m.siren_membre
    where m.kind = 'ept'
    union
    select m.phase, m.territoire_id, m.code_commune from territoire_industrie_membre as m where m.kind = 'commune'
)

select 'commune' as type, code_commune as code, null::integer as phase, code_commune, true as entier, 1.0::double as poids
from commune
union all
select 'epci', siren_epci, null, code_commune, true, 1.0 from commune where siren_epci is not null
union all
select 'ept', siren_ept, null, code_commune, true, 1.0 from commune where siren_ept is not null
union all
select 'territoire_industrie', territoire_id, phase, code_commune, true, 1.0 from ti
union all
select 'zone_emploi', code_ze, null, code_commune, true, 1.0 from commune_zone_emploi_cog2026
union all
select 'departement', code_departement, null, code_commune, true, 1.0 from commune
union all
select 'region', code_region, null, code_commune, true, 1.0 from commune
union all
select 'circonscription', circonscription_id, null, code_commune, not is_partiel, case when is_partiel then null else 1.0 end
from circonscription_commune
union all
select 'france', 'fr', null, code_commune, true, 1.0 from commune where zone <> 'com'
