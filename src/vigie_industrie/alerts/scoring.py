"""Every territory of a target scored at the latest origin, ranked, filtered and explained.

The model is fitted on every origin whose outcome is observed (all of them are before the latest
origin by construction), then applied to the features of the latest origin. Filters keep the
territories that have at least one commune in the région, the département, or a phase-2
Territoire d'industrie (a zone d'emploi straddling two régions appears in both).
"""

from __future__ import annotations

import math
import uuid
import pandas as pd

from vigie_industrie import errors
from vigie_industrie.alerts import datasets, explain, model, targets

NAMES_SQL = {
    "zone_emploi": "select code_ze as code, nom_ze as nom from zone_emploi",
    "epci": "select siren_epci as code, nom_epci as nom from epci",
    "cellule": (
        "select s.code, c.nom_commune || ' — ' || coalesce(n.libelle_a38, s.a38) as nom "
        "from _alertes_codes as s left join commune as c on c.code_commune = s.code_commune "
        "left join (select distinct a38, libelle_a38 from naf) as n on n.a38 = s.a38"
    ),
}
MEMBERS_SQL = {
    "zone_emploi": "select code, code_commune from territoire_commune where type = 'zone_emploi'",
    "epci": "select code, code_commune from territoire_commune where type = 'epci'",
    "cellule": "select code, code_commune from _alertes_codes",
}
CSV_COLUMNS = ("rang", "code", "nom", "probabilite", "valeur", "origine", "explication")


def _check_filters(con, region: str | None, departement: str | None, limit: int | None) -> None:
    if limit is not None and limit < 1:
        raise errors.ValidationFailed(f"--limit doit être un entier positif (reçu {limit}).")
    if region is not None and not con.execute("select 1 from commune where code_region = ? limit 1", [region]).fetchone():
        raise errors.ValidationFailed(f"Région « {region} » inconnue : donnez un code région INSEE (ex. 32, 84).")
    if departement is not None and not con.execute(
            "select 1 from commune where code_departement = ? limit 1", [departement]).fetchone():
        raise errors.ValidationFailed(
            f"Département « {departement} » inconnu : donnez un code département (ex. 62, 2A, 974).")


def _territories(con, target: targets.Target, latest: pd.DataFrame, region, departement, ti_phase2) -> pd.DataFrame:
    """Names of the scored territories and whether each passes the filters."""
    codes = latest[["code"] + (["code_commune", "a38"] if target.niveau == "cellule" else [])].drop_duplicates()
    view = f"_alertes_codes_{uuid.uuid4().hex}"  # one name per call: API requests share one database
    con.register(view, codes)
    try:
        conditions = ["true"]
        params: list = []
        if region is not None:
            conditions.append("c.code_region = ?")
            params.append(region)
        if departement is not None:
            conditions.append("c.code_departement = ?")
            params.append(departement)
        if ti_phase2:
            conditions.append("m.code_commune in (select code_commune from territoire_commune "
                              "where type = 'territoire_industrie' and phase = 2)")
        kept = con.execute(
            f"select distinct m.code from ({MEMBERS_SQL[target.niveau].replace('_alertes_codes', view)}) as m "
            f"join commune as c on c.code_commune = m.code_commune where {' and '.join(conditions)}", params
        ).df()
        names = con.execute(NAMES_SQL[target.niveau].replace("_alertes_codes", view)).df()
    finally:
        con.unregister(view)
    out = codes[["code"]].merge(names, on="code", how="left")
    out["retenu"] = out["code"].isin(set(kept["code"]))
    return out


_CACHE: dict = {}


def fitted(con, target: targets.Target, *, cache_key=None, params: dict | None = None):
    """(panel, model fitted on every labelled origin); memoised per ``cache_key`` (the warehouse version)."""
    key = (cache_key, target.id) if cache_key is not None else None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    frame = datasets.load(con, target)
    train = datasets.labelled(frame)
    if train["y"].nunique() < 2:
        raise errors.ValidationFailed(
            f"Cible « {target.id} » : pas assez d'historique chargé pour entraîner le modèle "
            "(il faut des origines au résultat observé, positives et négatives)."
        )
    result = (frame, model.fit(train, target.columns, params=params))
    if key is not None:
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[key] = result
    return result


def score(con, target_id: str, *, region: str | None = None, departement: str | None = None,
          ti_phase2: bool = False, limit: int | None = None, cache_key=None, params: dict | None = None) -> dict:
    """The ranked alert list of ``target_id`` at its latest origin."""
    target = targets.get(target_id)
    _check_filters(con, region, departement, limit)
    frame, fit = fitted(con, target, cache_key=cache_key, params=params)
    origin = datasets.latest_origin(frame)
    latest = frame[frame["t"] == origin].reset_index(drop=True)
    proba = fit.predict(latest)
    contributions = fit.contributions(latest)
    meta = _territories(con, target, latest, region, departement, ti_phase2)
    latest = latest.assign(probabilite=proba, _i=range(len(latest))).merge(meta, on="code", how="left")
    ranked = latest.sort_values(["probabilite", "code"], ascending=[False, True], kind="stable")
    ranked = ranked.assign(rang=range(1, len(ranked) + 1))
    shown = ranked[ranked["retenu"]]
    if limit is not None:
        shown = shown.head(limit)
    rows = []
    for r in shown.to_dict("records"):
        items = explain.items(target, r, contributions[r["_i"]])
        rows.append({
            "rang": int(r["rang"]),
            "code": r["code"],
            "nom": None if r["nom"] is None or (isinstance(r["nom"], float) and math.isnan(r["nom"])) else r["nom"],
            "probabilite": round(float(r["probabilite"]), 4),
            "valeur": None if pd.isna(r["valeur"]) else round(float(r["valeur"]), 4),
            "origine": r["origine"],
            "explications": items,
            "explication": explain.sentence(items),
        })
    return {
        "cible": target.id,
        "libelle": target.libelle,
        "evenement": target.evenement,
        "niveau": target.niveau,
        "origine": targets.origine_label(target, origin),
        "modele": model.MODEL_ID,
        "n_entrainement": int(frame["y"].notna().sum()),
        "n_territoires": int(len(latest)),
        "n_retenus": int(ranked["retenu"].sum()),
        "filtres": {"region": region, "departement": departement, "ti_phase2": ti_phase2, "limit": limit},
        "source": target.sources,
        "note": ("Probabilités calibrées (sigmoïde) d'un modèle LightGBM ; contributions en log-cote "
                 "(TreeSHAP) par rapport au territoire moyen d'entraînement. Le rang est celui parmi tous "
                 "les territoires de la cible. Évaluation : vigie alertes evaluer."),
        "alertes": rows,
    }


def csv_rows(answer: dict) -> list[dict]:
    return [{k: r[k] for k in CSV_COLUMNS} for r in answer["alertes"]]
