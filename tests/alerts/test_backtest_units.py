"""Backtest mechanics on small hand-made frames: folds never train on an unseen outcome; metrics."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigie_industrie.alerts import backtest, baselines, targets


def _frame(origins=range(2006, 2021), per_origin=40, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for t in origins:
        for i in range(per_origin):
            x = rng.normal()
            rows.append({"code": f"z{i}", "origine": str(t), "t": t, "annee": t, "valeur": 1.0, "valeur_future": 1.0,
                         "y": float(rng.random() < 1 / (1 + np.exp(2 - 2 * x))) if t <= 2017 else np.nan,
                         **{c: x for c in targets.get("emploi_ze").columns}, "evol_emploi_1an": x, "evol_emploi_3ans": -x})
    frame = pd.DataFrame(rows)
    frame["y"] = frame["y"].astype("Float64")
    return frame


def test_folds_train_only_on_outcomes_known_at_the_origin():
    target = targets.get("emploi_ze")
    folds = backtest.folds(target, _frame())
    assert [f.origin for f in folds] == list(range(2009, 2018))  # the first three have no known outcome to learn from
    for fold in folds:
        assert fold.train["t"].max() <= fold.origin - target.horizon
        assert set(fold.test["t"]) == {fold.origin}
        assert fold.test["y"].notna().all()


def test_max_origins_keeps_the_latest():
    target = targets.get("emploi_ze")
    assert [f.origin for f in backtest.folds(target, _frame(), max_origins=2)] == [2016, 2017]


def test_precision_top10_by_hand():
    y = np.array([1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    score = np.linspace(1, 0, 20)  # ranks rows in their order: the top 2 are rows 0 and 1
    assert backtest.precision_top(y, score) == (1, 2)
    m = backtest.metrics(y, score, np.zeros(20))
    assert m["precision_top10"] == 0.5
    assert m["brier"] == pytest.approx(float(np.mean((score - y) ** 2)), abs=1e-4)


def test_baseline_risk_sign():
    """An employment baseline ranks the steepest past fall first."""
    target = targets.get("emploi_ze")
    train = pd.DataFrame({"evol_emploi_1an": [-5.0, -4.0, 3.0, 4.0, -6.0, 5.0], "y": [1, 1, 0, 0, 1, 0]})
    test = pd.DataFrame({"evol_emploi_1an": [-10.0, 10.0]})
    p = baselines.fit_predict(target, "baseline_trend", train, test)
    assert p[0] > p[1]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.floats(0, 1)), min_size=2, max_size=60))
def test_precision_top_is_a_share_of_the_selected(rows):
    y = np.array([int(a) for a, _ in rows])
    score = np.array([b for _, b in rows])
    hits, k = backtest.precision_top(y, score)
    assert k == max(1, int(np.ceil(0.1 * len(y))))
    assert 0 <= hits <= min(k, y.sum())


def test_small_backtest_end_to_end():
    result = backtest.run(None, targets.get("emploi_ze"), frame=_frame(), max_origins=2, params={"n_estimators": 10})
    assert result["n"] == 80 and result["origines"] == ["2016", "2017"]
    for method in backtest.METHODS:
        assert set(result[method]) == set(backtest.METRICS)
