"""Décisions des comités de pilotage régionaux (COPIL)."""

from __future__ import annotations

from pydantic import BaseModel

from vigie_industrie.api.routes._crud import RegionFilter, crud_router
from vigie_industrie.programme import schemas


class CopilFilters(BaseModel):
    code_region: RegionFilter = None


router = crud_router(
    resource="copil", item="decision", public=schemas.CopilPublic, create=schemas.CopilCreate,
    update=schemas.CopilUpdate, sort_fields=("id", "date_copil", "updated_at"),
    filters_model=CopilFilters, doc_list="Regional steering-committee decisions, public.",
)
