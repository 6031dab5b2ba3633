"""Validation on history: do the criteria rank the labelled EPCI first, with data known at the time?

Two splits, each scored with only the figures published by its decision year (``disponible``):
- ``phase1``: all EPCI, positives = labelled in phase 1 (decided in November 2018: data published
  in 2018 at the latest, i.e. URSSAF 2017, legal populations 2015, census 2011-2014);
- ``phase2_nouveaux``: the EPCI *not* labelled in phase 1, positives = those that entered in
  phase 2 (decided in 2023 after an open call: data published in 2023 at the latest, i.e. URSSAF 2022,
  census 2016-2019).
The measure is the ROC AUC of the score (EPCI without a score are counted in ``n_sans_score``).
Beside it: the industry share alone (the reference of the issue), the same rule on the latest data
(anachronistic, to compare with that reference), and a gradient-boosting model cross-validated on
the same features as a ceiling (``modele.py``).
"""

from __future__ import annotations

from vigie_industrie.eligibility import features, labels, modele, score
from vigie_industrie.eligibility.criteres import Grille

SPLITS = {
    "phase2_nouveaux": {"annee_decision": 2023,
                        "libelle": "Phase 2 (appel à candidatures 2022-2023) : EPCI non labellisés en phase 1"},
    "phase1": {"annee_decision": 2018, "libelle": "Phase 1 (liste de novembre 2018) : tous les EPCI"},
}
# The industry share alone: the re-user's census 2022 share (the reference, published in 2025),
# the URSSAF share (zone tables from 2019) and, the only one published before 2019, the census 2011/2016
# industry + agriculture residual of the re-user.
REFERENCES = ("part_industrie_recensement", "part_industrie", "part_industrie_agriculture_recensement")
AVERTISSEMENTS = (
    "La phase 2 a été un appel à candidatures ouvert : un label dit aussi quels territoires ont candidaté, pas "
    "seulement lesquels remplissaient les critères. Un EPCI industriel non labellisé peut n'avoir pas candidaté.",
    "Les chiffres sectoriels des EPCI sont des estimations (effectifs de chaque zone d'emploi répartis au prorata "
    "de la population) : deux EPCI d'une même zone ont la même part de l'industrie. La clé de répartition est la "
    "population du COG 2026 (une pondération, pas un chiffre lu par un critère).",
    "Phase 1 : les tableaux URSSAF par zone et secteur commencent en 2019 (publiés en 2020). Avec les données "
    "publiées en 2018 au plus tard, l'identité industrielle et l'écosystème lisent leur repli : la part de "
    "l'industrie et de l'agriculture du recensement 2011 (calcul du réutilisateur, par résidu 100 − construction − "
    "tertiaire : l'agriculture y est comprise) et son produit par les effectifs salariés privés URSSAF 2014 "
    "(estimation). Savoir-faire, évolution de l'emploi industriel et caractère périurbain ou rural sont non "
    "évaluables ; le poids évaluable (5 sur 11) est sous le seuil du verdict global, le score classe néanmoins les EPCI.",
    "Les labels sont rapportés aux EPCI de 2026 : un EPCI est labellisé quand la moitié au moins de sa "
    "population vit dans des communes d'un Territoire d'industrie de la phase.",
)


def auc(pairs: list[tuple[bool, float | None]]) -> dict:
    """ROC AUC of scores against labels (pairs without a score are counted, not used)."""
    from sklearn.metrics import roc_auc_score

    kept = [(bool(y), float(s)) for y, s in pairs if s is not None]
    n_pos = sum(1 for y, _ in kept if y)
    out = {"roc_auc": None, "n_positifs": n_pos, "n": len(kept), "n_sans_score": len(pairs) - len(kept)}
    if 0 < n_pos < len(kept):
        out["roc_auc"] = round(float(roc_auc_score([y for y, _ in kept], [s for _, s in kept])), 4)
    return out


