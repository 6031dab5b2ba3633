"""Early warning: the ranked alert list of a target, and the last backtest's figures.

Same answers as `vigie alertes` and `vigie alertes evaluer` (``alerts.scoring``, the JSON that
the evaluation writes beside the warehouse). The model is fitted once per warehouse version and
target, then reused by every request.
"""

# No ``from __future__ import annotations``: FastAPI reads the annotations as objects.

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from vigie_industrie.alerts import evaluation_store, scoring, targets
from vigie_industrie.api.deps import SettingsDep, WarehouseDep
from vigie_industrie.api.problems import problem_responses
from vigie_industrie.api.routes import _observatoire as obs

router = APIRouter(tags=["alertes"])
Cible = Literal[tuple(targets.TARGETS)]  # type: ignore[valid-type]


class Explication(BaseModel):
    variable: str
    libelle: str
    valeur: float | None = Field(None, description="Valeur de la variable à l'origine (null : non disponible).")
    unite: str
    contribution: float = Field(description="Contribution au log-cote du modèle (TreeSHAP), par rapport au territoire moyen.")
    sens: str


class Alerte(BaseModel):
    rang: int = Field(description="Rang parmi tous les territoires de la cible (1 = le plus à risque).")
    code: str
    nom: str | None = None
    probabilite: float = Field(description="Probabilité calibrée de l'événement de la cible.")
    valeur: float | None = Field(None, description="Valeur de la série cible à l'origine.")
    origine: str
    explications: list[Explication]
    explication: str


class AlertesReponse(BaseModel):
    cible: str
    libelle: str
    evenement: str
    niveau: str
    origine: str
    modele: str
    n_entrainement: int
    n_territoires: int
    n_retenus: int
    filtres: dict
    source: str
    note: str
    alertes: list[Alerte]


class Mesures(BaseModel):
    roc_auc: float | None = None
    average_precision: float | None = None
    brier: float | None = None
    precision_top10: float | None = None


class EvaluationCible(BaseModel):
    cible: str
    n: int
    n_positifs: int
    origines: list[str]
    model: Mesures
    baseline_trend: Mesures
    baseline_persistence: Mesures
    moyenne_par_origine: dict | None = None
    verdict: dict | None = None
    par_origine: list[dict] | None = None


class EvaluationReponse(BaseModel):
    genere_le: str | None = None
    entrepot_a_jour: bool = Field(description="Faux si l'entrepôt a été reconstruit depuis l'évaluation.")
    cibles: dict[str, EvaluationCible]


@router.get("/alertes", response_model=AlertesReponse,
            responses={**obs.CSV_RESPONSE, **problem_responses(422, 503)}, summary="Alertes : territoires à risque")
def alertes(
    request: Request, warehouse: WarehouseDep,
    cible: Annotated[Cible, Query(description="chomage_ze, emploi_ze, emploi_epci, emploi_industriel.")] = "chomage_ze",
    region: Annotated[str | None, Query(max_length=3, description="Code région (ex. 32).")] = None,
    departement: Annotated[str | None, Query(max_length=3, description="Code département (ex. 62).")] = None,
    ti_phase2: Annotated[bool, Query(description="Seulement les territoires touchant un Territoire d'industrie de phase 2.")] = False,
    limit: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    format: obs.FormatQuery = None,
):
    """Les territoires de la cible classés par probabilité à la dernière origine, avec les variables qui
    poussent leur score et de combien."""
    answer = scoring.score(warehouse.con, cible, region=region, departement=departement, ti_phase2=ti_phase2,
                           limit=limit, cache_key=(str(warehouse.path), warehouse.version))
    if obs.wants_csv(request, format):
        return obs.csv_response(scoring.csv_rows(answer), scoring.CSV_COLUMNS, f"alertes-{cible}")
    return answer


@router.get("/alertes/evaluation", response_model=EvaluationReponse,
            responses=problem_responses(404), summary="Alertes : évaluation (backtest)")
def evaluation(settings: SettingsDep):
    """Les mesures du dernier `vigie alertes evaluer` (modèle et deux références naïves, mêmes origines)."""
    return evaluation_store.read(settings.warehouse)
