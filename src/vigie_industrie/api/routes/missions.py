"""Missions d'accompagnement (ex. après une fermeture) : échéance et jours restants calculés."""

from __future__ import annotations

from vigie_industrie.api.routes._crud import TerritoireFilters, crud_router
from vigie_industrie.programme import schemas


class MissionFilters(TerritoireFilters):
    statut: schemas.StatutMission | None = None


router = crud_router(
    resource="missions", item="mission", public=schemas.MissionPublic, create=schemas.MissionCreate,
    update=schemas.MissionUpdate, sort_fields=("id", "date_debut", "duree_jours", "updated_at"),
    filters_model=MissionFilters, doc_list="Support missions with computed deadline and days left.",
    check_territory=True,
)
