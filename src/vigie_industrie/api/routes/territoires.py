"""Territory reads from the warehouse: the same typed fiche as `vigie territoire --json`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from vigie_industrie.api import builds
from vigie_industrie.api.deps import BEARER_SECURITY, request_actor
from vigie_industrie.api.problems import problem_responses
from vigie_industrie.fiches import perimetre, service
from vigie_industrie.fiches.model import Fiche
from vigie_industrie.warehouse.connection import WarehouseReader

router = APIRouter(prefix="/territoires", tags=["territoires"])


@router.get(
    "/{code}",
    summary="Fiche d'un territoire",
    response_model=Fiche,
    responses=problem_responses(401, 404, 409, 422, 503),  # 401: a bad token (perimeters are read as the caller)
    openapi_extra=BEARER_SECURITY,
)
async def get_territoire(
    code: str,
    request: Request,
    phase: Annotated[int | None, Query(ge=1, le=2, description="Phase des Territoires d'industrie")] = None,
    type: Annotated[str | None, Query(description="Type de territoire attendu")] = None,
) -> Response:
    """Identité, appartenances, Territoires d'industrie, chiffres clés, population, emploi,
    industrie, chômage et territoires comparables ; chaque bloc renvoie par numéro aux sources,
    citées une fois. ``code`` accepte aussi un nom (insensible aux accents), et un périmètre
    personnalisé ``perim-N`` (privé : visible de son propriétaire, avec son jeton)."""
    # The hot read of the API (`vigie serve` warms it): a memoised fiche is served on the event loop,
    # a miss is built in a worker thread, a few at a time (``api.builds``), so hits never queue behind
    # builds, nor wait for the GIL behind dozens of them. No
    # declared dependency (the caller, the store and the warehouse are taken by hand, with the same
    # answers and the same 401 on a bad token): their solving was most of a hit's CPU.
    actor = await request_actor(request)
    warehouse = WarehouseReader(request.app.state.settings.warehouse, shared=True)
    try:
        body = None if perimetre.is_perimetre(code) else service.fiche_json_memoised(warehouse, code, phase=phase,
                                                                                    type_=type)
        if body is None:
            body = await builds.run(fiche_document, warehouse, request.app.state.store, actor, code, phase, type)
    finally:
        warehouse.close()
    return Response(body, media_type="application/json")


def fiche_document(warehouse, store, actor, code: str, phase: int | None, type_: str | None) -> bytes:
    """The fiche's JSON bytes as this caller may see them: the API route and the web page's
    ``.json`` both serve this, so they cannot drift apart. A custom perimeter ``perim-N`` is read
    as its caller (private perimeters); any other territory comes from the memoised JSON (re-dumping
    a memoised fiche on every request would cost more than serving it)."""
    if perimetre.is_perimetre(code):
        from vigie_industrie.api.routes._observatoire import lookup

        return perimetre.fiche_cached(warehouse, code, lookup(store, actor)).model_dump_json().encode()
    return service.fiche_json_cached(warehouse, code, phase=phase, type_=type_)
