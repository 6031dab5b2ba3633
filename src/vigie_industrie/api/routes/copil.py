"""Décisions des comités de pilotage régionaux (COPIL)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response

from vigie_industrie.api.deps import CurrentActor, StoreDep, TodayDep
from vigie_industrie.programme import crud, schemas

RESOURCE = "copil"
router = APIRouter(prefix="/copil", tags=["copil"])
Sort = Literal["id", "-id", "date_copil", "-date_copil", "updated_at", "-updated_at"]
Public = schemas.CopilPublic
Ident = Annotated[int, Path(ge=1, le=2**31 - 1, description="Identifiant de la ligne.")]


@router.get("", response_model=schemas.Page[Public], responses=schemas.problem_responses(401, 422),
            summary="Lister (copil)")
def list_copil(
    actor: CurrentActor,
    store: StoreDep,
    today: TodayDep,
    code_region: Annotated[str | None, Query(pattern=r"^\d{2}$")] = None,
    tri: Annotated[Sort, Query(description="Champ de tri, préfixe - pour décroissant.")] = "id",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
):
    """Regional steering-committee decisions, public."""
    filters = {"code_region": code_region}
    with store.session() as session:
        rows, total = crud.list_rows(session=session, resource=RESOURCE, actor=actor, filters=filters, sort=tri,
                                     limit=limit, offset=offset)
        items = [crud.to_public(RESOURCE, r, today=today) for r in rows]
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.post("", response_model=Public, status_code=201,
             responses=schemas.problem_responses(400, 401, 403, 409, 413, 422), summary="Créer (copil)")
def create_decision(data: schemas.CopilCreate, actor: CurrentActor, store: StoreDep, today: TodayDep):
    with store.transaction() as session:
        row = crud.create(session=session, resource=RESOURCE, data=data, actor=actor)
        return crud.to_public(RESOURCE, row, today=today)


@router.get("/{ident}", response_model=Public, responses=schemas.problem_responses(401, 404, 422),
            summary="Lire (copil)")
def get_decision(ident: Ident, actor: CurrentActor, store: StoreDep, today: TodayDep):
    with store.session() as session:
        row = crud.get(session=session, resource=RESOURCE, ident=ident, actor=actor)
        return crud.to_public(RESOURCE, row, today=today)


@router.patch("/{ident}", response_model=Public,
              responses=schemas.problem_responses(400, 401, 403, 404, 409, 413, 422), summary="Modifier (copil)")
def update_decision(ident: Ident, data: schemas.CopilUpdate, actor: CurrentActor, store: StoreDep, today: TodayDep):
    """Partial update; send the ``version`` you read: a stale version gives 409."""
    with store.transaction() as session:
        row = crud.update(session=session, resource=RESOURCE, ident=ident, data=data, actor=actor)
        return crud.to_public(RESOURCE, row, today=today)


@router.delete("/{ident}", status_code=204, responses=schemas.problem_responses(401, 403, 404, 409, 422),
               summary="Supprimer (copil)")
def delete_decision(ident: Ident, actor: CurrentActor, store: StoreDep) -> Response:
    with store.transaction() as session:
        crud.delete(session=session, resource=RESOURCE, ident=ident, actor=actor)
    return Response(status_code=204)
