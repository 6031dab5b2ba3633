"""Projets (fiches actions) : territoire, EPCI, enjeu, binôme, statut, points de blocage."""

from __future__ import annotations

from vigie_industrie.api.routes._crud import SirenFilter, TerritoireFilters, crud_router
from vigie_industrie.programme import schemas


class ProjetFilters(TerritoireFilters):
    siren_epci: SirenFilter = None
    statut: schemas.StatutProjet | None = None
    enjeu: schemas.Enjeu | None = None


router = crud_router(
    resource="projets", item="projet", public=schemas.ProjetPublic, create=schemas.ProjetCreate,
    update=schemas.ProjetUpdate,
    sort_fields=("id", "titre", "date_debut", "emplois_prevus", "montant_investissement_eur", "updated_at"),
    filters_model=ProjetFilters,
    doc_list="Projects, public; ``jours_bloque`` counts days since the oldest open blocking point.",
    check_territory=True,
)
