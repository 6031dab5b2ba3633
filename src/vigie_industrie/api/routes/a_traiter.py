"""``GET /api/v1/programme/a-traiter``: what waits for the signed-in caller (``programme.a_traiter``).

The page ``/a-traiter`` and the e-mail digest call the same service, so the three list the same
items for the same person and the same threshold.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from vigie_industrie.api.deps import CurrentActor, SettingsDep, StoreDep, TodayDep
from vigie_industrie.api.problems import problem_responses
from vigie_industrie.api.routes.programme import ProjetBloque
from vigie_industrie.programme import a_traiter as service

router = APIRouter(prefix="/programme", tags=["programme"])


class BesoinATraiter(BaseModel):
    besoin_id: int
    territoire_id: str
    phase: int
    code_region: str
    siren_epci: str
    siren_entreprise: str
    nom_entreprise: str
    categorie: str
    urgence: str
    statut: str
    depuis: date
    jours_attente: int
    lien: str


class ProjetAVenirATraiter(BaseModel):
    projet_a_venir_id: int
    territoire_id: str
    phase: int
    code_region: str
    siren_epci: str
    porteur: str
    nature: str
    horizon: str | None
    emplois_prevus: int | None
    statut: str
    depuis: date
    jours_attente: int
    lien: str


class MissionATraiter(BaseModel):
    mission_id: int
    territoire_id: str
    phase: int
    code_region: str
    intitule: str
    date_echeance: date
    jours_restants: int
    retard_jours: int
    jalons_faits: int
    jalons_total: int
    lien: str


class ProjetATraiter(ProjetBloque):
    """A blocked project as « bloqués depuis plus de N jours » lists it, with the link to its page."""

    lien: str


class ATraiter(BaseModel):
    utilisateur: str
    role: str
    date: date
    seuil_blocage_jours: int
    horizon_jours: int
    besoins: list[BesoinATraiter]
    projets_a_venir: list[ProjetAVenirATraiter]
    missions: list[MissionATraiter]
    projets: list[ProjetATraiter]
    total: int
    remarque: str | None


Jours = Annotated[int | None, Query(ge=0, le=36_500, description="Projets bloqués depuis plus de N jours "
                                                                 "(défaut : VIGIE_A_TRAITER_JOURS, 60).")]


@router.get("/a-traiter", response_model=ATraiter, responses=problem_responses(401, 422),
            summary="À traiter : besoins et projets à venir transmis, échéances à 15 jours, projets bloqués (selon vos droits)")
def a_traiter(store: StoreDep, actor: CurrentActor, today: TodayDep, settings: SettingsDep, jours: Jours = None):
    with store.session() as session:
        return service.a_traiter(session=session, actor=actor, today=today,
                                 jours=settings.a_traiter_jours if jours is None else jours,
                                 warehouse=settings.warehouse)
