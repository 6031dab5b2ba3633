"""``crud_router(...)``: the list/create/get/patch/delete router shared by the programme resources.

Each resource module (contrats, projets, besoins, financements, missions, copil) only states
what differs: schemas, sort fields, list filters (a Pydantic query model), documented
problem statuses, and whether creation checks the territory against the warehouse.
"""

# No ``from __future__ import annotations`` here: FastAPI must see the endpoints'
# annotations as objects, since they refer to the factory's arguments.

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field, create_model

from vigie_industrie.api.deps import CurrentActor, SettingsDep, StoreDep, TodayDep
from vigie_industrie.api.problems import problem_responses
from vigie_industrie.programme import crud, schemas, territorial
from vigie_industrie.programme.authz import check_write

Ident = Annotated[int, Path(ge=1, le=2**31 - 1, description="Identifiant de la ligne.")]

# List filters shared by several resources (query parameters, all optional).
TerritoireFilter = Annotated[str | None, Field(pattern=r"^ti-\d{4}$")]
PhaseFilter = Annotated[int | None, Field(ge=1, le=2)]
RegionFilter = Annotated[str | None, Field(pattern=r"^\d{2}$")]
SirenFilter = Annotated[str | None, Field(pattern=r"^\d{9}$")]
ProjetFilter = Annotated[int | None, Field(ge=1, le=2**31 - 1)]


class TerritoireFilters(BaseModel):
    """Filters of the rows tied to a territory; resources add theirs after these."""

    territoire_id: TerritoireFilter = None
    phase: PhaseFilter = None
    code_region: RegionFilter = None


def crud_router(
    *,
    resource: str,
    item: str,
    public: type[BaseModel],
    create: type[BaseModel],
    update: type[BaseModel],
    sort_fields: tuple[str, ...],
    filters_model: type[BaseModel],
    doc_list: str,
    list_statuses: tuple[int, ...] = (401, 422),
    get_statuses: tuple[int, ...] = (401, 404, 422),
    check_territory: bool = True,  # kept for the resource modules; every creation is checked
    prefix: str | None = None,
) -> APIRouter:
    """The router of ``/{resource}`` (or ``prefix``); ``item`` names the endpoints (``create_{item}``…)."""
    router = APIRouter(prefix=prefix or f"/{resource}", tags=[resource])
    Sort = Literal[tuple(f for name in sort_fields for f in (name, f"-{name}"))]  # type: ignore[valid-type]
    # One query model: FastAPI flattens a model only when it is the sole query parameter.
    ListQuery = create_model(
        f"{filters_model.__name__}Query",
        __base__=filters_model,
        tri=(Annotated[Sort, Field(description="Champ de tri, préfixe - pour décroissant.")], "id"),
        limit=(Annotated[int, Field(ge=1, le=500)], 50),
        offset=(Annotated[int, Field(ge=0, le=10_000_000)], 0),
    )
    filter_names = tuple(filters_model.model_fields)

    @router.get("", response_model=schemas.Page[public], responses=problem_responses(*list_statuses),
                summary=f"Lister ({resource})", description=doc_list, name=f"list_{resource}")
    def list_rows(actor: CurrentActor, store: StoreDep, today: TodayDep, query: Annotated[ListQuery, Query()]):
        filters = {name: getattr(query, name) for name in filter_names}
        with store.session() as session:
            rows, total = crud.list_rows(session=session, resource=resource, actor=actor, filters=filters,
                                         sort=query.tri, limit=query.limit, offset=query.offset)
            items = [crud.to_public(resource, r, today=today) for r in rows]
        return {"items": items, "total": total, "limit": query.limit, "offset": query.offset}

    create_responses = problem_responses(400, 401, 403, 409, 413, 422, 503)

    @router.post("", response_model=public, status_code=201, responses=create_responses,
                 summary=f"Créer ({resource})", name=f"create_{item}")
    def create_row(data: create, actor: CurrentActor, store: StoreDep, today: TodayDep,  # type: ignore[valid-type]
                   settings: SettingsDep):
        """Territories and EPCI are checked against the warehouse (rights tied to territories)."""
        with store.transaction() as session:
            values = {**data.model_dump(), **crud.scope_of(session, resource, data)}
            check_write(actor, resource, values.get("code_region"), values.get("siren_epci"))  # 401/403 first
            facts = territorial.load_facts(settings.warehouse, [values], actor)
            row = crud.create(session=session, resource=resource, data=data, actor=actor, facts=facts)
            return crud.to_public(resource, row, today=today)

    @router.get("/{ident}", response_model=public, responses=problem_responses(*get_statuses),
                summary=f"Lire ({resource})", name=f"get_{item}")
    def get_row(ident: Ident, actor: CurrentActor, store: StoreDep, today: TodayDep):
        with store.session() as session:
            row = crud.get(session=session, resource=resource, ident=ident, actor=actor)
            return crud.to_public(resource, row, today=today)

    @router.patch("/{ident}", response_model=public,
                  responses=problem_responses(400, 401, 403, 404, 409, 413, 422),
                  summary=f"Modifier ({resource})", name=f"update_{item}")
    def update_row(ident: Ident, data: update, actor: CurrentActor, store: StoreDep,  # type: ignore[valid-type]
                   today: TodayDep):
        """Partial update; send the ``version`` you read: a stale version gives 409."""
        with store.transaction() as session:
            row = crud.update(session=session, resource=resource, ident=ident, data=data, actor=actor)
            return crud.to_public(resource, row, today=today)

    @router.delete("/{ident}", status_code=204, responses=problem_responses(401, 403, 404, 409, 422),
                   summary=f"Supprimer ({resource})", name=f"delete_{item}")
    def delete_row(ident: Ident, actor: CurrentActor, store: StoreDep) -> Response:
        with store.transaction() as session:
            crud.delete(session=session, resource=resource, ident=ident, actor=actor)
        return Response(status_code=204)

    return router
