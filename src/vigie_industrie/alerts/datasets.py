"""One target's panel (territory × origin), built set-based in SQL from the warehouse marts.

The SQL of ``alerts/sql/<target>.sql`` computes every feature and the observed outcome in one
``select``; Python only checks that the declared columns are there (a renamed mart column then fails
here, by name, rather than as a silent NaN feature in the model).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pandas as pd

from vigie_industrie import errors
from vigie_industrie.alerts import targets as targets_mod

KEYS = ("code", "origine", "t", "annee", "valeur", "valeur_future", "y")


def _read(name: str) -> str:
    return (resources.files("vigie_industrie.alerts") / "sql" / f"{name}.sql").read_text(encoding="utf-8")


# Fragments shared by several targets (files whose name starts with « _ »), included where a target
# says ``{{ name }}``: one definition of a computation two targets read (e.g. the yearly trends).
FRAGMENTS = ("evolutions_annuelles",)


@lru_cache(maxsize=None)
def sql(target_id: str) -> str:
    text = _read(target_id)
    for name in FRAGMENTS:
        text = text.replace("{{ " + name + " }}", _read(f"_{name}").strip())
    return text


def load(con, target: targets_mod.Target) -> pd.DataFrame:
    """The panel of ``target``: KEYS, its features, sorted by origin then code."""
    frame = con.sql(sql(target.id)).df()
    missing = [c for c in (*KEYS, *target.columns) if c not in frame.columns]
    if missing:
        raise errors.BuildError(
            f"Jeu de données d'alerte « {target.id} » incomplet : colonnes absentes {', '.join(missing)}. "
            "Reconstruisez l'entrepôt (vigie build) avec la version courante."
        )
    for c in target.columns:
        frame[c] = frame[c].astype("float64")
    frame["y"] = frame["y"].astype("Float64")
    return frame.sort_values(["t", "code"], kind="stable").reset_index(drop=True)


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows whose outcome is observed."""
    out = frame[frame["y"].notna()].copy()
    out["y"] = out["y"].astype(int)
    return out


def latest_origin(frame: pd.DataFrame) -> int:
    return int(frame["t"].max())
