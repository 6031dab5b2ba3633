"""``/eligibilite``: eligibility to Territoires d'industrie, one territory explained, the candidates, the validation.

Every page reads the functions of ``GET /api/v1/eligibilite/…`` (``eligibility.answers`` over the
criteria file the route's ``_grille`` loads, the route's memo of the candidates and of the
validation), so a score, a contribution or an AUC reads the same in the page, the API and
``vigie eligibilite`` (one service, two renderings). Filters and criteria choices are GET forms;
downloads are the API's CSV addresses with the same parameters.

Why the validation is on a page of its own: it takes seconds (the rule) to minutes (with the
LightGBM ceiling). ``/eligibilite/validation`` starts it once per warehouse version through the
API's memo and says « en cours » until it is ready; ``/eligibilite`` only shows it when it is
already computed, so listing the candidates never starts a computation.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request

from vigie_industrie.web.session import PageActor
from vigie_industrie.api.deps import StoreDep, WarehouseDep
from vigie_industrie.api.routes import _observatoire as obs
from vigie_industrie.api.routes import eligibilite as api
from vigie_industrie.eligibility import answers, criteres
from vigie_industrie.web import templating
from vigie_industrie.web.classements import optional_int

router = APIRouter(include_in_schema=False)

CriteresQ = Annotated[str | None, Query(max_length=60, pattern=r"^[a-z0-9-]*$")]
PoidsQ = Annotated[str | None, Query(max_length=500)]
Champ = Annotated[str | None, Query(max_length=7)]


def _grille(nom: str | None, poids: str | None) -> criteres.Grille:
    """The API's criteria file and weights (an empty form field means the default)."""
    return api._grille((nom or "").strip() or None, (poids or "").strip() or None)


def _fichiers() -> list[tuple[str, str]]:
    return [(name, criteres.load(name).titre) for name in criteres.available()]


def _query(**values) -> str:
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def candidats_memo(warehouse, grille: criteres.Grille, region: str | None, limit: int | None) -> dict:
    """The API's memoised candidates (same key as ``GET /api/v1/eligibilite/candidats``)."""
    return api._memo(("candidats", warehouse.version, grille.id, region, limit),
                     lambda: answers.candidats(warehouse.con, grille, region=region, limit=limit))


def by_region(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    """Rows grouped by région, in the order of the answer (already sorted by région, then rank)."""
    out: list[tuple[str, list[dict]]] = []
    for r in rows:
        name = r["nom_region"] or r["code_region"] or "Région inconnue"
        if not out or out[-1][0] != name:
            out.append((name, []))
        out[-1][1].append(r)
    return out


@router.get("/eligibilite")
def eligibilite_page(request: Request, warehouse: WarehouseDep, region: Annotated[str | None, Query(max_length=6)] = None,
                     limit: Champ = str(answers.LIMIT_DEFAUT), criteres_: Annotated[str | None, Query(
                         alias="criteres", max_length=60, pattern=r"^[a-z0-9-]*$")] = None, poids: PoidsQ = None):
    grille = _grille(criteres_, poids)
    region = (region or "").strip() or None
    limite = optional_int(limit, "limit", 1, 100_000)
    answer = candidats_memo(warehouse, grille, region, limite)
    params = {"region": region, "limit": limit, "criteres": criteres_, "poids": poids}
    con = warehouse.con
    context = {
        "rubrique": "eligibilite", "reponse": answer, "filtres": {k: v or "" for k, v in params.items()},
        "regions": con.execute("select code_region, nom_region from region order by nom_region").fetchall(),
        "fichiers": _fichiers(), "listes": [(2, by_region(answer["non_labellises_phase2"])),
                                            (1, by_region(answer["non_labellises_phase1"]))],
        "csv_url": "/api/v1/eligibilite/candidats?" + _query(**params, format="csv"),
        "json_url": "/api/v1/eligibilite/candidats?" + _query(**params),
        "validation": api._cache.get(("validation", warehouse.version, grille.id, True))
        or api._cache.get(("validation", warehouse.version, grille.id, False)),
        "validation_url": "/eligibilite/validation?" + _query(criteres=criteres_, poids=poids),
    }
    return templating.render(request, "eligibilite.html", context)


@router.get("/eligibilite/validation")
def eligibilite_validation(request: Request, warehouse: WarehouseDep, criteres_: Annotated[str | None, Query(
        alias="criteres", max_length=60, pattern=r"^[a-z0-9-]*$")] = None, poids: PoidsQ = None, modele: bool = True):
    grille = _grille(criteres_, poids)
    result = api.validation_memo(warehouse, grille, modele)
    params = {"criteres": criteres_, "poids": poids, "modele": "true" if modele else "false"}
    context = {
        "rubrique": "eligibilite", "validation": result, "grille": answers.grille_ref(grille), "modele": modele,
        "api_url": "/api/v1/eligibilite/validation?" + _query(**params),
        "page_url": "/eligibilite/validation?" + _query(**params),
    }
    return templating.render(request, "eligibilite_validation.html", context,
                             headers=None if result is not None else {"Retry-After": "30"})


@router.get("/eligibilite/{code}")
def eligibilite_territoire(request: Request, code: str, warehouse: WarehouseDep, store: StoreDep, actor: PageActor,
                           criteres_: Annotated[str | None, Query(alias="criteres", max_length=60,
                                                                  pattern=r"^[a-z0-9-]*$")] = None,
                           poids: PoidsQ = None, decision: Champ = None,
                           phase: Annotated[int | None, Query(ge=1, le=2)] = None):
    grille = _grille(criteres_, poids)
    annee = optional_int(decision, "decision", 2000, 2100)
    answer = answers.explication(warehouse.con, code, grille, lookup=obs.lookup(store, actor), decision=annee, phase=phase)
    t = answer["territoire"]
    params = {"criteres": criteres_, "poids": poids, "decision": decision, "phase": phase}
    if t["type"] in ("groupe", "perimetre"):
        page = f"/territoire/{t['code']}" if t["type"] == "perimetre" else None
    else:
        page = templating.lien(t["type"], t["code"], t.get("phase"))
    context = {
        "rubrique": "eligibilite", "reponse": answer, "fichiers": _fichiers(), "code": code,
        "filtres": {k: v or "" for k, v in params.items()}, "page_territoire": page,
        "csv_url": f"/api/v1/eligibilite/{quote(code, safe=',')}?" + _query(**params, format="csv"),
        "json_url": f"/api/v1/eligibilite/{quote(code, safe=',')}?" + _query(**params),
        "poids_actuels": {d["id"]: d["poids"] for d in answer["detail"]},
    }
    return templating.render(request, "eligibilite_territoire.html", context)
