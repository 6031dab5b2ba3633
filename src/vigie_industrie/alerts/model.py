"""The alert model: gradient-boosted trees (LightGBM) with sigmoid-calibrated probabilities.

Why this model: the features are few, on very different scales and often missing (a zone without
five years of history); boosted trees take them as they are. The raw scores of boosting are not
probabilities, so scikit-learn's ``CalibratedClassifierCV`` maps them through a sigmoid fitted on
out-of-fold predictions (``ensemble=False``: one booster fitted on all the training rows, which also
gives the per-territory contributions of ``explain``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

PARAMS = dict(
    n_estimators=100, learning_rate=0.05, num_leaves=7, min_child_samples=50, subsample=0.8, subsample_freq=1,
    colsample_bytree=0.8, reg_lambda=1.0, random_state=0, n_jobs=1, verbose=-1, deterministic=True,
    force_row_wise=True,
)
MODEL_ID = "lightgbm-sigmoid-v1"
# Above this many training rows (the national commune × A38 file: ~560,000 labelled cells) a
# deterministic random sample is fitted: the trees gain nothing past it and the fit time grows
# linearly (the mirror's targets have at most 23,000 rows and are never sampled).
MAX_TRAIN_ROWS = 150_000


@dataclass
class Fitted:
    calibrated: object
    columns: list[str]

    @property
    def booster(self):
        return self.calibrated.calibrated_classifiers_[0].estimator.booster_

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        return self.calibrated.predict_proba(frame[self.columns])[:, 1]

    def contributions(self, frame: pd.DataFrame) -> np.ndarray:
        """Per-row, per-feature contributions to the booster's log-odds (last column: the base value)."""
        return np.asarray(self.booster.predict(frame[self.columns], pred_contrib=True))


def fit(train: pd.DataFrame, columns: list[str], *, params: dict | None = None) -> Fitted:
    """Fit on ``train`` (its ``y`` must hold both classes)."""
    import lightgbm
    from sklearn.calibration import CalibratedClassifierCV

    if len(train) > MAX_TRAIN_ROWS:
        train = train.sample(MAX_TRAIN_ROWS, random_state=0)
    booster = lightgbm.LGBMClassifier(**{**PARAMS, **(params or {})})
    folds = min(3, int(train["y"].sum()), int((1 - train["y"]).sum()))
    calibrated = CalibratedClassifierCV(booster, method="sigmoid", cv=max(folds, 2), ensemble=False)
    calibrated.fit(train[columns], train["y"].to_numpy())
    return Fitted(calibrated, list(columns))
