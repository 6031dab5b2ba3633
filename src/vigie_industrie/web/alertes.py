"""``/alertes``: the early-warning list of ``GET /api/v1/alertes`` as a filterable page, and a territory's alerts.

Why it reads ``alerts.scoring.score`` with the API's ``cache_key`` (warehouse path and version):
the model is fitted once per warehouse version and target, and the page and the API then rank
the same territories with the same calibrated probabilities (one service, two renderings). The
filters are a plain GET form (cible, région, département, phase-2 Territoires d'industrie,
nombre de lignes), so the list works without JavaScript and its address can be shared; the
downloads are the API's own CSV/JSON addresses with the same filters.

The evaluation block is the stored report of the last ``vigie alertes evaluer``
(``alerts.evaluation_store``): the backtest takes minutes, a page never reruns it.

``/alertes/{code}`` lists, for one territory of any kind, the alerts of every target whose
territories share a commune with it (its zone d'emploi, its EPCI, the commune × A38 cells of its
communes), with their rank among all territories of the target.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal
from urllib.parse import urlencode

import pandas as pd
from fastapi import APIRouter, Query, Request

from vigie_industrie import errors
from vigie_industrie.alerts import backtest, evaluation_store, report, scoring, targets
from vigie_industrie.web.session import PageActor
from vigie_industrie.api.deps import SettingsDep, StoreDep, WarehouseDep
from vigie_industrie.api.routes import _observatoire as obs
from vigie_industrie.observatoire import cible as cible_mod
from vigie_industrie.web import templating
from vigie_industrie.web.classements import optional_int

router = APIRouter(include_in_schema=False)

DEFAULT_CIBLE = "chomage_ze"
DEFAULT_LIMIT = 50
CibleQ = Annotated[Literal[tuple(targets.TARGETS)], Query()]  # type: ignore[valid-type]
CodeQ = Annotated[str | None, Query(max_length=3)]
# What the ``valeur`` of a row is, per target (label, decimals): the series the event is read on.
VALEURS = {"chomage_ze": ("Taux de chômage (%)", 1), "emploi_ze": ("Emploi total", 0),
           "emploi_epci": ("Emploi salarié privé", 0), "emploi_industriel": ("Effectifs salariés du secteur", 0)}
NIVEAUX = {"zone_emploi": "Zone d'emploi", "epci": "EPCI", "cellule": "Commune × secteur A38"}
# Which territories of each level touch a set of communes (``_alertes_communes``, registered per call).
TOUCHING_SQL = {
    "zone_emploi": "select distinct code from territoire_commune where type = 'zone_emploi' "
                   "and code_commune in (select code_commune from {view})",
    "epci": "select distinct code from territoire_commune where type = 'epci' "
            "and code_commune in (select code_commune from {view})",
}


def territoire_url(niveau: str, code: str) -> str:
    """The territory page of an alert row: a commune × A38 cell (``76540-CD``) opens its commune."""
    if niveau == "cellule":
        return templating.lien("commune", code.split("-", 1)[0])
    return templating.lien(niveau, code)


def scored(warehouse, cible: str, **filters) -> dict:
    """The API's answer (same function, same memo key as ``api/routes/alertes.py``)."""
    return scoring.score(warehouse.con, cible, cache_key=(str(warehouse.path), warehouse.version), **filters)


def evaluation(settings, cible: str | None = None) -> dict | None:
    """The stored evaluation (None before the first ``vigie alertes evaluer``), with its plain sentences."""
    try:
        stored = evaluation_store.read(settings.warehouse)
    except errors.NotFound:
        return None
    out = {"genere_le": stored["genere_le"], "entrepot_a_jour": stored["entrepot_a_jour"], "cibles": {}}
    for name, result in stored["cibles"].items():
        if cible is not None and name != cible:
            continue
        ok = bool(result.get("n")) and "verdict" in result and "moyenne_par_origine" in result
        sentences = [s.replace("**", "") for s in report._sentences(result)] if ok else []
        out["cibles"][name] = {**result, "phrases": sentences,
                               "perd": any(v is False for v in (result.get("verdict") or {}).values())}
    return out