def population(split: str, lab: list[dict]) -> dict[str, bool]:
    """EPCI code → positive, for the split's population."""
    if split == "phase1":
        return {r["code"]: r["labellise_phase1"] for r in lab}
    return {r["code"]: r["labellise_phase2"] for r in lab if not r["labellise_phase1"]}


def _reference(rows: list[dict], indicateur: str, decision: int | None) -> dict[str, float]:
    best: dict[str, tuple] = {}
    for r in rows:
        if r["indicateur"] != indicateur or r["dimension"] is not None or r["valeur"] is None:
            continue
        if decision is not None and r["disponible"] > decision:
            continue
        key = (r["annee"], r["periode"])
        if r["code"] not in best or key > best[r["code"]][0]:
            best[r["code"]] = (key, r["valeur"], r["disponible"])
    return {c: v[1] for c, v in best.items()}


MIN_INDICATEUR = 100


def indicateurs_seuls(rows: list[dict], pop: dict[str, bool], decision: int) -> list[dict]:
    """The AUC of each headline indicator alone (dated data), best separating first.

    Why: it tells what the labels reward with the data at hand, hence how far an explainable rule
    can go. An AUC below 0.5 means the lower values are the labelled ones (``sens`` = « inverse »);
    ``ecart`` = |AUC − 0.5| ranks both directions together. Indicators known for fewer than
    ``MIN_INDICATEUR`` EPCI of the split are left out.
    """
    out = []
    for ind in sorted({r["indicateur"] for r in rows if r["dimension"] is None}):
        values = _reference(rows, ind, decision)
        res = auc([(y, values.get(c)) for c, y in pop.items()])
        if res["roc_auc"] is None or res["n"] < MIN_INDICATEUR:
            continue
        out.append({"indicateur": ind, "libelle": features.libelle(ind), "reutilisateur": ind in features.REUTILISATEUR,
                    "roc_auc": res["roc_auc"], "n": res["n"], "sens": "direct" if res["roc_auc"] >= 0.5 else "inverse",
                    "ecart": round(abs(res["roc_auc"] - 0.5), 4)})
    return sorted(out, key=lambda d: (-d["ecart"], d["indicateur"]))


def run(con, grille: Grille, *, avec_modele: bool = True, graine: int = 0) -> dict:
    """The whole validation report as one dict (the JSON of `vigie eligibilite valider --json`)."""
    lab = labels.of(con)
    feats = score.features_of(con)
    out: dict = {"criteres": grille.id, "version": grille.version}
    for split, spec in SPLITS.items():
        decision = spec["annee_decision"]
        pop = population(split, lab)
        dated = {r["code"]: r["score"] for r in score.totaux(con, grille, decision=decision)}
        recent = {r["code"]: r["score"] for r in score.totaux(con, grille)}
        block = {
            "libelle": spec["libelle"], "annee_decision": decision,
            "donnees": f"chiffres publiés en {decision} au plus tard",
            **auc([(y, dated.get(c)) for c, y in pop.items()]),
            "disponible_max_lu": max((r["disponible"] for r in feats
                                      if r["disponible"] <= decision and r["valeur"] is not None), default=None),
            "donnees_recentes": {
                "note": "même règle sur les dernières données (anachronique : comparable à la référence)",
                **auc([(y, recent.get(c)) for c, y in pop.items()]),
            },
            "references": {},
        }
        for ind in REFERENCES:
            for label_, dec in (("dates", decision), ("recentes", None)):
                values = _reference(feats, ind, dec)
                block["references"][f"{ind}_{label_}"] = {
                    "libelle": features.libelle(ind) + (f" (publiée en {decision} au plus tard)" if dec else " (dernière valeur)"),
                    "reutilisateur": ind in features.REUTILISATEUR,
                    **auc([(y, values.get(c)) for c, y in pop.items()]),
                }
        block["indicateurs_seuls"] = indicateurs_seuls(feats, pop, decision)
        out[split] = block
    if avec_modele:
        out["modele"] = modele.evaluate(feats, lab, SPLITS, population, graine=graine)
    out["avertissements"] = list(AVERTISSEMENTS)
    return out
