"""The assumptions the figures rest on, numbered once per answer like the sources.

Each figure lists the numbers of the assumptions it needs (``hypotheses: [1, 4]``); the answer ends
with the numbered texts. Texts are French (shown to users); ids are stable (tests, the web page).
"""

from __future__ import annotations

from vigie_industrie.impact.model import Hypothese

STOCK = ("stock", "Les emplois perdus sont comparés aux effectifs salariés au 31 décembre de la dernière année publiée, "
         "au plus tard l'année précédant la fermeture (la dernière sans date) : le site y est compté.")
SITE_EPCI = ("site_epci", "Site donné par EPCI : il est placé dans la zone d'emploi et le Territoire d'industrie qui portent "
             "la plus grande part de la population de l'EPCI.")
ETABLISSEMENT = ("etablissement", "Chaque site fermé est un établissement employeur du fichier URSSAF commune × APE : "
                 "les établissements restants sont ceux du secteur moins un par site.")
SYMETRIE = ("symetrie", "Un multiplicateur d'emploi local estimé sur des créations (ou, pour Malgouyres, des destructions) "
            "d'emplois exposés s'applique à la perte des emplois directs ; les emplois indirects et induits se situent dans "
            "la zone d'emploi, échelle à laquelle les multiplicateurs ont été estimés, à moyen terme (plusieurs années).")
NON_INDUSTRIEL = ("non_industriel", "Un site n'est pas industriel (hors sections B à E de la NAF) : les multiplicateurs, "
                  "estimés pour des emplois exposés ou manufacturiers, lui sont appliqués sans garantie.")
PARLEMENT = ("parlement", "« Quatre à cinq emplois indirects par emploi industriel » : formule citée au Parlement, sans étude "
             "publiée à l'appui ; une hypothèse au choix de l'utilisateur, jamais la valeur par défaut.")
POPULATION_ACTIVE = ("population_active", "Population active de la zone estimée : emploi total ESTEL au lieu de travail, "
                     "ramené aux actifs occupés résidents par le ratio emplois / actifs occupés du recensement 2022, puis "
                     "divisé par (1 − taux de chômage). Ce n'est pas un chiffre publié.")
CHOMAGE = ("chomage", "Majorant de court terme : chaque emploi perdu était occupé par un actif résidant dans la zone, qui y "
           "reste actif sans retrouver d'emploi (ni départ, ni retraite, ni reclassement).")
COMPARABLES = ("comparables", "Territoires comparables : même type, emploi industriel en début de période entre la moitié et "
               "le double de celui du territoire simulé ; séries estimées exclues ; une ligne par territoire (sa pire "
               "période de 3 ans).")


class Registre:
    """Numbers assumptions in order of first use."""

    def __init__(self) -> None:
        self._items: list[tuple[str, str]] = []

    def add(self, item: tuple[str, str]) -> int:
        if item not in self._items:
            self._items.append(item)
        return self._items.index(item) + 1

    def liste(self) -> list[Hypothese]:
        return [Hypothese(numero=n, id=i, texte=t) for n, (i, t) in enumerate(self._items, start=1)]
