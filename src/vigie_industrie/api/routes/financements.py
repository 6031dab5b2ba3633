"""Financements des projets (Fonds d'accélération, France 2030, région…)."""

from __future__ import annotations

from pydantic import BaseModel

from vigie_industrie.api.routes._crud import ProjetFilter, RegionFilter, SirenFilter, TerritoireFilter, crud_router
from vigie_industrie.programme import schemas


class FinancementFilters(BaseModel):
    projet_id: ProjetFilter = None
    territoire_id: TerritoireFilter = None
    code_region: RegionFilter = None
    siren_epci: SirenFilter = None
    dispositif: schemas.Dispositif | None = None
    statut: schemas.StatutFinancement | None = None


router = crud_router(
    resource="financements", item="financement", public=schemas.FinancementPublic,
    create=schemas.FinancementCreate, update=schemas.FinancementUpdate,
    sort_fields=("id", "montant_demande_eur", "montant_accorde_eur", "date_demande", "updated_at"),
    filters_model=FinancementFilters, doc_list="Funding lines of projects, public.",
)
