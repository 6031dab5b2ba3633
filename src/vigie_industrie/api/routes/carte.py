"""The national map: contours (GeoJSON) and choropleth values with class breaks (``carte.service``).

Geometry and values are separate resources so that switching indicator or year never re-downloads
polygons: ``/carte/contours/{niveau}`` (cached by the browser, ETag per warehouse file) and
``/carte/{niveau}?indicateur=…`` (values, classes computed in SQL). Large answers are sent gzip
when the client accepts it (the home page budget is 2 MB transferred, see benchmarks/bench_carte.py).
"""

# No ``from __future__ import annotations``: FastAPI reads the annotations as objects.

import json
from typing import Annotated, Any, Callable, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from vigie_industrie.api.deps import WarehouseDep
from vigie_industrie.api.problems import problem_responses
from vigie_industrie.carte import http_cache, service

router = APIRouter(prefix="/carte", tags=["carte"])

GEOJSON = "application/geo+json"
Niveau = Literal["epci", "zone_emploi", "departement", "region", "circonscription"]
NiveauPath = Annotated[Niveau, Path(description="Niveau de la carte : epci, zone_emploi, departement, region, "
                                                "circonscription.")]
GEO_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {GEOJSON: {"schema": {"type": "object"}}},
          "description": "FeatureCollection GeoJSON (WGS84 ; DROM en encarts près de la métropole)."},
    304: {"description": "Inchangé depuis l'ETag envoyé (If-None-Match)."},
}


class Classe(BaseModel):
    classe: int = Field(description="1 (valeurs les plus basses) à 5.")
    min: float
    max: float
    min_inclus: bool = Field(description="La borne basse appartient à la classe (première classe seulement).")
    effectif: int


class Valeur(BaseModel):
    code: str
    nom: str | None = None
    valeur: float | None = Field(None, description="null quand la donnée manque (jamais 0) : raison dans note.")
    niveau: str | None = Field(None, description="Niveau de calcul : exact, union de zones, estimation…")
    classe: int | None = Field(None, description="null : classe « donnée manquante ».")
    note: str | None = None


class IndicateurCarte(BaseModel):
    id: str
    libelle: str
    unite: str
    source: str
    niveau: str
    sens: str | None = None


class CarteValeurs(BaseModel):
    niveau_carte: str
    libelle_niveau: str
    contours_disponibles: bool
    message: str | None = Field(None, description="Pourquoi une couche ne peut être dessinée.")
    attribution: str | None = Field(None, description="Mention due pour les contours (ODbL pour les circonscriptions).")
    indicateur: IndicateurCarte
    dimension: str | None = None
    dimensions: list[str]
    periode: str | None = None
    annee: int | None = None
    annees: list[int]
    seuils: list[float] = Field(description="Quintiles (quantile_cont) des valeurs non manquantes, doublons ôtés.")
    classes: list[Classe]
    nb_territoires: int
    nb_manquants: int
    classe_manquante: str
    sources: list[str]
    lien_modele: str = Field(description="Page d'un territoire : remplacer {code}.")
    valeurs: list[Valeur]


def _cached(request: Request, warehouse, key: tuple, build: Callable[[], dict], media: str = GEOJSON) -> Response:
    """JSON answer, serialised once per warehouse file version (``carte.http_cache``)."""
    return http_cache.cached_response(
        request, warehouse, key, lambda: json.dumps(build(), ensure_ascii=False, separators=(",", ":")).encode(), media
    )


@router.get("/contours/{niveau}", summary="Contours d'un niveau de la carte nationale (GeoJSON)",
            response_class=Response, responses={**GEO_RESPONSES, **problem_responses(422, 503)})
def get_contours(request: Request, warehouse: WarehouseDep, niveau: NiveauPath) -> Response:
    """Une entité par territoire (``id`` = code ; propriétés code, nom, lien). Contours ANCT (Licence
    Ouverte) ; circonscriptions : Regards Citoyens / Toxicode, **ODbL** (afficher ``attribution``).
    Zone d'emploi : ``disponible: false`` et aucune entité (contours absents du miroir)."""
    return _cached(request, warehouse, ("contours", niveau), lambda: service.contours(warehouse.con, niveau))


@router.get("/territoires-industrie", summary="Périmètres des Territoires d'industrie d'une phase (GeoJSON)",
            response_class=Response, responses={**GEO_RESPONSES, **problem_responses(422, 503)})
def get_territoires_industrie(
    request: Request, warehouse: WarehouseDep,
    phase: Annotated[int, Query(ge=1, le=2, description="1 : 2018-2022 (149) ; 2 : 2023-2027 (183).")] = 2,
) -> Response:
    """Contour de chaque Territoire d'industrie : union des EPCI membres, ou périmètre publié par
    l'ANCT quand un membre est une commune ou un EPT (propriété ``methode``)."""
    return _cached(request, warehouse, ("ti", phase), lambda: service.territoires_industrie(warehouse.con, phase))


@router.get("/contour/{type}/{code}", summary="Contour d'un territoire (carte de situation)",
            response_class=Response, responses={**GEO_RESPONSES, **problem_responses(422, 503)})
def get_contour(
    request: Request, warehouse: WarehouseDep,
    type: Annotated[Literal["epci", "departement", "region", "circonscription", "territoire_industrie",
                            "commune", "zone_emploi", "ept"], Path(description="Type du territoire.")],
    code: Annotated[str, Path(max_length=40, description="Code du territoire (SIREN, code INSEE, circo-62-08…).")],
    phase: Annotated[int | None, Query(ge=1, le=2, description="Territoire d'industrie : phase.")] = None,
) -> Response:
    """Le contour propre du territoire (``propre: true``) ou, pour une commune, un EPT ou une zone
    d'emploi, celui de son EPCI ou de sa région, avec ``message`` qui le dit."""
    return _cached(request, warehouse, ("contour", type, code, phase),
                   lambda: service.contour(warehouse.con, type, code, phase))


@router.get("/{niveau}", summary="Valeurs d'un indicateur pour la carte, avec les classes",
            response_model=CarteValeurs, response_class=Response, responses=problem_responses(404, 422, 503))
def get_valeurs(
    request: Request, warehouse: WarehouseDep, niveau: NiveauPath,
    indicateur: Annotated[str, Query(max_length=80, description="Identifiant du registre (GET /api/v1/indicateurs).")]
    = "part_industrie",
    annee: Annotated[int | None, Query(ge=1900, le=2100, description="Dernière période finissant au plus tard "
                                                                    "cette année (défaut : la plus récente).")] = None,
    dimension: Annotated[str | None, Query(max_length=40, description="Dimension (secteur, niveau de densité…).")]
    = None,
) -> Response:
    """Chaque territoire du niveau avec sa valeur, son niveau de calcul et sa classe (quintiles
    calculés en SQL) ; une valeur manquante est ``null`` dans la classe « donnée manquante », jamais 0."""
    return _cached(request, warehouse, ("valeurs", niveau, indicateur, annee, dimension),
                   lambda: service.valeurs_cached(warehouse, niveau, indicateur, annee=annee, dimension=dimension),
                   media="application/json")
