"""The plain-French paragraph of the fiche, written from its figures only.

Why a generator and not a template sentence: a parliamentary assistant hands the fiche over as
is, so each sentence must hold for the territory at hand. Every number printed here is a
``Chiffre`` of the fiche (the warehouse's figure, formatted the French way by
``observatoire.texte``); nothing is recomputed. A missing figure is never written as 0: the
sentence says the figure is not available, or is left out when it would say nothing.
"""

from __future__ import annotations

from vigie_industrie.fiches.model import Chiffre, Fiche
from vigie_industrie.observatoire import texte as fmt

# Below this absolute change (in %), printed with one decimal, the figure reads « 0,0 % ».
STABLE = 0.05
PHASES = {1: "phase 1 (2018-2022)", 2: "phase 2 (2023-2027)"}
MAX_NOMS = 3


def _find(fiche: Fiche, indicateur: str) -> Chiffre | None:
    """The headline figure ``indicateur`` (key figures first, then the blocks)."""
    for c in fiche.chiffres_cles:
        if c.id == indicateur and c.dimension is None:
            return c
    for bloc in fiche.blocs:
        for c in bloc.chiffres:
            if c.id == indicateur and c.dimension is None:
                return c
    return None


def nombre(value, unite: str | None) -> str:
    """A figure as printed in a sentence (``12,3 %``, ``23 641``)."""
    return fmt.valeur(value, unite)


def _estimation(c: Chiffre) -> str:
    return " (estimation)" if c.niveau == fmt.ESTIMATE else ""


def _bornes(periode: str | None) -> tuple[str, str] | None:
    """``"2019-2024"`` → ``("2019", "2024")``."""
    if not periode or "-" not in periode:
        return None
    debut, _, fin = periode.partition("-")
    return (debut, fin) if debut.isdigit() and fin.isdigit() else None


def trimestre(periode: str | None) -> str:
    """``"2023-T3"`` → ``"au 3e trimestre 2023"``; a year → ``"en 2023"``."""
    if not periode:
        return "à la dernière période connue"
    annee, _, t = periode.partition("-T")
    if t.isdigit():
        return f"au {'1er' if t == '1' else t + 'e'} trimestre {annee}"
    return f"en {periode}"


def variation(value: float | int, unite: str | None = "%") -> str:
    """A change as words: « a augmenté de 2,1 % », « a baissé de 5,0 % », « est resté stable »."""
    if abs(value) < STABLE:
        return "est resté stable"
    verbe = "a augmenté" if value > 0 else "a baissé"
    return f"{verbe} de {nombre(abs(value), unite)}"


def _variation_nom(value: float | int, unite: str | None = "%") -> str:
    """The same change as a noun group: « une hausse de 2,9 % », « une stabilité »."""
    if abs(value) < STABLE:
        return "une stabilité"
    return f"une {'hausse' if value > 0 else 'baisse'} de {nombre(abs(value), unite)}"


def _de(fiche: Fiche) -> str:
    """« de Métropole Rouen Normandie », « de la région Normandie », « en France »."""
    return {
        "france": "en France",
        "region": f"de la région {fiche.nom}",
        "departement": f"du département {fiche.nom}",
        "circonscription": "de la circonscription",
    }.get(fiche.type, f"de {fiche.nom}")


def identite(fiche: Fiche) -> str:
    pop = _find(fiche, "population")
    communes = f"{fmt.valeur(fiche.nb_communes)} commune{'s' if fiche.nb_communes > 1 else ''}"
    genre = fiche.libelle_type if fiche.libelle_type.isupper() else fiche.libelle_type.lower()
    sujet = f"{fiche.nom} ({genre} {fiche.code}{f', phase {fiche.phase}' if fiche.phase else ''})"
    if fiche.type == "france":
        sujet = "La France"
    if pop is None or pop.valeur is None:
        return f"{sujet} regroupe {communes} ; sa population n'est pas disponible dans l'entrepôt."
    return f"{sujet} compte {nombre(pop.valeur, pop.unite)} habitants en {pop.periode}{_estimation(pop)} ({communes})."


