"""``/perimetres``: custom perimeters, CRUD under the store's rights (owner or admin writes).

Not built with ``_crud.crud_router``: that factory's rights are region/EPCI scopes
(``authz``), a perimeter's are its owner's. Members are checked against the warehouse
on every write, so a create or an update needs it (503 when it is missing).
"""

# No ``from __future__ import annotations``: FastAPI reads the annotations as objects.

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from vigie_industrie import errors
from vigie_industrie.api.deps import CurrentActor, StoreDep, WarehouseDep
from vigie_industrie.api.problems import problem_responses
from vigie_industrie.api.routes import _observatoire as obs
from vigie_industrie.observatoire import membres as membres_mod
from vigie_industrie.programme import perimetres, schemas
from vigie_industrie.programme.perimetres import PerimetreCreate, PerimetrePublic, PerimetreUpdate
from vigie_industrie.warehouse.connection import WarehouseReader

router = APIRouter(prefix="/perimetres", tags=["perimetres"])
Ident = Annotated[str, Path(pattern=r"^(perim-)?\d{1,9}$", description="perim-N ou N.", examples=["perim-1"])]
CSV_COLUMNS = ("id", "code", "nom", "visibilite", "proprietaire", "nb_membres", "membres", "description",
               "version", "created_at", "updated_at")


def _ident(value: str) -> int:
    number = perimetres.parse_code(value) if not value.isdigit() else int(value)
    if number is None or number > 2**31 - 1:  # pragma: no cover - the path pattern refuses the rest
        raise errors.ValidationFailed(f"« {value} » n'est pas un identifiant de périmètre (perim-N).")
    return number


def _checker(warehouse: WarehouseReader):
    def check(codes: list[str]):
        return membres_mod.check_members(warehouse.con, codes)

    return check


def _csv_row(p: PerimetrePublic) -> dict:
    data = p.model_dump(mode="json")
    data["nb_membres"] = len(p.membres)
    data["membres"] = [f"{m.code} {m.nom}" for m in p.membres]
    return data


@router.get("", response_model=schemas.Page[PerimetrePublic],
            responses={**obs.CSV_RESPONSE, **problem_responses(401, 422)}, summary="Lister les périmètres",
            name="list_perimetres")
def list_perimetres(
    request: Request, actor: CurrentActor, store: StoreDep,
    proprietaire: Annotated[str | None, Query(max_length=254)] = None,
    visibilite: Annotated[Literal["prive", "public"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    format: obs.FormatQuery = None,
):
    """Les périmètres publics et les vôtres (tous pour un admin)."""
    with store.session() as session:
        rows, total = perimetres.list_rows(session=session, actor=actor, proprietaire=proprietaire,
                                           visibilite=visibilite, limit=limit, offset=offset)
        items = [perimetres.to_public(r) for r in rows]
    if obs.wants_csv(request, format):
        return obs.csv_response([_csv_row(p) for p in items], CSV_COLUMNS, "perimetres")
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.post("", response_model=PerimetrePublic, status_code=201,
             responses=problem_responses(400, 401, 403, 409, 413, 422, 503), summary="Créer un périmètre",
             name="create_perimetre")
def create_perimetre(data: PerimetreCreate, actor: CurrentActor, store: StoreDep, warehouse: WarehouseDep):
    """Membres : codes INSEE de communes et/ou SIREN d'EPCI, vérifiés dans l'entrepôt."""
    with store.transaction() as session:
        row = perimetres.create(session=session, data=data, actor=actor, check_members=_checker(warehouse))
        return perimetres.to_public(row)


@router.get("/{ident}", response_model=PerimetrePublic,
            responses={**obs.CSV_RESPONSE, **problem_responses(401, 404, 422)}, summary="Lire un périmètre",
            name="get_perimetre")
def get_perimetre(ident: Ident, request: Request, actor: CurrentActor, store: StoreDep, format: obs.FormatQuery = None):
    with store.session() as session:
        item = perimetres.to_public(perimetres.get(session=session, ident=_ident(ident), actor=actor))
    if obs.wants_csv(request, format):
        return obs.csv_response([_csv_row(item)], CSV_COLUMNS, item.code)
    return item


@router.patch("/{ident}", response_model=PerimetrePublic,
              responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503), summary="Modifier un périmètre",
              name="update_perimetre")
def update_perimetre(ident: Ident, data: PerimetreUpdate, actor: CurrentActor, store: StoreDep, warehouse: WarehouseDep):
    """Modification partielle ; envoyez la ``version`` lue (409 si elle est périmée)."""
    with store.transaction() as session:
        row = perimetres.update(session=session, ident=_ident(ident), data=data, actor=actor,
                                check_members=_checker(warehouse))
        return perimetres.to_public(row)


@router.delete("/{ident}", status_code=204, responses=problem_responses(401, 403, 404, 422),
               summary="Supprimer un périmètre", name="delete_perimetre")
def delete_perimetre(ident: Ident, actor: CurrentActor, store: StoreDep) -> Response:
    with store.transaction() as session:
        perimetres.delete(session=session, ident=_ident(ident), actor=actor)
    return Response(status_code=204)
