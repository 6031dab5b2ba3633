"""Observatory reads: the indicator registry, a territory's indicators, comparisons, rankings.

Same answers as `vigie indicateurs|comparer|classement` (``observatoire.answers``), typed
for OpenAPI, in JSON or CSV. A territory is a code, a name or a perimeter (``perim-12``,
visible to the caller under the store's rights).
"""

# No ``from __future__ import annotations``: FastAPI reads the annotations as objects.

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from vigie_industrie import errors
from vigie_industrie.api.deps import CurrentActor, StoreDep, WarehouseDep
from vigie_industrie.api.problems import problem, problem_responses
from vigie_industrie.api.routes import _observatoire as obs
from vigie_industrie.observatoire import answers, cible
from vigie_industrie.programme.perimetres import Membre

router = APIRouter(tags=["indicateurs"])
MAX_CODES = 20


class IndicateurPublic(BaseModel):
    id: str
    libelle: str
    unite: str | None = None
    definition: str | None = None
    formule: str | None = None
    source: str | None = None
    niveau: str | None = None
    famille: str | None = None
    additif: bool | None = None
    sens: str | None = None


class TerritoireRef(BaseModel):
    type: str
    code: str
    nom: str
    phase: int | None = None
    membres: list[Membre] | None = Field(None, description="Périmètre personnalisé : ses membres.")
    nb_communes: int | None = Field(None, description="Périmètre personnalisé : nombre de communes.")


class RegionRef(BaseModel):
    code: str
    nom: str


class TerritoireCompare(TerritoireRef):
    region: RegionRef | None = Field(None, description="Région de comparaison (celle qui porte le plus de population).")


class ValeurIndicateur(BaseModel):
    id: str
    libelle: str | None = None
    valeur: float | None = Field(None, description="Absente (null) quand la donnée manque : la raison est dans note.")
    unite: str | None = None
    periode: str | None = None
    source: str | None = None
    niveau: str | None = Field(None, description="exact, union de zones, estimation (méthode dans methode), calcul réutilisateur.")
    couverture: float | None = None
    rang_france: int | None = None
    rang_region: int | None = None
    valeur_region: float | None = None
    valeur_france: float | None = None
    dimension: str | None = None
    annee: int | None = None
    methode: str | None = None
    note: str | None = None
    nb_communes_sans_donnee: int | None = None
    nb_france: int | None = None
    nb_region: int | None = None


class IndicateursReponse(BaseModel):
    territoire: TerritoireRef
    annee: int | None = None
    indicateurs: list[ValeurIndicateur]


class ValeurComparee(BaseModel):
    code: str
    type: str
    valeur: float | None = None
    periode: str | None = None
    niveau: str | None = None
    methode: str | None = None
    note: str | None = None
    valeur_region: float | None = None


class ValeurReference(BaseModel):
    """A région's or France's own value, with its level of computation."""

    code: str
    nom: str
    valeur: float | None = None
    periode: str | None = None
    niveau: str | None = None
    methode: str | None = None


class IndicateurCompare(BaseModel):
    id: str
    libelle: str | None = None
    unite: str | None = None
    valeur_france: float | None = None
    valeurs: list[ValeurComparee]
    regions: list[ValeurReference] = []
    france: ValeurReference | None = None


class ComparaisonReponse(BaseModel):
    territoires: list[TerritoireCompare]
    annee: int | None = None
    indicateurs: list[IndicateurCompare]


class LigneClassement(BaseModel):
    rang: int | None = None
    type: str
    code: str
    phase: int | None = None
    nom: str | None = None
    valeur: float | None = None
    periode: str | None = None
    niveau: str | None = None


class IndicateurRef(BaseModel):
    id: str
    libelle: str | None = None
    unite: str | None = None


class ClassementReponse(BaseModel):
    type: str
    indicateur: IndicateurRef
    annee: int | None = None
    region: str | None = None
    phase: int | None = None
    classement: list[LigneClassement]


Annee = Annotated[int | None, Query(ge=1990, le=2100, description="Dernière période jusqu'à cette année.")]
READS = problem_responses(404, 409, 422, 503)
READS_AS_CALLER = problem_responses(401, 404, 409, 422, 503)  # a perimeter is read with the caller's token


def _unknown(exc: cible.TerritoireInconnu):
    """404 problem with the closest names and the caller's perimeters as ``candidates``."""
    return problem(exc.http_status, exc.title, str(exc), candidates=exc.candidates)


@router.get("/indicateurs", response_model=list[IndicateurPublic], responses={**obs.CSV_RESPONSE, **problem_responses(422, 503)},
            summary="Registre des indicateurs")
