"""``/territoire/{code}``: the page of a territory of any kind, and its data downloads.

The page renders the API's fiche (``fiches.service.fiche_cached``, the object
``GET /api/v1/territoires/{code}`` serialises): ``.json`` is byte-for-byte that document,
``.csv`` its figures flat, ``.pdf`` the printable fiche of ``vigie_industrie.reports``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from vigie_industrie.api.deps import WarehouseDep
from vigie_industrie.fiches import service
from vigie_industrie.web import templating

router = APIRouter(include_in_schema=False)

PhaseQ = Annotated[int | None, Query(ge=1, le=2)]
TypeQ = Annotated[str | None, Query()]


def _fiche(warehouse, code: str, phase: int | None, type_: str | None):
    return service.fiche_cached(warehouse, code, phase=phase, type_=type_)


@router.get("/territoire/{code}.json")
def territoire_json(code: str, warehouse: WarehouseDep, phase: PhaseQ = None, type: TypeQ = None) -> Response:
    fiche = _fiche(warehouse, code, phase, type)
    return Response(fiche.model_dump_json(), media_type="application/json")


@router.get("/territoire/{code}")
def territoire_page(request: Request, code: str, warehouse: WarehouseDep, phase: PhaseQ = None, type: TypeQ = None):
    fiche = _fiche(warehouse, code, phase, type)
    return templating.render(request, "territoire.html", {"fiche": fiche})
