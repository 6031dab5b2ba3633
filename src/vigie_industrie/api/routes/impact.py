"""Closure-impact simulator: ``POST /impact`` (one site or a scenario of several), ``GET /impact`` (one site).

Same answer as ``vigie impact --json`` (``impact.model.Impact``). Bad input (a code of the wrong
shape or unknown, jobs ≤ 0 or more than the sector holds where that is known) is a 422
``application/problem+json`` with the CLI's French sentence.
"""

# No ``from __future__ import annotations``: FastAPI reads the annotations as objects.

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from vigie_industrie.api.deps import WarehouseDep
from vigie_industrie.api.problems import problem_responses
from vigie_industrie.impact import saisie, service
from vigie_industrie.impact.model import Impact

router = APIRouter(tags=["impact"])
RESPONSES = problem_responses(422, 503)
POST_RESPONSES = problem_responses(400, 413, 422, 503)  # a body that is not JSON: 400; too large: 413


class SiteDemande(BaseModel):
    """One site: a commune (INSEE code) or an EPCI (SIREN), its NAF sub-class and the jobs lost."""

    model_config = ConfigDict(extra="forbid")

    commune: str | None = Field(None, max_length=10, examples=["62119"])
    epci: str | None = Field(None, max_length=12)
    naf: str = Field(max_length=10, examples=["22.11Z"])
    emplois: int = Field(description="Emplois directs perdus (> 0).", examples=[863])
    libelle: str | None = Field(None, max_length=200)


class ImpactDemande(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sites: list[SiteDemande] = Field(min_length=1, max_length=saisie.MAX_SITES)
    date: str | None = Field(None, max_length=10, description="Date de fermeture AAAA-MM-JJ (AAAA-MM, AAAA).")
    multiplicateur: str | None = Field(None, max_length=60, description="Identifiant, ou bas / central / haut.")


def _run(warehouse, demande: ImpactDemande) -> Impact:
    sites = [saisie.site(naf=s.naf, emplois=s.emplois, commune=s.commune, epci=s.epci, libelle=s.libelle,
                         ligne=n if len(demande.sites) > 1 else None)
             for n, s in enumerate(demande.sites, start=1)]
    return service.simuler(warehouse.con, sites, date_fermeture=saisie.date_fermeture(demande.date),
                           multiplicateur=demande.multiplicateur)


@router.post("/impact", response_model=Impact, responses=POST_RESPONSES, summary="Simuler la fermeture d'un ou plusieurs sites")
def simuler(demande: ImpactDemande, warehouse: WarehouseDep):
    """Emplois directs et leur part dans l'emploi de chaque territoire du site, emplois indirects selon des
    multiplicateurs cités, effet sur le chômage de la zone d'emploi, poids du secteur, établissements restants,
    pertes passées comparables. Chaque chiffre renvoie à ses sources et hypothèses numérotées."""
    return _run(warehouse, demande)


@router.get("/impact", response_model=Impact, responses=RESPONSES, summary="Simuler la fermeture d'un site")
def simuler_un_site(
    warehouse: WarehouseDep,
    naf: Annotated[str, Query(max_length=10, description="Sous-classe NAF (ex. 22.11Z).")],
    emplois: Annotated[int, Query(description="Emplois directs perdus (> 0).")],
    commune: Annotated[str | None, Query(max_length=10, description="Code INSEE de la commune.")] = None,
    epci: Annotated[str | None, Query(max_length=12, description="SIREN de l'EPCI.")] = None,
    date: Annotated[str | None, Query(max_length=10, description="Date de fermeture AAAA-MM-JJ.")] = None,
    multiplicateur: Annotated[str | None, Query(max_length=60)] = None,
):
    """Comme ``POST /impact`` pour un seul site, par paramètres d'URL."""
    demande = ImpactDemande(sites=[SiteDemande(commune=commune, epci=epci, naf=naf, emplois=emplois)], date=date,
                            multiplicateur=multiplicateur)
    return _run(warehouse, demande)
