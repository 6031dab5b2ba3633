"""Contrats de Territoire d'industrie (phase, signataires, date de signature, statut, documents)."""

from __future__ import annotations

from vigie_industrie.api.routes._crud import TerritoireFilters, crud_router
from vigie_industrie.programme import schemas


class ContratFilters(TerritoireFilters):
    statut: schemas.StatutContrat | None = None


router = crud_router(
    resource="contrats", item="contrat", public=schemas.ContratPublic, create=schemas.ContratCreate,
    update=schemas.ContratUpdate, sort_fields=("id", "date_signature", "territoire_id", "updated_at"),
    filters_model=ContratFilters, doc_list="Contracts, public: anyone may read them.", check_territory=True,
)
