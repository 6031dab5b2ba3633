"""Besoins d'entreprises collectés par les EPCI : données nominatives, jamais publiques."""

from __future__ import annotations

from vigie_industrie.api.routes._crud import SirenFilter, TerritoireFilters, crud_router
from vigie_industrie.programme import schemas


class BesoinFilters(TerritoireFilters):
    siren_epci: SirenFilter = None
    categorie: schemas.CategorieBesoin | None = None
    statut: schemas.StatutBesoin | None = None
    urgence: schemas.Urgence | None = None


router = crud_router(
    resource="besoins", item="besoin", public=schemas.BesoinPublic, create=schemas.BesoinCreate,
    update=schemas.BesoinUpdate, sort_fields=("id", "date_collecte", "urgence", "updated_at"),
    filters_model=BesoinFilters,
    doc_list="Needs naming firms: 401 anonymous, 403 lecteur; region/EPCI users see only their own rows.",
    list_statuses=(401, 403, 422), get_statuses=(401, 403, 404, 422), check_territory=True,
)
