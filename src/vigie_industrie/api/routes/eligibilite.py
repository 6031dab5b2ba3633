"""Eligibility to Territoires d'industrie: a territory explained, the candidates ranked, the validation.

Same answers as `vigie eligibilite` (``eligibility.answers`` and ``eligibility.rapport``). Criteria
files are the shipped ones (``?criteres=officiel-2019``), with optional weights
(``?poids=ecosysteme_dense=3,savoir_faire=1``); an arbitrary file path is a CLI-only option (the
server never reads a path given by a client).
"""

# No ``from __future__ import annotations``: FastAPI reads the annotations as objects.

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from vigie_industrie import errors, jobs
from vigie_industrie.api.deps import CurrentActor, StoreDep, WarehouseDep
from vigie_industrie.api.problems import problem, problem_responses
from vigie_industrie.api.routes import _observatoire as obs
from vigie_industrie.eligibility import answers, criteres, rapport
from vigie_industrie.observatoire import cible

router = APIRouter(tags=["eligibilite"])
READS = problem_responses(401, 404, 409, 422, 503)

PoidsQuery = Annotated[str | None, Query(max_length=500, description="Poids changés : id=valeur séparés par des virgules.")]


class SourceCritere(BaseModel):
    id: str
    titre: str
    url: str
    date: str


class CritereEvalue(BaseModel):
    id: str
    libelle: str
    indicateur: str = Field(description="Identifiant du registre des indicateurs ou variable dérivée.")
    libelle_indicateur: str
    dimension: str | None = None
    valeur: float | None = Field(None, description="null quand l'indicateur manque : le critère est « non évaluable ».")
    unite: str | None = None
    transformation: str = Field(description="valeur, ou abs (valeur absolue : hausse et baisse comptent autant).")
    valeur_comparee: float | None = None
    periode: str | None = None
    annee: int | None = None
    publication: int | None = Field(None, description="Première année où ce chiffre était publié.")
    niveau: str | None = Field(None, description="exact, union de zones, estimation, calcul réutilisateur.")
    methode: str | None = None
    source_donnee: str | None = None
    note: str | None = Field(None, description="Raison d'une valeur manquante, ou réserve.")
    seuil: float
    sens: str
    courbe: list[list[float]] = Field(description="Points [valeur, note] de la courbe linéaire par morceaux.")
    poids: float
    note_critere: float | None = Field(None, description="Note de 0 à 1 (null si non évaluable).")
    contribution: float | None = None
    verdict: str = Field(description="rempli, non rempli, non évaluable.")
    annee_reference: int
    texte_officiel: str
    justification: str | None = None
    source: SourceCritere


class GrilleRef(BaseModel):
    id: str
    titre: str
    version: str
    fichier: str
    description: str
    seuil_eligible: float
    couverture_min: float


class Labels(BaseModel):
    labellise_phase1: bool
    labellise_phase2: bool
    part_phase1: float
    part_phase2: float
    ti_phase1: str | None = None
    ti_phase2: str | None = None


class Explication(BaseModel):
    territoire: dict[str, Any]
    criteres: GrilleRef
    decision: int | None = None
    score: float | None = Field(None, description="0 à 100 : Σ poids × note / Σ poids des critères évaluables.")
    couverture: float | None = Field(None, description="Part du poids total évaluable.")
    verdict: str | None = Field(None, description="éligible, non éligible, non évaluable.")
    detail: list[CritereEvalue]
    non_mesures: list[dict[str, Any]]
    labels: Labels | None = None


class Candidat(BaseModel):
    code: str
    nom: str | None = None
    code_region: str | None = None
    nom_region: str | None = None
    rang_region: int
    score: float | None = None
    couverture: float | None = None
    verdict: str
    nb_remplis: int
    nb_non_evaluables: int
    labellise_phase1: bool
    labellise_phase2: bool


class Candidats(BaseModel):
    criteres: GrilleRef
    region: str | None = None
    limit: int | None = None
    non_labellises_phase2: list[Candidat]
    non_labellises_phase1: list[Candidat]


class ValidationEnCours(BaseModel):
    statut: str = Field(description="« en cours » : la validation se calcule, rappelez l'adresse.")
    detail: str


class Validation(BaseModel):
    criteres: str
    version: str
    phase2_nouveaux: dict[str, Any] = Field(description="roc_auc, n_positifs, n, références, données récentes.")
    phase1: dict[str, Any]
    modele: dict[str, Any] | None = Field(None, description="Plafond : LightGBM en validation croisée (avec ?modele=true).")
    comparaison: dict[str, Any] | None = None
    ajustement: dict[str, Any] | None = None
    avertissements: list[str]


def _grille(nom: str | None, poids: str | None) -> criteres.Grille:
    if nom is not None and nom not in criteres.available():
        raise errors.ValidationFailed(f"criteres « {nom} » inconnu : {', '.join(criteres.available())}.")
    return criteres.with_poids(criteres.load(nom), criteres.parse_poids(obs.split_list(poids)))


# Answers that read every EPCI, memoised per warehouse file version (a rebuild swaps the file, so a
# new version never serves a stale figure); bounded, oldest dropped first.
_cache: dict[tuple, dict] = {}
_lock = threading.Lock()
CACHE_MAX = 32


def _memo(key: tuple, compute):
    with _lock:
        if key not in _cache:
            if len(_cache) >= CACHE_MAX:
                _cache.pop(next(iter(_cache)))
            _cache[key] = compute()
        return _cache[key]


