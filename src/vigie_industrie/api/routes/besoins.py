"""Besoins d'entreprises collectés par les EPCI : données nominatives, jamais publiques.

A need is the EPCI's draft until « transmettre » puts it in the région's inbox; the région then
acknowledges, assigns, answers and closes it (``_transmission.py``, ``programme/transmission.py``).
"""

from __future__ import annotations

from vigie_industrie.api.routes._crud import SirenFilter, TerritoireFilters, crud_router
from vigie_industrie.api.routes._transmission import add_transmission_routes
from vigie_industrie.programme import schemas


class BesoinFilters(TerritoireFilters):
    siren_epci: SirenFilter = None
    categorie: schemas.CategorieBesoin | None = None
    statut: schemas.StatutTransmission | None = None
    urgence: schemas.Urgence | None = None


router = crud_router(
    resource="besoins", item="besoin", public=schemas.BesoinPublic, create=schemas.BesoinCreate,
    update=schemas.BesoinUpdate, sort_fields=("id", "date_collecte", "urgence", "statut_depuis", "updated_at"),
    filters_model=BesoinFilters,
    doc_list="Needs naming firms: 401 anonymous, 403 lecteur; an EPCI sees its own needs, a région the needs "
             "transmitted to it (never a draft), an admin all. Filters: statut, categorie, urgence, territoire_id, "
             "siren_epci (the EPCI), phase, code_region.",
    list_statuses=(401, 403, 422), get_statuses=(401, 403, 404, 422), check_territory=True,
)
add_transmission_routes(router, resource="besoins", item="besoin", public=schemas.BesoinPublic)
