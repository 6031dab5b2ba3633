"""Projets industriels à venir connus d'un EPCI, transmis à la région comme les besoins.

Same workflow and visibility as the needs (a draft stays with its EPCI); figures unknown stay
null. Public answers only count them: GET /api/v1/programme/projets-a-venir-par-nature.
"""

from __future__ import annotations

from vigie_industrie.api.routes._crud import SirenFilter, TerritoireFilters, crud_router
from vigie_industrie.api.routes._transmission import add_transmission_routes
from vigie_industrie.programme import schemas


class ProjetAVenirFilters(TerritoireFilters):
    siren_epci: SirenFilter = None
    nature: schemas.NatureProjetAVenir | None = None
    statut: schemas.StatutTransmission | None = None
    horizon: schemas.Horizon | None = None
    confidentialite: schemas.Confidentialite | None = None


router = crud_router(
    resource="projets_a_venir", item="projet_a_venir", public=schemas.ProjetAVenirPublic,
    create=schemas.ProjetAVenirCreate, update=schemas.ProjetAVenirUpdate,
    sort_fields=("id", "porteur", "emplois_prevus", "investissement_eur", "statut_depuis", "updated_at"),
    filters_model=ProjetAVenirFilters, prefix="/projets-a-venir",
    doc_list="Upcoming industrial projects known by EPCI: 401 anonymous, 403 lecteur; an EPCI sees its own, a "
             "région those transmitted to it (never a draft), an admin all.",
    list_statuses=(401, 403, 422), get_statuses=(401, 403, 404, 422), check_territory=True,
)
add_transmission_routes(router, resource="projets_a_venir", item="projet_a_venir", public=schemas.ProjetAVenirPublic)
