"""Financements des projets (Fonds d'accélération, France 2030, région…)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response

from vigie_industrie.api.deps import CurrentActor, StoreDep, TodayDep
from vigie_industrie.programme import crud, schemas

RESOURCE = "financements"
router = APIRouter(prefix="/financements", tags=["financements"])
Sort = Literal["id", "-id", "montant_demande_eur", "-montant_demande_eur", "montant_accorde_eur", "-montant_accorde_eur", "date_demande", "-date_demande", "updated_at", "-updated_at"]
Public = schemas.FinancementPublic
Ident = Annotated[int, Path(ge=1, le=2**31 - 1, description="Identifiant de la ligne.")]


@router.get("", response_model=schemas.Page[Public], responses=schemas.problem_responses(401, 422),
            summary="Lister (financements)")
def list_financements(
    actor: CurrentActor,
    store: StoreDep,
    today: TodayDep,
    projet_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    territoire_id: Annotated[str | None, Query(pattern=r"^ti-\d{4}$")] = None,
    code_region: Annotated[str | None, Query(pattern=r"^\d{2}$")] = None,
    siren_epci: Annotated[str | None, Query(pattern=r"^\d{9}$")] = None,
    dispositif: Annotated[schemas.Dispositif | None, Query()] = None,
    statut: Annotated[schemas.StatutFinancement | None, Query()] = None,
    tri: Annotated[Sort, Query(description="Champ de tri, préfixe - pour décroissant.")] = "id",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
):
    """Funding lines of projects, public."""
    filters = {"projet_id": projet_id, "territoire_id": territoire_id, "code_region": code_region, "siren_epci": siren_epci, "dispositif": dispositif, "statut": statut}
    with store.session() as session:
        rows, total = crud.list_rows(session=session, resource=RESOURCE, actor=actor, filters=filters, sort=tri,
                                     limit=limit, offset=offset)
        items = [crud.to_public(RESOURCE, r, today=today) for r in rows]
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.post("", response_model=Public, status_code=201,
             responses=schemas.problem_responses(400, 401, 403, 409, 413, 422), summary="Créer (financements)")
def create_financement(data: schemas.FinancementCreate, actor: CurrentActor, store: StoreDep, today: TodayDep):
    with store.transaction() as session:
        row = crud.create(session=session, resource=RESOURCE, data=data, actor=actor)
        return crud.to_public(RESOURCE, row, today=today)


@router.get("/{ident}", response_model=Public, responses=schemas.problem_responses(401, 404, 422),
            summary="Lire (financements)")
def get_financement(ident: Ident, actor: CurrentActor, store: StoreDep, today: TodayDep):
    with store.session() as session:
        row = crud.get(session=session, resource=RESOURCE, ident=ident, actor=actor)
        return crud.to_public(RESOURCE, row, today=today)


@router.patch("/{ident}", response_model=Public,
              responses=schemas.problem_responses(400, 401, 403, 404, 409, 413, 422), summary="Modifier (financements)")
def update_financement(ident: Ident, data: schemas.FinancementUpdate, actor: CurrentActor, store: StoreDep, today: TodayDep):
    """Partial update; send the ``version`` you read: a stale version gives 409."""
    with store.transaction() as session:
        row = crud.update(session=session, resource=RESOURCE, ident=ident, data=data, actor=actor)
        return crud.to_public(RESOURCE, row, today=today)


@router.delete("/{ident}", status_code=204, responses=schemas.problem_responses(401, 403, 404, 409, 422),
               summary="Supprimer (financements)")
def delete_financement(ident: Ident, actor: CurrentActor, store: StoreDep) -> Response:
    with store.transaction() as session:
        crud.delete(session=session, resource=RESOURCE, ident=ident, actor=actor)
    return Response(status_code=204)
