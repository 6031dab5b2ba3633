"""Per-territory explanations in French: which features push the score, and by how much.

The amounts are LightGBM's exact additive contributions (``pred_contrib``, TreeSHAP) to the
booster's log-odds: they sum with the base value to the territory's raw score, so « +0,40 » means
the feature raises the log-odds by 0.40 compared with an average territory of the training rows.
The calibrated probability is a monotone sigmoid of that raw score.
"""

from __future__ import annotations

import math

import numpy as np

from vigie_industrie.alerts import targets

TOP = 3


def _number(value: float, unite: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "non disponible"
    if unite == "log":
        return f"{math.exp(value):,.0f} emplois".replace(",", " ")
    text = f"{value:+.1f}" if unite in ("points", "%") else f"{value:.2f}"
    text = text.replace(".", ",")
    return f"{text} {unite}".strip()


def items(target: targets.Target, values: dict, contributions: np.ndarray, top: int = TOP) -> list[dict]:
    """The ``top`` features pushing the score up (largest first), then the one holding it down most."""
    c = contributions[:-1]
    up = [int(i) for i in np.argsort(-c, kind="stable") if c[i] > 0.005][:top]
    down = [int(i) for i in np.argsort(c, kind="stable") if c[i] < -0.005][:max(1, top - len(up))]
    order = up + down
    out = []
    for i in order:
        name = target.columns[i]
        feature = target.features[name]
        contribution = float(contributions[i])
        raw = values.get(name)
        value = None if raw is None or (isinstance(raw, float) and math.isnan(raw)) else float(raw)
        out.append({
            "variable": name,
            "libelle": feature.libelle,
            "valeur": None if value is None else round(value, 4),
            "unite": feature.unite,
            "contribution": round(contribution, 4),
            "sens": "hausse du risque" if contribution > 0 else "baisse du risque",
        })
    return out


def sentence(explications: list[dict]) -> str:
    """« Évolution … (−4,2 points) : hausse du risque (+0,41) ; … »"""
    parts = []
    for e in explications:
        value = _number(e["valeur"], e["unite"]) if e["valeur"] is not None else "non disponible"
        amount = f"{e['contribution']:+.2f}".replace(".", ",")
        parts.append(f"{e['libelle']} ({value}) : {e['sens']} ({amount})")
    return " ; ".join(parts) + "." if parts else ""