def _context_common(con) -> dict:
    return {
        "rubrique": "alertes",
        "cibles": [(t.id, t.libelle) for t in targets.TARGETS.values()],
        "regions": con.execute("select code_region, nom_region from region order by nom_region").fetchall(),
        "departements": con.execute(
            "select code_departement, nom_departement from departement order by code_departement").fetchall(),
        "methodes": [(m, report.LABELS[m]) for m in backtest.METHODS],
        "mesures": [(k, report.METRIC_LABELS[k]) for k in backtest.METRICS],
        "niveaux": NIVEAUX,
        "valeurs": VALEURS,
        "territoire_url": territoire_url,
    }


@router.get("/alertes")
def alertes_page(request: Request, warehouse: WarehouseDep, settings: SettingsDep, cible: CibleQ = DEFAULT_CIBLE,
                 region: CodeQ = None, departement: CodeQ = None, ti_phase2: bool = False,
                 limit: Annotated[str | None, Query(max_length=7)] = str(DEFAULT_LIMIT)):
    region = (region or "").strip() or None
    departement = (departement or "").strip() or None
    limite = optional_int(limit, "limit", 1, 100_000)
    answer = scored(warehouse, cible, region=region, departement=departement, ti_phase2=ti_phase2, limit=limite)
    api_filters = {k: v for k, v in {"cible": cible, "region": region, "departement": departement,
                                     "ti_phase2": "true" if ti_phase2 else None}.items() if v}
    page_filters = {**api_filters, "limit": limit if limit is not None else ""}
    context = {
        **_context_common(warehouse.con),
        "reponse": answer, "filtres": page_filters,
        "evaluation": evaluation(settings, cible),
        "csv_url": "/api/v1/alertes?" + urlencode({**api_filters, "format": "csv"}),
        "json_url": "/api/v1/alertes?" + urlencode(api_filters),
        "page_url": "/alertes?" + urlencode(page_filters),
    }
    return templating.render(request, "alertes.html", context)


def _touching(con, target: targets.Target, communes: list[str], codes: list[str]) -> set[str]:
    """Codes of the target's territories that share a commune with ``communes``."""
    if target.niveau == "cellule":
        wanted = set(communes)
        return {c for c in codes if c.split("-", 1)[0] in wanted}
    view = f"_alertes_communes_{uuid.uuid4().hex}"  # one name per call: requests share one database
    con.register(view, pd.DataFrame({"code_commune": communes}))
    try:
        return {r[0] for r in con.execute(TOUCHING_SQL[target.niveau].format(view=view)).fetchall()}
    finally:
        con.unregister(view)


@router.get("/alertes/{code}")
def alertes_territoire(request: Request, code: str, warehouse: WarehouseDep, settings: SettingsDep,
                       store: StoreDep, actor: PageActor,
                       phase: Annotated[int | None, Query(ge=1, le=2)] = None,
                       type: Annotated[str | None, Query(max_length=40)] = None):
    con = warehouse.con
    target = cible_mod.resolve(con, code, lookup=obs.lookup(store, actor), phase=phase, type_=type)
    t = target.territoire
    if target.is_perimetre:
        communes = list(target.communes)
    else:
        communes = [r[0] for r in con.execute(
            "select code_commune from territoire_commune where type = ? and code = ? and phase is not distinct from ?",
            [t.type, t.code, t.phase]).fetchall()]
    blocs = []
    for cible_id, tg in targets.TARGETS.items():
        try:
            answer = scored(warehouse, cible_id)
        except errors.ValidationFailed as exc:  # not enough history loaded for this target
            blocs.append({"cible": tg, "reponse": None, "lignes": [], "note": str(exc)})
            continue
        keep = _touching(con, tg, communes, [r["code"] for r in answer["alertes"]])
        blocs.append({"cible": tg, "reponse": answer, "lignes": [r for r in answer["alertes"] if r["code"] in keep],
                      "note": None})
    context = {
        **_context_common(con), "territoire": target.ref(), "blocs": blocs,
        "page_territoire": (f"/territoire/{t.code}" if target.is_perimetre else templating.lien(t.type, t.code, t.phase)),
        "evaluation": evaluation(settings),
    }
    return templating.render(request, "alertes_territoire.html", context)
