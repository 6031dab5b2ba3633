"""``/classements``: the rankings of ``GET /api/v1/classements`` as a filterable page, and their CSV.

Filters are a plain GET form (type, indicateur, année, région, phase, ordre), so a ranking works
without JavaScript and its address can be shared. The rows are ``observatoire.answers.classement``
(ranked in SQL by ``indicators.service.ranking``); the page shows them by pages of ``PAR_PAGE``
and links each territory to its page; ``/classements.csv`` is the whole ranking, spreadsheet-safe
(``observatoire.csvout``), with the same columns as the API's CSV.
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from vigie_industrie import errors
from vigie_industrie.api.deps import WarehouseDep
from vigie_industrie.indicators import registry
from vigie_industrie.observatoire import answers, csvout
from vigie_industrie.web import templating

router = APIRouter(include_in_schema=False)
PAR_PAGE = 100
DEFAULT_TYPE = "epci"
DEFAULT_INDICATEUR = "part_industrie"
TYPES = (("epci", "EPCI"), ("ze", "Zones d'emploi"), ("ti", "Territoires d'industrie"), ("departement", "Départements"),
         ("region", "Régions"), ("circonscription", "Circonscriptions législatives"))
TypeQ = Annotated[Literal[tuple(answers.RANKABLE)], Query()]  # type: ignore[valid-type]
FieldQ = Annotated[str | None, Query(max_length=10)]
OrdreQ = Annotated[Literal["decroissant", "croissant"], Query()]


def optional_int(value: str | None, name: str, lo: int, hi: int) -> int | None:
    """An optional whole number of the form: an empty field (``annee=``) is no filter.

    >>> optional_int("", "annee", 1990, 2100), optional_int(" 2022 ", "annee", 1990, 2100)
    (None, 2022)
    """
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit() or not lo <= int(text) <= hi:
        raise errors.ValidationFailed(f"{name} : « {text} » n'est pas un nombre entier entre {lo} et {hi}.")
    return int(text)


def _filters(type_, indicateur, annee, region, phase, ordre) -> dict:
    """The filters as given (defaults dropped), for links that keep them."""
    out = {"type": type_, "indicateur": indicateur, "annee": annee, "region": region, "phase": phase, "ordre": ordre}
    return {k: v for k, v in out.items() if v not in (None, "")}


def _answer(con, type_, indicateur, annee, region, phase, ordre) -> dict:
    annee = optional_int(annee, "annee", 1990, 2100)
    phase = optional_int(phase, "phase", 1, 2)
    return answers.classement(con, type_, indicateur, annee=annee, region=(region or "").strip() or None,
                              phase=phase if answers.RANKABLE[type_] == "territoire_industrie" else None,
                              ascending=ordre == "croissant")


def territoire_url(row: dict) -> str:
    """The row's page, unambiguous (``reg-11``: « 11 » is also the Aude)."""
    return templating.lien(row["type"], row["code"], row.get("phase"))


@router.get("/classements")
def classements_page(request: Request, warehouse: WarehouseDep, type: TypeQ = DEFAULT_TYPE,
                     indicateur: Annotated[str, Query(min_length=1, max_length=100)] = DEFAULT_INDICATEUR,
                     annee: FieldQ = None,
                     region: Annotated[str | None, Query(max_length=6)] = None,
                     phase: FieldQ = None,
                     ordre: OrdreQ = "decroissant", page: Annotated[int, Query(ge=1, le=10_000)] = 1):
    con = warehouse.con
    answer = _answer(con, type, indicateur, annee, region, phase, ordre)
    rows = answer["classement"]
    filters = _filters(type, indicateur, annee, region, phase, ordre)
    pages = max(1, -(-len(rows) // PAR_PAGE))
    page = min(page, pages)
    shown = [{**r, "url": territoire_url(r)} for r in rows[(page - 1) * PAR_PAGE: page * PAR_PAGE]]
    regions = con.execute("select code_region, nom_region from region order by nom_region").fetchall()
    context = {
        "rubrique": "classements", "reponse": answer, "lignes": shown, "total": len(rows), "page": page,
        "pages": pages, "filtres": filters, "types": TYPES, "regions": regions,
        "indicateurs": [i for i in registry.REGISTRY.values() if i.id != "emploi_salarie_secteur"],
        "periode": rows[0]["periode"] if rows else None,
        "nom_region": dict(regions).get(answer["region"]),
        "csv_url": "/classements.csv?" + urlencode(filters),
        "api_url": "/api/v1/classements?" + urlencode(filters),
        "page_url": lambda n: "/classements?" + urlencode({**filters, "page": n}),
    }
    return templating.render(request, "classements.html", context)


@router.get("/classements.csv")
def classements_csv(warehouse: WarehouseDep, type: TypeQ = DEFAULT_TYPE,
                    indicateur: Annotated[str, Query(min_length=1, max_length=100)] = DEFAULT_INDICATEUR,
                    annee: FieldQ = None,
                    region: Annotated[str | None, Query(max_length=6)] = None,
                    phase: FieldQ = None, ordre: OrdreQ = "decroissant"):
    answer = _answer(warehouse.con, type, indicateur, annee, region, phase, ordre)
    name = f"classement-{answer['indicateur']['id']}-{answer['type']}"
    return Response(csvout.to_csv(answer["classement"], answers.CLASSEMENT_CSV), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
