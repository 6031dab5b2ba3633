"""Tuning the weights honestly: nested cross-validation over a small grid, on the SQL-computed notes.

Why nested: weights chosen on the labels they are then judged on would overstate the AUC. Here the
outer folds hold out EPCI never seen while choosing the weights (the grid's best on the other
folds), so the reported AUC estimates how the *procedure* generalises. The weights written in
``criteres/ajuste-cv.toml`` are then the grid's best on all the labels of the split; the file says
so, and its honest figure is the nested one.

The notes of each criterion are computed once by the scoring SQL (``score.detail``); combining them
with candidate weights is the same formula (Σ w·note / Σ w over assessable criteria) in numpy.
"""

from __future__ import annotations

import itertools

from vigie_industrie.eligibility import labels, score, validation
from vigie_industrie.eligibility.criteres import Grille

GRILLE_POIDS = (0.0, 1.0, 2.0, 3.0)


def notes(con, grille: Grille, split: str, *, codes: list[str] | None = None, dated: bool = True):
    """(codes, criteria ids, notes matrix with NaN when not assessable, labels) of a split at its decision year
    (``codes``: only these EPCI of the split; ``dated=False``: the latest data)."""
    import numpy as np

    decision = validation.SPLITS[split]["annee_decision"] if dated else None
    pop = validation.population(split, labels.of(con))
    rows = score.detail(con, grille, score.Cible(codes=codes), decision=decision)
    ids = [c.id for c in grille.criteres]
    codes = sorted(c for c in pop if codes is None or c in codes)
    index = {c: i for i, c in enumerate(codes)}
    mat = np.full((len(codes), len(ids)), np.nan)
    for r in rows:
        if r["code"] in index and r["note_critere"] is not None:
            mat[index[r["code"]], ids.index(r["critere"])] = r["note_critere"]
    y = np.array([bool(pop[c]) for c in codes], dtype=int)
    return codes, ids, mat, y


def combine(mat, poids):
    import numpy as np

    w = np.asarray(poids, dtype=float)
    ok = ~np.isnan(mat)
    denom = (ok * w).sum(axis=1)
    num = (np.nan_to_num(mat) * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom > 0, 100 * num / denom, np.nan)


def _auc(y, s) -> float | None:
    """ROC AUC by the rank-sum (Mann-Whitney) formula, ties averaged: the grid calls it thousands of times."""
    import numpy as np
    from scipy.stats import rankdata

    m = ~np.isnan(s)
    y, s = y[m], s[m]
    n1 = int(y.sum())
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        return None
    ranks = rankdata(s)
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def best(mat, y, candidates):
    scored = [(_auc(y, combine(mat, w)) or 0.0, w) for w in candidates]
    return max(scored, key=lambda t: (t[0], -sum(t[1])))


def candidates(a_priori: list[float], actifs: list[bool]):
    """Every weight vector of the grid, not all zero; a criterion assessable for less than half of the
    EPCI (``actifs`` False) keeps its a-priori weight: it cannot be judged on so few."""
    choices = [GRILLE_POIDS if a else (w,) for w, a in zip(a_priori, actifs)]
    return [w for w in itertools.product(*choices) if any(w)]


def nested(con, grille: Grille, split: str = "phase2_nouveaux", *, plis: int = 5, graine: int = 0) -> dict:
    """Nested CV AUC of the tuning procedure, and the weights chosen on all the split's labels."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    codes, ids, mat, y = notes(con, grille, split)
    actifs = [bool((~np.isnan(mat[:, j])).mean() >= 0.5) for j in range(len(ids))]
    cands = [w for w in candidates([c.poids for c in grille.criteres], actifs)
             if any(wi > 0 and a for wi, a in zip(w, actifs))]
    fold_aucs = []
    for train, test in StratifiedKFold(plis, shuffle=True, random_state=graine).split(mat, y):
        _, w = best(mat[train], y[train], cands)
        fold_aucs.append(_auc(y[test], combine(mat[test], w)))
    auc_all, w_all = best(mat, y, cands)
    a_priori = _auc(y, combine(mat, [c.poids for c in grille.criteres]))
    return {
        "split": split, "plis": plis, "grille_poids": list(GRILLE_POIDS),
        "criteres_ajustes": [i for i, a in zip(ids, actifs) if a],
        "roc_auc_validation_croisee_imbriquee": round(float(np.mean([a for a in fold_aucs if a is not None])), 4),
        "roc_auc_par_pli": [round(a, 4) for a in fold_aucs if a is not None],
        "poids_choisis": dict(zip(ids, w_all)),
        "roc_auc_sur_tous_les_labels": round(auc_all, 4),
        "roc_auc_poids_a_priori": None if a_priori is None else round(a_priori, 4),
    }


def entre_phases(con, grille: Grille) -> dict:
    """A held-out check across phases: weights chosen on the phase-1 labels, judged on the phase-2 newcomers.

    Phase 1 has no dated sector figures, so its notes use the latest data (anachronistic features, but
    labels other than the ones judged); the phase-2 newcomers are then scored with dated data.
    """
    import numpy as np

    _, ids, mat1, y1 = notes(con, grille, "phase1", dated=False)
    actifs = [bool((~np.isnan(mat1[:, j])).mean() >= 0.5) for j in range(len(ids))]
    cands = [w for w in candidates([c.poids for c in grille.criteres], actifs)
             if any(wi > 0 and a for wi, a in zip(w, actifs))]
    auc1, w = best(mat1, y1, cands)
    _, _, mat2, y2 = notes(con, grille, "phase2_nouveaux")
    auc2 = _auc(y2, combine(mat2, w))
    return {"poids_choisis_phase1": dict(zip(ids, w)), "roc_auc_phase1_donnees_recentes": round(auc1, 4),
            "roc_auc_phase2_nouveaux": None if auc2 is None else round(auc2, 4)}