@router.get("/eligibilite/candidats", response_model=Candidats, responses={**obs.CSV_RESPONSE, **READS},
            summary="EPCI non labellisés classés par région")
def eligibilite_candidats(
    request: Request, warehouse: WarehouseDep,
    region: Annotated[str | None, Query(max_length=6, description="Code région (ex. 76).")] = None,
    limit: Annotated[int | None, Query(ge=1, le=100_000, description="EPCI par région (défaut 10).")] = answers.LIMIT_DEFAUT,
    criteres_: Annotated[str | None, Query(alias="criteres", max_length=60, pattern=r"^[a-z0-9-]+$",
                                           description="Fichier de critères livré.")] = None,
    poids: PoidsQuery = None,
    format: obs.FormatQuery = None,
):
    """Par région, les EPCI non labellisés en phase 2 (et en phase 1, pour l'historique), meilleur score d'abord."""
    grille = _grille(criteres_, poids)
    answer = _memo(("candidats", warehouse.version, grille.id, region, limit),
                   lambda: answers.candidats(warehouse.con, grille, region=region, limit=limit))
    if obs.wants_csv(request, format):
        return obs.csv_response(answers.candidats_csv(answer), answers.CANDIDATS_CSV, "eligibilite-candidats")
    return answer


def _compute_validation(job: jobs.Job, key: tuple, path, grille: criteres.Grille, modele: bool) -> None:
    """A background job (``vigie_industrie.jobs``) with its own read-only connection (the request's
    cursor closes with the response), interrupted if the process stops meanwhile: nothing is then
    memoised and the next call starts it again."""
    con = job.connect(path)
    try:
        result = rapport.build(con, grille, comparer=modele, avec_modele=modele)
    finally:
        con.close()
    with _lock:
        _cache[key] = result


def validation_memo(warehouse, grille: criteres.Grille, modele: bool) -> dict | None:
    """The memoised validation of ``grille`` for this warehouse version, or None after starting (once)
    its computation in the background. Shared by this route and the web page ``/eligibilite/validation``."""
    key = ("validation", warehouse.version, grille.id, modele)
    with _lock:
        if key in _cache:
            return _cache[key]
        # under the lock: a job finishing now cannot be started a second time
        jobs.submit(key, _compute_validation, key, warehouse.path, grille, modele, name=f"validation-{grille.id}")
    return None


EN_COURS = {202: {"model": ValidationEnCours, "description": "Calcul lancé ou en cours : rappelez l'adresse (Retry-After)."}}


@router.get("/eligibilite/validation", response_model=Validation, responses={**EN_COURS, **problem_responses(422, 503)},
            summary="Validation des critères sur les labels des phases 1 et 2")
def eligibilite_validation(
    warehouse: WarehouseDep,
    criteres_: Annotated[str | None, Query(alias="criteres", max_length=60, pattern=r"^[a-z0-9-]+$",
                                           description="Fichier de critères livré.")] = None,
    poids: PoidsQuery = None,
    modele: Annotated[bool, Query(description="Ajouter le plafond LightGBM, la comparaison des fichiers et "
                                              "l'ajustement (plus d'une minute au premier appel).")] = False,
):
    """ROC AUC du score avec les données publiées avant chaque décision ; mémorisé par version de l'entrepôt.

    Le calcul prend de quelques secondes à quelques minutes (avec ``modele``) : le premier appel le lance en
    arrière-plan et répond 202 ; les suivants répondent 202 tant qu'il tourne, puis 200 avec le résultat.
    """
    result = validation_memo(warehouse, _grille(criteres_, poids), modele)
    if result is not None:
        return result
    return JSONResponse(
        status_code=202, headers={"Retry-After": "30"},
        content={"statut": "en cours", "detail": "Validation en cours de calcul : rappelez cette adresse dans une minute."},
    )


@router.get("/eligibilite/{code}", response_model=Explication, responses={**obs.CSV_RESPONSE, **READS},
            summary="Éligibilité d'un territoire, critère par critère")
def eligibilite_territoire(
    code: str, request: Request, warehouse: WarehouseDep, store: StoreDep, actor: CurrentActor,
    criteres_: Annotated[str | None, Query(alias="criteres", max_length=60, pattern=r"^[a-z0-9-]+$",
                                           description="Fichier de critères livré.")] = None,
    poids: PoidsQuery = None,
    decision: Annotated[int | None, Query(ge=2000, le=2100, description="Seulement les chiffres publiés jusqu'à cette année.")] = None,
    phase: Annotated[int | None, Query(ge=1, le=2, description="Territoire d'industrie : phase.")] = None,
    format: obs.FormatQuery = None,
):
    """``code`` : EPCI (SIREN ou nom), périmètre ``perim-N``, tout territoire, ou codes séparés par des virgules."""
    grille = _grille(criteres_, poids)
    try:
        answer = answers.explication(warehouse.con, code, grille, lookup=obs.lookup(store, actor), decision=decision,
                                     phase=phase)
    except cible.TerritoireInconnu as exc:
        return problem(exc.http_status, exc.title, str(exc), candidates=exc.candidates)
    if obs.wants_csv(request, format):
        return obs.csv_response(answers.detail_csv(answer), answers.DETAIL_CSV, "eligibilite")
    return answer
