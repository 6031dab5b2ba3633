"""What a criterion can read: the registry's indicators, a few derived features, and when each is published.

Why ``disponible``: a validation on history must only use figures that were *published* before
the decision it predicts. ``annee`` is the year the data describe; ``disponible`` the first year
they could be read (``annee`` + the source's publication lag, written here once). The scoring SQL
filters on it when a decision year is given, and a test checks no row above it is ever read.

The derived features (``DERIVES``) are computed set-based by ``sql/derives.sql`` over the same
crosswalk as the indicators, so an EPCI, a group of EPCI and a custom perimeter get them alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from vigie_industrie.indicators import families, registry


@dataclass(frozen=True)
class Derive:
    id: str
    libelle: str
    unite: str
    definition: str
    source: str
    niveau: str


DERIVES: dict[str, Derive] = {d.id: d for d in (
    Derive("quotient_localisation_industrie_annuel", "Quotient de localisation de l'industrie (chaque année)", "indice",
           "Part de l'industrie dans l'emploi salarié privé du territoire rapportée à celle de la France, la même année.",
           "ptod-emploi-ze-secteurs ; urssaf-commune-ape", registry.SECTEURS_NIVEAU),
    Derive("variation_annuelle_emploi_industriel", "Variation annuelle moyenne de l'emploi industriel", "% par an",
           "Taux annuel moyen de variation de l'emploi salarié industriel sur la plus longue fenêtre de 3 à 5 ans "
           "de la même source (hausse ou baisse : une mutation compte autant qu'un développement).",
           "ptod-emploi-ze-secteurs ; urssaf-commune-ape", registry.SECTEURS_NIVEAU),
    Derive("nb_secteurs_industriels_specialises", "Secteurs industriels spécialisés (A38)", "secteurs",
           "Nombre de secteurs industriels A38 pesant au moins 1,5 fois leur part nationale dans l'emploi salarié "
           "privé, avec au moins 100 emplois (savoir-faire spécifiques) ; la note les liste.",
           "ptod-emploi-ze-secteurs", "union de zones ; sinon estimation (prorata de la population)"),
    Derive("part_population_hors_grands_poles", "Part de la population hors des pôles des grandes aires", "%",
           "Part de la population municipale 2019 vivant hors des pôles des aires d'attraction des villes 2020 de "
           "200 000 habitants ou plus (couronnes, petites aires, communes hors attraction).",
           "insee-grille-densite-aav ; insee-populations-legales-communes", "exact"),
    Derive("etablissements_industriels", "Établissements employeurs industriels", "établissements",
           "Établissements employeurs des sections B à E, là où le fichier URSSAF commune × APE chargé couvre tout "
           "le territoire (sinon non disponible).", "urssaf-commune-ape", "exact ; sinon non disponible"),
    Derive("effectif_moyen_etablissement_industriel", "Effectif moyen des établissements industriels", "salariés",
           "Effectifs industriels divisés par le nombre d'établissements industriels (fichier commune × APE).",
           "urssaf-commune-ape", "exact ; sinon non disponible"),
    Derive("part_industrie_agriculture_recensement", "Part de l'industrie et de l'agriculture (recensement)", "%",
           "Recensements 2011 et 2016 tels que publiés par le réutilisateur : 100 − construction − tertiaire "
           "marchand − tertiaire non marchand (EPCI seulement).", "ptod-emploi-ze-secteurs (indicateurs_eco_epci)",
           "calcul réutilisateur"),
    Derive("quotient_localisation_industrie_agriculture_recensement",
           "Quotient de localisation de l'industrie et de l'agriculture (recensement)", "indice",
           "Part de l'industrie et de l'agriculture dans l'emploi au lieu de travail (recensements 2011 et 2016 tels que "
           "publiés par le réutilisateur, résidu 100 − construction − tertiaire) rapportée à celle de la France la même "
           "année (EPCI seulement).", "ptod-emploi-ze-secteurs (indicateurs_eco_epci)", "calcul réutilisateur"),
    Derive("emploi_industriel_agriculture_estime", "Emplois industriels et agricoles estimés (recensement × URSSAF)",
           "emplois",
           "Estimation : part de l'industrie et de l'agriculture du recensement A (réutilisateur, résidu) × effectifs "
           "salariés privés URSSAF de l'année A+2 (2014 au plus tôt) ; l'année de la ligne est celle des effectifs.",
           "ptod-emploi-ze-secteurs (indicateurs_eco_epci ; urssaf_effectifs_total_par_territoire)", "estimation"),
    Derive("variation_annuelle_emploi_salarie_prive", "Variation annuelle moyenne de l'emploi salarié privé", "% par an",
           "Taux annuel moyen de variation des effectifs salariés privés URSSAF (tous secteurs, somme exacte des "
           "communes) sur la plus longue fenêtre de 3 à 5 ans depuis 2014.",
           "ptod-emploi-ze-secteurs (urssaf_effectifs_total_par_territoire)", "exact"),
)}

# Years between the data year (`annee`) and the first year the figure is published.
# URSSAF headcounts at 31 December of A: spring of A+1. Legal populations of A: end of A+2, in force
# on 1 January A+3. Census A (five surveys centred on A): mid A+3. ESTEL: A+2. Unemployment of a
# quarter of A: counted as A+1 (the fourth quarter is published in March of A+1).
# The density grid's `annee` is already its edition (2024); the AAV 2020 feature's is its zoning
# year, published in 2020, weighted by the 2019 populations published in 2022.
# emploi_industriel_agriculture_estime: its `annee` is the URSSAF year A+2 of census A (A+1 = A+3,
# when the census share is out), hence the default lag.
PUBLICATION_LAG_DEFAULT = 1
PUBLICATION_LAG = {
    "population": 3,
    "densite": 0,
    "emploi_total": 2,
    "part_industrie_recensement": 3,
    "part_industrie_agriculture_recensement": 3,
    "quotient_localisation_industrie_agriculture_recensement": 3,
    "part_population_hors_grands_poles": 2,
}
# Figures computed by the re-user from the census, flagged as such in the model and the report.
REUTILISATEUR = ("part_industrie_recensement", "part_industrie_agriculture_recensement",
                 "quotient_localisation_industrie_agriculture_recensement", "emploi_industriel_agriculture_estime")
# The re-user's census file the derived census features read (a test passes a garbled copy).
RECENSEMENT = "raw.ptod_emploi_ze_secteurs__indicateurs_eco_epci"

COLUMNS = ("type", "code", "phase", "indicateur", "dimension", "periode", "annee", "disponible", "valeur", "unite",
           "source", "niveau", "methode", "note")


def known(indicateur: str) -> bool:
    return indicateur in registry.REGISTRY or indicateur in DERIVES


def libelle(indicateur: str) -> str:
    if indicateur in DERIVES:
        return DERIVES[indicateur].libelle
    ind = registry.REGISTRY.get(indicateur)
    return ind.libelle if ind else indicateur


def unite(indicateur: str) -> str | None:
    if indicateur in DERIVES:
        return DERIVES[indicateur].unite
    ind = registry.REGISTRY.get(indicateur)
    return ind.unite if ind else None


def lag(indicateur: str) -> int:
    return PUBLICATION_LAG.get(indicateur, PUBLICATION_LAG_DEFAULT)


def disponible_sql(column: str = "indicateur") -> str:
    """SQL expression: the publication year of a row (``annee`` + the lag of its indicator)."""
    cases = " ".join(f"when '{i}' then {n}" for i, n in sorted(PUBLICATION_LAG.items()))
    return f"annee + case {column} {cases} else {PUBLICATION_LAG_DEFAULT} end"


@lru_cache(maxsize=None)
def _derives_text() -> str:
    return (resources.files("vigie_industrie.eligibility") / "sql" / "derives.sql").read_text(encoding="utf-8")


def ctes(crosswalk: str, valeurs: str, recensement: str = RECENSEMENT) -> str:
    """CTEs ending with ``features``: every feature row (indicators + derived) of the territories of
    ``crosswalk``, with ``disponible``. ``crosswalk`` has the columns of ``territoire_commune``;
    ``valeurs`` those of ``indicateur_valeur`` (the rows of the same territories, every period)."""
    base = families._text("_base").replace("{crosswalk}", crosswalk).replace("{references}", families.NO_REFERENCES)
    body = (_derives_text().replace("{crosswalk}", crosswalk).replace("{valeurs}", valeurs)
            .replace("{recensement}", recensement))
    return f"""{base},
        {body},
        features as (
            select type, code, nullif(phase, 0) as phase, indicateur, dimension, periode, annee,
                {disponible_sql()} as disponible, valeur, unite, source, niveau, methode, note
            from (
                select type, code, phase, indicateur, dimension, periode, annee, valeur, unite, source, niveau, methode, note
                from {valeurs}
                union all by name
                select * from derives
            )
        )"""


def sql(crosswalk: str, valeurs: str, recensement: str = RECENSEMENT) -> str:
    """The feature rows as one statement (see ``ctes``)."""
    return f"with {ctes(crosswalk, valeurs, recensement)}\nselect * from features"