def industrie(fiche: Fiche) -> str | None:
    emploi, part = _find(fiche, "emploi_industriel"), _find(fiche, "part_industrie")
    if emploi is None or emploi.valeur is None:
        if emploi is None:
            return None
        return f"L'emploi salarié industriel {_de(fiche)} n'est pas disponible" + (f" ({emploi.note.rstrip('.')})." if emploi.note else ".")
    text = f"En {emploi.periode}, l'industrie y emploie {nombre(emploi.valeur, emploi.unite)} salariés du secteur privé{_estimation(emploi)}"
    if part is not None and part.valeur is not None:
        text += f", soit {nombre(part.valeur, part.unite)} de l'emploi salarié privé"
        if part.valeur_france is not None and fiche.type != "france":
            text += f" (France : {nombre(part.valeur_france, part.unite)})"
    return text + "."


def evolution(fiche: Fiche) -> str | None:
    """« Entre 2019 et 2024, l'emploi salarié industriel de … a baissé de … %, contre … % en France »."""
    c = _find(fiche, "evolution_emploi_industriel_5ans_pct")
    if c is None:
        return None
    bornes = _bornes(c.periode)
    quand = f"Entre {bornes[0]} et {bornes[1]}" if bornes else "Sur cinq ans"
    qui = _de(fiche)
    if c.valeur is None:
        why = f" ({c.note.rstrip('.')})" if c.note else ""
        return f"{quand}, l'évolution de l'emploi salarié industriel {qui} n'est pas disponible{why}."
    text = f"{quand}, l'emploi salarié industriel {qui} {variation(c.valeur, c.unite)}{_estimation(c)}"
    if fiche.type != "france":
        if c.valeur_france is not None:
            text += f", contre {_variation_nom(c.valeur_france, c.unite)} en France"
        else:
            text += " ; l'évolution nationale sur la même période n'est pas disponible"
    return text + "."


def chomage(fiche: Fiche) -> str | None:
    c = _find(fiche, "taux_chomage")
    if c is None:
        return None
    if c.valeur is None:
        return "Le taux de chômage localisé n'est pas disponible pour ce territoire" + (f" ({c.note.rstrip('.')})." if c.note else ".")
    text = f"{trimestre(c.periode).capitalize()}, le taux de chômage localisé est de {nombre(c.valeur, c.unite)}{_estimation(c)}"
    autres = []
    if c.valeur_region is not None and fiche.type not in ("region", "france"):
        autres.append(f"{nombre(c.valeur_region, c.unite)} dans la région")
    if c.valeur_france is not None and fiche.type != "france":
        autres.append(f"{nombre(c.valeur_france, c.unite)} en France")
    if autres:
        text += ", contre " + " et ".join(autres)
    an = _find(fiche, "evolution_chomage_4t")
    if an is not None and an.valeur is not None:
        if abs(an.valeur) < STABLE:
            text += " ; il est stable sur un an"
        else:
            sens = "en hausse" if an.valeur > 0 else "en baisse"
            points = nombre(abs(an.valeur), an.unite)
            text += f" ; il est {sens} de {points} point{'s' if abs(an.valeur) >= 2 else ''} sur un an"
    return text + "."


def labels(fiche: Fiche) -> str:
    """The Territoire d'industrie labels of both phases, in words."""
    ti = fiche.territoires_industrie.territoires
    parts = []
    for phase, libelle in PHASES.items():
        items = [t for t in ti if t.phase == phase]
        if not items:
            continue
        if len(items) > MAX_NOMS:
            parts.append(f"{fmt.valeur(len(items))} Territoires d'industrie en {libelle}")
            continue
        noms = " et ".join(f"« {t.nom} »" + ("" if t.entier else " (en partie)") for t in items)
        parts.append(f"{noms} en {libelle}")
    if not parts:
        return "Aucune commune du territoire n'appartient à un Territoire d'industrie (phases 1 et 2)."
    absent = [libelle for phase, libelle in PHASES.items() if not any(t.phase == phase for t in ti)]
    text = "Territoires d'industrie : " + " ; ".join(parts)
    if absent:
        text += f" ; aucun en {absent[0]}"
    return text + "."


def resume(fiche: Fiche) -> list[str]:
    """The paragraph's sentences, in reading order (missing figures said or left out, never 0)."""
    sentences = [identite(fiche), industrie(fiche), evolution(fiche), chomage(fiche), labels(fiche)]
    return [s for s in sentences if s]
