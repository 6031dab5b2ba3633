"""The four alert targets: what is predicted, for which territories, from which features.

Each target is one SQL file of ``alerts/sql`` (one row per territory × origin, the features known
at the origin, the observed outcome ``y``) and one entry here, which says in French what the
features mean (for the explanations) and which column each naive baseline reads. Adding a target
is one SQL file and one entry.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from vigie_industrie import errors


@dataclass(frozen=True)
class Feature:
    libelle: str
    unite: str


@dataclass(frozen=True)
class Target:
    id: str
    libelle: str
    evenement: str  # the predicted event, in French
    niveau: str  # territory kind of the rows: zone_emploi, epci, cellule (commune × A38)
    pas: str  # 'trimestre' or 'annee': the unit of ``t``
    horizon: int  # in units of ``t``
    sources: str
    features: dict[str, Feature]
    # naive baselines: the column read and the sign that turns it into a risk (higher = riskier)
    trend_column: str  # the last period's change (one step)
    persistence_column: str  # the previous change over the horizon
    risk_sign: int
    # first test origin of the rolling-origin backtest (every later labelled origin is tested)
    first_test_origin: int
    test_step: int = 1  # one test origin every test_step units of t (quarterly targets: 4 → once a year)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def columns(self) -> list[str]:
        return list(self.features)


_CHOMAGE = {
    "ratio_chomage_france": Feature("Taux de chômage rapporté au taux moyen des zones", "ratio"),
    "ecart_chomage_france": Feature("Écart au taux de chômage moyen des zones", "points"),
    "evol_chomage_1t_relative": Feature("Évolution du chômage sur 1 trimestre, nette de l'évolution moyenne", "points"),
    "evol_chomage_4t_relative": Feature("Évolution du chômage sur 4 trimestres, nette de l'évolution moyenne", "points"),
    "evol_chomage_12t_relative": Feature("Évolution du chômage sur 12 trimestres, nette de l'évolution moyenne", "points"),
    "evol_chomage_20t_relative": Feature("Évolution du chômage sur 20 trimestres, nette de l'évolution moyenne", "points"),
    "evol_emploi_1an_relative": Feature("Évolution de l'emploi total (ESTEL) l'année précédente, écart à la France", "points"),
    "evol_emploi_3ans_relative": Feature("Évolution de l'emploi total (ESTEL) sur 3 ans, écart à la France", "points"),
    "part_pop_rurale": Feature("Part de la population en commune rurale (grille 2021)", "%"),
}

_EMPLOI_ZE = {
    "log_emploi": Feature("Taille (log de l'emploi total)", "log"),
    "evol_emploi_1an_relative": Feature("Évolution de l'emploi sur 1 an, écart à la France", "points"),
    "evol_emploi_3ans_relative": Feature("Évolution de l'emploi sur 3 ans, écart à la France", "points"),
    "evol_emploi_5ans_relative": Feature("Évolution de l'emploi sur 5 ans, écart à la France", "points"),
    "ecart_chomage_france": Feature("Écart du taux de chômage au taux moyen des zones (4e trimestre)", "points"),
    "evol_chomage_4t_relative": Feature("Évolution du chômage sur 4 trimestres, nette de l'évolution moyenne", "points"),
    "evol_chomage_20t_relative": Feature("Évolution du chômage sur 20 trimestres, nette de l'évolution moyenne", "points"),
    "part_pop_rurale": Feature("Part de la population en commune rurale (grille 2021)", "%"),
}

_EMPLOI_EPCI = {
    "log_emploi": Feature("Taille (log de l'emploi salarié privé)", "log"),
    "evol_emploi_1an_relative": Feature("Évolution de l'emploi salarié privé sur 1 an, écart à la France", "points"),
    "evol_emploi_3ans_relative": Feature("Évolution de l'emploi salarié privé sur 3 ans, écart à la France", "points"),
    "evol_emploi_5ans_relative": Feature("Évolution de l'emploi salarié privé sur 5 ans, écart à la France", "points"),
    "ecart_chomage_france": Feature("Écart du taux de chômage estimé au taux moyen des zones", "points"),
    "part_pop_rurale": Feature("Part de la population en commune rurale (grille 2021)", "%"),
}

_EMPLOI_INDUSTRIEL = {
    "log_effectifs": Feature("Taille (log des effectifs du secteur dans la commune)", "log"),
    "evol_emploi_1an": Feature("Évolution des effectifs sur 1 an", "%"),
    "evol_emploi_3ans": Feature("Évolution des effectifs sur 3 ans", "%"),
    "evol_emploi_5ans": Feature("Évolution des effectifs sur 5 ans", "%"),
    "etablissements": Feature("Nombre d'établissements employeurs du secteur", "établissements"),
    "evol_etablissements_3ans": Feature("Établissements gagnés ou perdus sur 3 ans", "établissements"),
    "effectif_moyen_etablissement": Feature("Effectif moyen par établissement (dépendance à de grands sites)", "salariés"),
    "part_secteur_commune": Feature("Part du secteur dans l'emploi salarié de la commune", "%"),
    "herfindahl_commune": Feature("Concentration sectorielle de la commune (Herfindahl A38)", "indice"),
    "part_premier_secteur": Feature("Part du premier secteur A38 de la commune", "%"),
    "evol_emploi_commune_3ans": Feature("Évolution de l'emploi salarié de la commune sur 3 ans", "%"),
    "evol_secteur_ailleurs_3ans": Feature(
        "Évolution du même secteur ailleurs dans le fichier sur 3 ans (effet sectoriel, shift-share)", "%"),
    "taux_chomage": Feature("Taux de chômage de la zone d'emploi (4e trimestre)", "%"),
    "evol_chomage_4t": Feature("Évolution du chômage de la zone sur 4 trimestres", "points"),
    "densite": Feature("Niveau de densité de la commune (grille à 7 niveaux)", "niveau"),
}

_TARGETS = [
    Target(
        "chomage_ze", "Hausse du chômage d'une zone d'emploi",
        "le taux de chômage augmente d'au moins 0,5 point dans les 4 trimestres", "zone_emploi", "trimestre", 4,
        "insee-zones-emploi-chomage ; ptod-emploi-ze-secteurs (INSEE ESTEL) ; insee-grille-densite-aav",
        _CHOMAGE, "evol_chomage_1t", "evol_chomage_4t", +1, first_test_origin=2009 * 4 + 2, test_step=4,
        notes=("Origines de test : chaque 3e trimestre (une par an).",)),
    Target(
        "emploi_ze", "Baisse de l'emploi total d'une zone d'emploi",
        "l'emploi total (ESTEL) baisse d'au moins 3 % en 3 ans", "zone_emploi", "annee", 3,
        "ptod-emploi-ze-secteurs (INSEE ESTEL) ; insee-zones-emploi-chomage ; insee-grille-densite-aav",
        _EMPLOI_ZE, "evol_emploi_1an", "evol_emploi_3ans", -1, first_test_origin=2006),
    Target(
        "emploi_epci", "Baisse de l'emploi salarié privé d'un EPCI",
        "l'emploi salarié privé (URSSAF) baisse d'au moins 3 % en 3 ans", "epci", "annee", 3,
        "ptod-emploi-ze-secteurs (URSSAF par commune, ramenée au COG 2026) ; insee-zones-emploi-chomage",
        _EMPLOI_EPCI, "evol_emploi_1an", "evol_emploi_3ans", -1, first_test_origin=2018,
        notes=("Série 2014-2024 : seules les origines 2018 à 2021 ont trois ans d'histoire d'entraînement "
               "et un résultat observé.",)),
    Target(
        "emploi_industriel", "Baisse de l'emploi industriel d'une commune × secteur A38",
        "les effectifs salariés du secteur industriel dans la commune baissent d'au moins 10 % en 3 ans",
        "cellule", "annee", 3,
        "urssaf-commune-ape (extrait urssaf-commune-ape-ze-rouen dans le miroir) ; insee-zones-emploi-chomage",
        _EMPLOI_INDUSTRIEL, "evol_emploi_1an", "evol_emploi_3ans", -1, first_test_origin=2012,
        notes=("Cellules d'au moins 20 salariés à l'origine ; le fichier chargé dans le miroir est l'extrait "
               "de la zone d'emploi de Rouen (2006-2022), le même code lit le fichier national.",)),
]

TARGETS: dict[str, Target] = {t.id: t for t in _TARGETS}


def get(target_id: str) -> Target:
    """The target ``target_id``, or a French error naming the valid ones."""
    try:
        return TARGETS[target_id]
    except KeyError:
        close = difflib.get_close_matches(target_id, list(TARGETS), n=1, cutoff=0.5)
        hint = f" Vouliez-vous dire : {close[0]} ?" if close else ""
        raise errors.ValidationFailed(
            f"Cible « {target_id} » inconnue.{hint} Cibles : {', '.join(TARGETS)}."
        ) from None


def origine_label(target: Target, t: int) -> str:
    """``t`` as written in the data: '2023-T3' for quarters, '2021' for years.

    >>> origine_label(TARGETS["chomage_ze"], 2023 * 4 + 2)
    '2023-T3'
    """
    if target.pas == "trimestre":
        return f"{t // 4}-T{t % 4 + 1}"
    return str(t)
