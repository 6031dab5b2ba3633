"""The ceiling: a gradient-boosting model on the same dated features, cross-validated.

Why a model beside the rule: it says how much of the labels the open indicators can explain at
all, so the gap between it and the explainable score is the price of explainability (or of rules
badly set). It never replaces the rule: its out-of-fold AUC is reported, its predictions are not
served. Features: every headline indicator and derived feature of the EPCI, at its latest period
published by the decision year; the re-user's census figures are flagged, and the AUC is also
given without them.
"""

from __future__ import annotations

from vigie_industrie.eligibility import features

PARAMS = {"n_estimators": 200, "learning_rate": 0.05, "num_leaves": 15, "min_child_samples": 20,
          "subsample": 0.8, "subsample_freq": 1, "colsample_bytree": 0.8, "verbose": -1, "n_jobs": 1}
PLIS, REPETITIONS = 5, 2
# Sector-level rows are left out (one column per sector would swamp 1,250 EPCI); the density grid's
# levels are kept (seven columns).
DIMENSIONS = ("densite",)


def matrix(rows: list[dict], decision: int):
    """EPCI × feature (latest value published by ``decision``), as a pandas DataFrame, and the max ``disponible`` read."""
    import pandas as pd

    best: dict[tuple, tuple] = {}
    for r in rows:
        if r["valeur"] is None or r["disponible"] > decision or r["type"] != "epci":
            continue
        if r["dimension"] is not None and r["indicateur"] not in DIMENSIONS:
            continue
        col = r["indicateur"] if r["dimension"] is None else f"{r['indicateur']}__{r['dimension']}"
        key = (r["code"], col)
        rank = (r["annee"], r["periode"])
        if key not in best or rank > best[key][0]:
            best[key] = (rank, r["valeur"], r["disponible"])
    frame = pd.Series({k: v[1] for k, v in best.items()}, dtype=float).unstack()
    lus = max((v[2] for v in best.values()), default=None)
    return frame, lus


def _oof_auc(X, y, graine: int) -> float:
    import numpy as np
    from lightgbm import LGBMClassifier
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    aucs = []
    for rep in range(REPETITIONS):
        oof = np.zeros(len(y))
        for train, test in StratifiedKFold(PLIS, shuffle=True, random_state=graine + rep).split(X, y):
            model = LGBMClassifier(random_state=graine + rep, **PARAMS)
            model.fit(X.iloc[train], y[train])
            oof[test] = model.predict_proba(X.iloc[test])[:, 1]
        aucs.append(roc_auc_score(y, oof))
    return round(float(np.mean(aucs)), 4)


def evaluate(rows: list[dict], lab: list[dict], splits: dict, population, *, graine: int = 0) -> dict:
    import numpy as np

    out: dict = {
        "methode": f"LightGBM ({PARAMS['n_estimators']} arbres, {PARAMS['num_leaves']} feuilles), AUC hors échantillon "
                   f"d'une validation croisée stratifiée à {PLIS} plis, moyenne de {REPETITIONS} répétitions",
        "plafond": True,
    }
    for split, spec in splits.items():
        decision = spec["annee_decision"]
        frame, lus = matrix(rows, decision)
        pop = population(split, lab)
        codes = [c for c in pop if c in frame.index]
        X = frame.loc[codes].dropna(axis=1, how="all")
        y = np.array([bool(pop[c]) for c in codes], dtype=int)
        reutilisateur = [c for c in X.columns if c.split("__")[0] in features.REUTILISATEUR]
        block = {
            "n": len(codes), "n_positifs": int(y.sum()), "disponible_max_lu": lus,
            "variables": sorted(X.columns), "variables_reutilisateur": reutilisateur,
            "roc_auc": _oof_auc(X, y, graine) if 0 < y.sum() < len(y) else None,
        }
        sans = X.drop(columns=reutilisateur)
        block["roc_auc_sans_reutilisateur"] = (
            _oof_auc(sans, y, graine) if reutilisateur and sans.shape[1] and 0 < y.sum() < len(y) else block["roc_auc"]
        )
        out[split] = block
    return out
