"""Rolling-origin backtest: at each test origin, train only on what was known then, score, compare.

For a test origin t the training rows are the origins s whose outcome was already observed at t
(s + horizon <= t); the test rows are the territories at origin t whose outcome is observed. The
model and both baselines are fitted on the very same training rows and scored on the same test
rows. Metrics are computed on all test rows pooled (``n``), except the precision at the top 10 %,
taken within each origin (the 10 % of territories an analyst would look at that year) and pooled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vigie_industrie.alerts import baselines, datasets, model, targets

METRICS = ("roc_auc", "average_precision", "brier", "precision_top10")
METHODS = ("model", *baselines.NAMES)


@dataclass
class Fold:
    origin: int
    train: pd.DataFrame
    test: pd.DataFrame


def folds(target: targets.Target, frame: pd.DataFrame, *, max_origins: int | None = None) -> list[Fold]:
    """The test origins (from ``first_test_origin``, every ``test_step``), latest last.

    ``max_origins`` keeps only the latest ones (tests use 2 or 3 to stay fast).
    """
    data = datasets.labelled(frame)
    origins = sorted(o for o in data["t"].unique() if o >= target.first_test_origin
                     and (o - target.first_test_origin) % target.test_step == 0)
    if max_origins is not None:
        origins = origins[-max_origins:]
    out = []
    for origin in origins:
        train = data[data["t"] <= origin - target.horizon]
        test = data[data["t"] == origin]
        if train["y"].nunique() < 2 or test.empty:
            continue
        out.append(Fold(int(origin), train, test))
    return out


def precision_top(y: np.ndarray, score: np.ndarray, share: float = 0.10) -> tuple[int, int]:
    """(hits, selected) among the ``share`` highest scores (at least one row; ties broken by order).

    >>> precision_top(np.array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), np.arange(10)[::-1] / 10)
    (1, 1)
    """
    k = max(1, math.ceil(share * len(y)))
    top = np.argsort(-score, kind="stable")[:k]
    return int(y[top].sum()), k


def metrics(y: np.ndarray, score: np.ndarray, origin: np.ndarray) -> dict:
    from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

    hits = selected = 0
    for o in np.unique(origin):
        h, k = precision_top(y[origin == o], score[origin == o])
        hits, selected = hits + h, selected + k
    both = len(np.unique(y)) == 2
    return {
        "roc_auc": round(float(roc_auc_score(y, score)), 4) if both else None,
        "average_precision": round(float(average_precision_score(y, score)), 4) if both else None,
        "brier": round(float(brier_score_loss(y, score)), 4),
        "precision_top10": round(hits / selected, 4) if selected else None,
    }


def run(con, target: targets.Target, *, max_origins: int | None = None, params: dict | None = None,
        frame: pd.DataFrame | None = None) -> dict:
    """The backtest of one target: per-method metrics, sizes, origins used, and the per-row scores."""
    frame = datasets.load(con, target) if frame is None else frame
    rows = []
    for fold in folds(target, frame, max_origins=max_origins):
        fitted = model.fit(fold.train, target.columns, params=params)
        scored = fold.test[["code", "t", "y"]].copy()
        scored["model"] = fitted.predict(fold.test)
        for name in baselines.NAMES:
            scored[name] = baselines.fit_predict(target, name, fold.train, fold.test)
        scored["n_train"] = len(fold.train)
        rows.append(scored)
    if not rows:
        return {"cible": target.id, "n": 0, "n_positifs": 0, "origines": [],
                **{m: dict.fromkeys(METRICS) for m in METHODS}, "note": "Aucune origine évaluable."}
    scored = pd.concat(rows, ignore_index=True)
    y, origin = scored["y"].to_numpy(), scored["t"].to_numpy()
    out = {
        "cible": target.id,
        "libelle": target.libelle,
        "evenement": target.evenement,
        "n": int(len(scored)),
        "n_positifs": int(y.sum()),
        "origines": [targets.origine_label(target, int(o)) for o in sorted(np.unique(origin))],
        **{m: metrics(y, scored[m].to_numpy(), origin) for m in METHODS},
        "moyenne_par_origine": {m: _mean_within(scored, m) for m in METHODS},
        "par_origine": [
            {"origine": targets.origine_label(target, int(o)), "n": int(len(g)), "n_positifs": int(g["y"].sum()),
             "n_entrainement": int(g["n_train"].iloc[0]),
             "average_precision": {m: metrics(g["y"].to_numpy(), g[m].to_numpy(), g["t"].to_numpy())["average_precision"]
                                   for m in METHODS}}
            for o, g in scored.groupby("t")
        ],
    }
    out["verdict"] = verdict(out)
    return out


def _mean_within(scored: pd.DataFrame, method: str) -> dict:
    """ROC AUC and average precision within each origin, averaged (origins with both outcomes only):
    how well territories are ranked against each other at one date, whatever the national cycle."""
    auc, ap = [], []
    for _, g in scored.groupby("t"):
        m = metrics(g["y"].to_numpy(), g[method].to_numpy(), g["t"].to_numpy())
        if m["roc_auc"] is not None:
            auc.append(m["roc_auc"])
            ap.append(m["average_precision"])
    return {"roc_auc": round(float(np.mean(auc)), 4) if auc else None,
            "average_precision": round(float(np.mean(ap)), 4) if ap else None}


def verdict(result: dict) -> dict:
    """Does the model beat each baseline, metric by metric? (Brier: lower is better.)"""
    out = {}
    for name in baselines.NAMES:
        for metric in METRICS:
            a, b = result["model"][metric], result[name][metric]
            if a is None or b is None:
                out[f"{metric}_vs_{name}"] = None
            else:
                out[f"{metric}_vs_{name}"] = bool(a < b) if metric == "brier" else bool(a > b)
    return out
