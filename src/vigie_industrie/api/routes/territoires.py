"""Territory reads from the warehouse: the same fiche as `vigie territoire --json`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from vigie_industrie.api.deps import SettingsDep
from vigie_industrie.api.problems import problem_responses
from vigie_industrie.territories import service

router = APIRouter(prefix="/territoires", tags=["territoires"])


@router.get(
    "/{code}",
    summary="Fiche d'un territoire",
    responses=problem_responses(404, 409, 422, 503),
)
def get_territoire(
    code: str,
    settings: SettingsDep,
    phase: Annotated[int | None, Query(ge=1, le=2, description="Phase des Territoires d'industrie")] = None,
    type: Annotated[str | None, Query(description="Type de territoire attendu")] = None,
) -> dict[str, Any]:
    """Identité, appartenances, labels Territoires d'industrie, chômage et emploi d'un territoire,
    chaque bloc avec ses sources. ``code`` accepte aussi un nom (insensible aux accents)."""
    return service.fiche_cached(settings.warehouse, code, phase=phase, type_=type)