def list_indicateurs(request: Request, format: obs.FormatQuery = None):
    """Chaque indicateur : libellé, unité, définition, formule, source, niveau de calcul."""
    rows = answers.registre()
    if obs.wants_csv(request, format):
        return obs.csv_response(rows, answers.REGISTRE_CSV, "indicateurs")
    return rows


@router.get("/territoires/{code}/indicateurs", response_model=IndicateursReponse,
            responses={**obs.CSV_RESPONSE, **READS_AS_CALLER},
            summary="Indicateurs d'un territoire ou d'un périmètre")
def territoire_indicateurs(
    code: str, request: Request, warehouse: WarehouseDep, store: StoreDep, actor: CurrentActor,
    annee: Annee = None,
    indicateurs: Annotated[str | None, Query(max_length=2000, description="Identifiants séparés par des virgules.")] = None,
    phase: Annotated[int | None, Query(ge=1, le=2, description="Phase des Territoires d'industrie.")] = None,
    dimensions: Annotated[bool, Query(description="Inclure les valeurs par secteur.")] = False,
    format: obs.FormatQuery = None,
):
    """``code`` : code ou nom de territoire, ou périmètre ``perim-N`` (privé : visible de son propriétaire)."""
    con = warehouse.con
    try:
        target = cible.resolve(con, code, lookup=obs.lookup(store, actor), phase=phase)
    except cible.TerritoireInconnu as exc:
        return _unknown(exc)
    answer = answers.indicateurs(con, target, annee=annee, ids=obs.split_list(indicateurs), dimensions=dimensions)
    if obs.wants_csv(request, format):
        return obs.csv_response(answers.indicateurs_csv(answer), answers.INDICATEURS_CSV, f"indicateurs-{target.territoire.code}")
    return answer


@router.get("/comparaison", response_model=ComparaisonReponse, responses={**obs.CSV_RESPONSE, **READS_AS_CALLER},
            summary="Comparer des territoires")
def comparaison(
    request: Request, warehouse: WarehouseDep, store: StoreDep, actor: CurrentActor,
    codes: Annotated[str, Query(min_length=1, max_length=2000, description="Codes ou noms séparés par des virgules (2 à 20).")],
    indicateurs: Annotated[str | None, Query(max_length=2000, description="Identifiants séparés par des virgules.")] = None,
    annee: Annee = None,
    format: obs.FormatQuery = None,
):
    """Les indicateurs de chaque territoire côte à côte, avec la valeur de sa région et de la France."""
    wanted = obs.split_list(codes)
    if not 2 <= len(wanted) <= MAX_CODES:
        raise errors.ValidationFailed(f"codes : entre 2 et {MAX_CODES} territoires séparés par des virgules (reçu {len(wanted)}).")
    con = warehouse.con
    who = obs.lookup(store, actor)
    try:
        targets = [cible.resolve(con, q, lookup=who) for q in wanted]
    except cible.TerritoireInconnu as exc:
        return _unknown(exc)
    answer = answers.comparer(con, targets, annee=annee, ids=obs.split_list(indicateurs))
    if obs.wants_csv(request, format):
        return obs.csv_response(answers.comparer_long(answer), answers.COMPARER_CSV, "comparaison")
    return answer


@router.get("/classements", response_model=ClassementReponse, responses={**obs.CSV_RESPONSE, **READS},
            summary="Classement des territoires d'un type")
def classements(
    request: Request, warehouse: WarehouseDep,
    type: Annotated[Literal[tuple(answers.RANKABLE)], Query(description="epci, ze, ti, departement, region, circonscription.")],  # type: ignore[valid-type]
    indicateur: Annotated[str, Query(min_length=1, max_length=100, description="Identifiant de l'indicateur.")],
    region: Annotated[str | None, Query(max_length=6, description="Code région (ex. 32).")] = None,
    phase: Annotated[int | None, Query(ge=1, le=2, description="Territoires d'industrie : phase (défaut 2).")] = None,
    limit: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    annee: Annee = None,
    ordre: Annotated[Literal["decroissant", "croissant"], Query()] = "decroissant",
    format: obs.FormatQuery = None,
):
    """Rang, territoire, valeur, période et niveau de calcul, du plus grand au plus petit (ou l'inverse)."""
    con = warehouse.con
    answer = answers.classement(con, type, indicateur, annee=annee, region=region, phase=phase, limit=limit,
                                ascending=ordre == "croissant")
    if obs.wants_csv(request, format):
        return obs.csv_response(answer["classement"], answers.CLASSEMENT_CSV, f"classement-{answer['indicateur']['id']}")
    return answer
