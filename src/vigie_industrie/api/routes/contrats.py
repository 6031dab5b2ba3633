"""Contrats de Territoire d'industrie (phase, signataires, date de signature, statut, documents)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response

from vigie_industrie.api.deps import CurrentActor, SettingsDep, StoreDep, TodayDep
from vigie_industrie.programme import crud, schemas, services

RESOURCE = "contrats"
router = APIRouter(prefix="/contrats", tags=["contrats"])
Sort = Literal["id", "-id", "date_signature", "-date_signature", "territoire_id", "-territoire_id", "updated_at", "-updated_at"]
Public = schemas.ContratPublic
Ident = Annotated[int, Path(ge=1, le=2**31 - 1, description="Identifiant de la ligne.")]


@router.get("", response_model=schemas.Page[Public], responses=schemas.problem_responses(401, 422),
            summary="Lister (contrats)")
def list_contrats(
    actor: CurrentActor,
    store: StoreDep,
    today: TodayDep,
    territoire_id: Annotated[str | None, Query(pattern=r"^ti-\d{4}$")] = None,
    phase: Annotated[int | None, Query(ge=1, le=2)] = None,
    code_region: Annotated[str | None, Query(pattern=r"^\d{2}$")] = None,
    statut: Annotated[schemas.StatutContrat | None, Query()] = None,
    tri: Annotated[Sort, Query(description="Champ de tri, préfixe - pour décroissant.")] = "id",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
):
    """Contracts, public: anyone may read them."""
    filters = {"territoire_id": territoire_id, "phase": phase, "code_region": code_region, "statut": statut}
    with store.session() as session:
        rows, total = crud.list_rows(session=session, resource=RESOURCE, actor=actor, filters=filters, sort=tri,
                                     limit=limit, offset=offset)
        items = [crud.to_public(RESOURCE, r, today=today) for r in rows]
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.post("", response_model=Public, status_code=201,
             responses=schemas.problem_responses(400, 401, 403, 409, 413, 422), summary="Créer (contrats)")
def create_contrat(data: schemas.ContratCreate, actor: CurrentActor, store: StoreDep, today: TodayDep,
                   settings: SettingsDep):
    with store.transaction() as session:
        row = crud.create(session=session, resource=RESOURCE, data=data, actor=actor)
        # after the rights check: unknown territory (warehouse present) → 422, rolled back
        services.verifier_territoire(warehouse=settings.warehouse, territoire_id=data.territoire_id, phase=data.phase)
        return crud.to_public(RESOURCE, row, today=today)


@router.get("/{ident}", response_model=Public, responses=schemas.problem_responses(401, 404, 422),
            summary="Lire (contrats)")
def get_contrat(ident: Ident, actor: CurrentActor, store: StoreDep, today: TodayDep):
    with store.session() as session:
        row = crud.get(session=session, resource=RESOURCE, ident=ident, actor=actor)
        return crud.to_public(RESOURCE, row, today=today)


@router.patch("/{ident}", response_model=Public,
              responses=schemas.problem_responses(400, 401, 403, 404, 409, 413, 422), summary="Modifier (contrats)")
def update_contrat(ident: Ident, data: schemas.ContratUpdate, actor: CurrentActor, store: StoreDep, today: TodayDep):
    """Partial update; send the ``version`` you read: a stale version gives 409."""
    with store.transaction() as session:
        row = crud.update(session=session, resource=RESOURCE, ident=ident, data=data, actor=actor)
        return crud.to_public(RESOURCE, row, today=today)


@router.delete("/{ident}", status_code=204, responses=schemas.problem_responses(401, 403, 404, 409, 422),
               summary="Supprimer (contrats)")
def delete_contrat(ident: Ident, actor: CurrentActor, store: StoreDep) -> Response:
    with store.transaction() as session:
        crud.delete(session=session, resource=RESOURCE, ident=ident, actor=actor)
    return Response(status_code=204)
