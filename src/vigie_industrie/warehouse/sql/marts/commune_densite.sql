-- grain: one row per commune (COG 2024): INSEE 7-level density grid and aire d'attraction des villes 2020
-- unique: code_commune
-- not_null: code_commune, densite
with grille as (
    select * from staging.stg_insee_grille_densite_aav__grille_densite
),

aav as (
    select * from staging.stg_insee_grille_densite_aav__aav_composition
),

aav_liste as (
    select * from staging.stg_insee_grille_densite_aav__aav_liste
)

select
    grille.code_commune,
    grille.nom_commune,
    grille.densite,
    grille.libelle_densite,
    case when grille.densite = 1 then 1 when grille.densite <= 4 then 2 else 3 end as degre_densite,
    grille.population_2021,
    aav.code_aav,
    aav.nom_aav,
    aav.categorie_aav,
    aav_liste.tranche_aav,
    grille.densite >= 5 and aav.categorie_aav = 20 as is_rural_periurbain,
    grille.densite >= 5 and aav.categorie_aav = 30 as is_rural_hors_influence,
    2024 as cog_annee,
from grille
left join aav using (code_commune)
left join aav_liste using (code_aav)
