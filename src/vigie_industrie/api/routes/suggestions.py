"""``GET /api/v1/suggestions?q=``: what the search box proposes while a name or code is typed.

Same name index and resolver as every other reader (``observatoire.suggestions``): accents, case
and punctuation ignored; custom perimeters the caller can see are included (public ones for an
anonymous caller, their own too once signed in).
"""

# No ``from __future__ import annotations``: FastAPI reads the annotations as objects.

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from vigie_industrie.api.deps import CurrentActor, StoreDep, WarehouseDep
from vigie_industrie.api.problems import problem_responses
from vigie_industrie.observatoire import suggestions as service

router = APIRouter(tags=["territoires"])


class Suggestion(BaseModel):
    type: str = Field(description="commune, epci, ept, territoire_industrie, zone_emploi, departement, region, "
                                  "circonscription, france ou perimetre.")
    code: str
    nom: str
    phase: int | None = Field(None, description="Territoires d'industrie : 1 (2018-2022) ou 2 (2023-2027).")
    libelle: str = Field(description="Type du territoire en français.")
    precision: str | None = Field(None, description="Département, région ou visibilité du périmètre, pour départager.")
    cle: str = Field(description="Code sans ambiguïté (reg-32, dep-62, ti-3212:2), pour /comparer?codes=.")
    url: str = Field(description="Page du territoire dans l'application web.")


class SuggestionsReponse(BaseModel):
    q: str
    suggestions: list[Suggestion]


@router.get("/suggestions", response_model=SuggestionsReponse, responses=problem_responses(422, 503),
            summary="Suggestions de territoires pour une recherche")
def suggestions(
    warehouse: WarehouseDep, store: StoreDep, actor: CurrentActor,
    q: Annotated[str, Query(max_length=service.MAX_QUERY, description="Début d'un nom (accents ignorés) ou un code.")],
    limit: Annotated[int, Query(ge=1, le=service.MAX_LIMIT)] = service.DEFAULT_LIMIT,
):
    """Territoires dont le nom commence par la recherche ou en contient un mot, codes reconnus,
    périmètres personnalisés visibles ; le nom exact d'abord, puis les plus grands territoires."""
    return service.suggestions(warehouse.con, q, store=store, actor=actor, limit=limit)
