"""The two naive baselines the model must beat, scored on the same folds.

- ``baseline_trend``: the last period's change (one quarter, or one year) carries on: the worse it
  was, the higher the risk.
- ``baseline_persistence``: the previous change over the horizon repeats itself (4 quarters, 3 years).

Each is a one-column score; its probability comes from a logistic regression of the outcome on that
score fitted on the same training rows as the model (ranking metrics do not depend on it; the Brier
score does). A missing score (no history yet) is given the training median.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NAMES = ("baseline_trend", "baseline_persistence")


def score_column(target, name: str) -> str:
    return target.trend_column if name == "baseline_trend" else target.persistence_column


def _risk(frame: pd.DataFrame, column: str, sign: int, fill: float) -> np.ndarray:
    return (sign * frame[column].astype("float64")).fillna(fill).to_numpy().reshape(-1, 1)


def fit_predict(target, name: str, train: pd.DataFrame, test: pd.DataFrame) -> np.ndarray:
    """Calibrated probability of the event for ``test`` rows under baseline ``name``."""
    from sklearn.linear_model import LogisticRegression

    column = score_column(target, name)
    raw = target.risk_sign * train[column].astype("float64")
    fill = float(raw.median()) if raw.notna().any() else 0.0
    x_train = _risk(train, column, target.risk_sign, fill)
    logistic = LogisticRegression().fit(x_train, train["y"].to_numpy())
    return logistic.predict_proba(_risk(test, column, target.risk_sign, fill))[:, 1]
