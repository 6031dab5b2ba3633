"""What each indicator id means: label, unit, definition, formula, source and level of computation.

The registry is the single description of the indicators: docs/indicators.md is generated from it
(and checked by the docs test), the CLI and API list it, and every id it holds is computed by one
family SQL file of ``indicators/sql`` (``famille`` names the file).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from vigie_industrie import errors

# The four levels of computation written in ``indicateur_valeur.niveau`` (one spelling everywhere).
NIVEAUX = ("exact", "union de zones", "estimation", "calcul réutilisateur")

URSSAF_APE = "urssaf-commune-ape (ou son extrait urssaf-commune-ape-ze-rouen)"
URSSAF_ZE = "ptod-emploi-ze-secteurs (URSSAF zone d'emploi × A38/A5)"
SECTEURS_NIVEAU = (
    "exact (commune × APE, quand le fichier chargé couvre tout le territoire) ; union de zones (zones "
    "d'emploi entières) ; sinon estimation (effectifs de chaque zone répartis au prorata de la population)"
)


@dataclass(frozen=True)
class Indicateur:
    id: str
    libelle: str
    unite: str
    definition: str
    formule: str
    source: str
    niveau: str
    famille: str
    additif: bool = False
    sens: str | None = None  # 'hausse' when a higher value is better, 'baisse' when lower is, None if neutral


FAMILLES = {
    "population": "Population",
    "emploi": "Emploi",
    "industrie": "Emploi industriel",
    "secteurs": "Structure sectorielle",
    "chomage": "Chômage",
}


def _evolutions() -> list[Indicateur]:
    out = []
    for suffix, years, label in (("1an", 1, "sur un an"), ("5ans", 5, "sur cinq ans"), ("10ans", 10, "sur dix ans")):
        out.append(Indicateur(
            f"evolution_emploi_industriel_{suffix}", f"Évolution de l'emploi industriel {label}", "emplois",
            f"Variation du nombre d'emplois salariés privés industriels {label} (période 'A-{years}-A').",
            f"emploi_industriel(A) − emploi_industriel(A−{years})", f"{URSSAF_APE} ; {URSSAF_ZE}",
            SECTEURS_NIVEAU, "industrie", additif=True, sens="hausse"))
        out.append(Indicateur(
            f"evolution_emploi_industriel_{suffix}_pct", f"Évolution de l'emploi industriel {label} (%)", "%",
            f"Variation relative de l'emploi salarié privé industriel {label}.",
            f"100 × (emploi_industriel(A) / emploi_industriel(A−{years}) − 1)", f"{URSSAF_APE} ; {URSSAF_ZE}",
            SECTEURS_NIVEAU, "industrie", sens="hausse"))
    return out


_INDICATEURS = [
    Indicateur(
        "population", "Population municipale", "habitants",
        "Population municipale légale, millésime par millésime, ramenée aux communes du COG 2026.",
        "Σ population des communes entières du territoire", "insee-populations-legales-communes",
        "exact", "population", additif=True),
    Indicateur(
        "densite", "Part de la population en commune rurale (par niveau de densité)", "%",
        "Part de la population (2021) vivant dans chaque niveau de la grille communale de densité à 7 niveaux "
        "(dimension = niveau 1 à 7) ; sans dimension : part vivant dans une commune rurale (niveaux 5 à 7).",
        "100 × Σ population des communes du niveau / Σ population", "insee-grille-densite-aav", "exact", "population"),
    Indicateur(
        "emploi_salarie_prive", "Emploi salarié privé", "emplois",
        "Effectifs salariés du secteur privé au 31 décembre (URSSAF), 2014-2024, somme des communes "
        "du territoire (codes communes ramenés au COG 2026).",
        "Σ effectifs des communes", "ptod-emploi-ze-secteurs (URSSAF par commune)", "exact", "emploi",
        additif=True, sens="hausse"),
    Indicateur(
        "emploi_total", "Emploi total (ESTEL)", "emplois",
        "Emploi total (salarié et non salarié) au lieu de travail, 1998-2023, publié par zone d'emploi : "
        "disponible pour les zones et les territoires formés de zones entières.",
        "Σ emploi des zones d'emploi du territoire", "ptod-emploi-ze-secteurs (INSEE ESTEL)",
        "exact (zone) ; union de zones ; sinon non disponible", "emploi", additif=True, sens="hausse"),
    Indicateur(
        "emploi_industriel", "Emploi salarié industriel", "emplois",
        "Effectifs salariés privés de l'industrie (sections B à E de la NAF, A5 « BE »).",
        "Σ effectifs des secteurs industriels", f"{URSSAF_APE} ; {URSSAF_ZE}", SECTEURS_NIVEAU, "industrie",
        additif=True, sens="hausse"),
    Indicateur(
        "part_industrie", "Part de l'industrie dans l'emploi salarié privé", "%",
        "Part des effectifs industriels dans les effectifs salariés privés de la même source.",
        "100 × emploi_industriel / emploi salarié privé (tous secteurs, même source)",
        f"{URSSAF_APE} ; {URSSAF_ZE}", SECTEURS_NIVEAU, "industrie"),
    Indicateur(
        "part_industrie_recensement", "Part de l'industrie dans l'emploi (recensement 2022)", "%",
        "Part de l'industrie dans les emplois au lieu de travail, recensement 2022, telle que publiée par le "
        "réutilisateur pour les EPCI, départements, zones d'emploi et la France (non recalculée).",
        "valeur publiée (eco_sectindus_pct_22)", "ptod-emploi-ze-secteurs (indicateurs_eco_*)",
        "calcul réutilisateur", "industrie"),
    Indicateur(
        "part_emploi_industriel_national", "Part de l'emploi industriel national", "%",
        "Part des emplois industriels de France (somme des zones d'emploi, ou du fichier national) "
        "situés dans le territoire.",
        "100 × emploi_industriel / emploi_industriel(France)", f"{URSSAF_APE} ; {URSSAF_ZE}",
        SECTEURS_NIVEAU, "industrie"),
    *_evolutions(),
    Indicateur(
        "tcam_emploi_industriel", "Taux de croissance annuel moyen de l'emploi industriel (5 ans)", "% par an",
        "Taux de croissance annuel moyen de l'emploi industriel sur les cinq années finissant en A.",
        "100 × ((emploi_industriel(A) / emploi_industriel(A−5))^(1/5) − 1)", f"{URSSAF_APE} ; {URSSAF_ZE}",
        SECTEURS_NIVEAU, "industrie", sens="hausse"),
    Indicateur(
        "quotient_localisation_industrie", "Quotient de localisation de l'industrie (France)", "indice",
        "Poids d'un secteur dans l'emploi du territoire rapporté à son poids en France (1 = comme la France). "
        "Sans dimension : toute l'industrie ; dimension = secteur industriel A38 (dernière année).",
        "(e_s / e) / (E_s,France / E_France)", f"{URSSAF_APE} ; {URSSAF_ZE}", SECTEURS_NIVEAU, "secteurs"),
    Indicateur(
        "quotient_localisation_industrie_region", "Quotient de localisation de l'industrie (région)", "indice",
        "Même quotient rapporté à la région qui porte l'essentiel de la population du territoire.",
        "(e_s / e) / (E_s,région / E_région)", f"{URSSAF_APE} ; {URSSAF_ZE}", SECTEURS_NIVEAU, "secteurs"),
    Indicateur(
        "emploi_salarie_secteur", "Emploi salarié privé par secteur A38", "emplois",
        "Effectifs salariés privés de chaque secteur A38 (dimension), dernière année de la source ; "
        "un secteur absent (secret ou sans établissement) n'a pas de ligne.",
        "Σ effectifs du secteur", f"{URSSAF_APE} ; {URSSAF_ZE}", SECTEURS_NIVEAU, "secteurs", additif=True),
    Indicateur(
        "shift_share_variation", "Variation de l'emploi industriel décomposée (shift-share)", "emplois",
        "Variation de l'emploi des secteurs industriels A38 connus aux deux dates de la période (de la plus "
        "ancienne année commune au territoire et à la France, au plus dix ans avant la plus récente), somme "
        "exacte des trois effets ci-dessous.",
        "Σ_s (e_s,1 − e_s,0)", f"{URSSAF_APE} ; {URSSAF_ZE}", SECTEURS_NIVEAU, "secteurs", sens="hausse"),
    Indicateur(
        "shift_share_national", "Effet national (shift-share)", "emplois",
        "Variation qu'aurait connue l'emploi industriel du territoire au rythme de l'industrie française.",
        "Σ_s e_s,0 × g_France", f"{URSSAF_APE} ; {URSSAF_ZE}", SECTEURS_NIVEAU, "secteurs"),
    Indicateur(
        "shift_share_structurel", "Effet structurel (shift-share)", "emplois",
        "Part de la variation due à la composition sectorielle (secteurs en croissance ou en déclin en France).",
        "Σ_s e_s,0 × (g_s,France − g_France)", f"{URSSAF_APE} ; {URSSAF_ZE}", SECTEURS_NIVEAU, "secteurs"),
    Indicateur(
        "shift_share_local", "Effet local (shift-share)", "emplois",
        "Part de la variation propre au territoire, une fois retirés les effets national et structurel.",
        "Σ_s e_s,0 × (g_s − g_s,France)", f"{URSSAF_APE} ; {URSSAF_ZE}", SECTEURS_NIVEAU, "secteurs",
        sens="hausse"),
    Indicateur(
        "herfindahl_a38", "Concentration sectorielle (Herfindahl A38)", "indice (0-1)",
        "Indice de Herfindahl-Hirschman des parts des secteurs A38 dans l'emploi salarié privé "
        "(1/38 si réparti également, 1 si un seul secteur), dernière année de la source.",
        "Σ_s (e_s / e)²", f"{URSSAF_APE} ; {URSSAF_ZE}", SECTEURS_NIVEAU, "secteurs"),
    Indicateur(
        "part_premier_secteur", "Part du premier secteur A38", "%",
        "Part dans l'emploi salarié privé du secteur A38 qui emploie le plus (code dans la note), dernière année "
        "de la source.",
        "100 × max_s e_s / e", f"{URSSAF_APE} ; {URSSAF_ZE}", SECTEURS_NIVEAU, "secteurs"),
    Indicateur(
        "effectif_moyen_etablissement", "Effectif moyen par établissement employeur", "salariés",
        "Effectifs salariés privés divisés par le nombre d'établissements employeurs (fichier commune × APE "
        "seulement : non disponible ailleurs), dernière année du fichier.",
        "Σ effectifs / Σ établissements", URSSAF_APE, "exact ; sinon non disponible", "secteurs"),
    Indicateur(
        "taux_chomage", "Taux de chômage localisé", "%",
        "Taux de chômage trimestriel CVS au lieu de résidence. Zone d'emploi : taux INSEE ; autre territoire : "
        "moyenne des taux de ses zones pondérée par la population de ses communes dans chaque zone (pour "
        "les régions et départements, taux des parties régionales des zones interrégionales).",
        "Σ_z taux_z × population(territoire ∩ z) / Σ_z population(territoire ∩ z)", "insee-zones-emploi-chomage",
        "exact (zone d'emploi) ; estimation (moyenne pondérée) ailleurs", "chomage", sens="baisse"),
    Indicateur(
        "evolution_chomage_4t", "Évolution du taux de chômage sur 4 trimestres", "points",
        "Écart en points entre le taux (pondéré) du dernier trimestre et celui d'un an plus tôt.",
        "taux(T) − taux(T−4)", "insee-zones-emploi-chomage",
        "exact (zone d'emploi) ; estimation ailleurs", "chomage", sens="baisse"),
    Indicateur(
        "evolution_chomage_20t", "Évolution du taux de chômage sur 20 trimestres", "points",
        "Écart en points entre le taux (pondéré) du dernier trimestre et celui de cinq ans plus tôt.",
        "taux(T) − taux(T−20)", "insee-zones-emploi-chomage",
        "exact (zone d'emploi) ; estimation ailleurs", "chomage", sens="baisse"),
]

REGISTRY: dict[str, Indicateur] = {i.id: i for i in _INDICATEURS}


def get(indicateur_id: str) -> Indicateur:
    """The indicator ``indicateur_id``, or a French error naming the closest ids."""
    try:
        return REGISTRY[indicateur_id]
    except KeyError:
        close = difflib.get_close_matches(indicateur_id, list(REGISTRY), n=4, cutoff=0.5)
        hint = f" Vouliez-vous dire : {', '.join(close)} ?" if close else ""
        raise errors.UnknownIndicator(
            f"Indicateur « {indicateur_id} » inconnu.{hint} La liste des indicateurs est dans "
            "docs/indicators.md et sur /api/v1/indicateurs."
        ) from None


def by_famille(famille: str) -> list[Indicateur]:
    return [i for i in _INDICATEURS if i.famille == famille]
