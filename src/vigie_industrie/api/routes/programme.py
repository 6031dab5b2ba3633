"""Answers on the programme: signature calendar, labelled territories, blocked projects,
open missions, needs per category; plus audit journal, import and export."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Path, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from vigie_industrie import errors
from vigie_industrie.api.deps import CurrentActor, SettingsDep, StoreDep, TodayDep
from vigie_industrie.api.problems import problem_responses
from vigie_industrie.programme import faits, importer, pilotage, schemas, services, spreadsheet

router = APIRouter(prefix="/programme", tags=["programme"])
Region = Annotated[str | None, Query(pattern=r"^\d{2}$", description="Code INSEE de la région (ex. 32).")]
ResourceType = Literal["contrats", "projets", "besoins", "financements", "missions", "copil", "projets_a_venir"]


class CalendrierLigne(BaseModel):
    code_region: str
    territoire_id: str
    phase: int
    intitule: str
    statut: str
    date_signature: date | None
    contrat_id: int


class TerritoireLabellise(BaseModel):
    territoire_id: str
    phase: int
    nom: str | None
    code_region: str | None
    nom_region: str | None
    nb_membres: int | None


class ProjetBloque(BaseModel):
    projet_id: int
    territoire_id: str
    phase: int
    code_region: str
    siren_epci: str
    titre: str
    statut: str
    jours_bloque: int
    points_blocage: list[dict[str, Any]]


class MissionOuverte(BaseModel):
    mission_id: int
    territoire_id: str
    phase: int
    code_region: str
    intitule: str
    cause: str
    date_debut: date
    duree_jours: int
    date_echeance: date
    jours_restants: int
    retard_jours: int = 0
    etat: str = "en_cours"
    delai: str = ""
    jalons_faits: int
    jalons_total: int


class BesoinsCategorie(BaseModel):
    territoire_id: str
    phase: int
    code_region: str
    categorie: str
    nombre: int
    ouverts: int


class ImportReport(BaseModel):
    type: str
    lignes: int
    acceptees: int
    rejetees: list[dict[str, Any]]
    ecrit: bool
    simulation: bool


def _region(region: str | None) -> str | None:
    if region is None:
        return None
    try:
        return services.codes.check_region(region)
    except ValueError as exc:
        raise errors.ValidationFailed(f"region : {exc}") from exc


@router.get("/calendrier", response_model=list[CalendrierLigne], responses=problem_responses(401, 422),
            summary="Calendrier des signatures de contrats par région")
def calendrier(store: StoreDep, actor: CurrentActor, region: Region = None):
    with store.session() as session:
        return services.calendrier(session=session, region=_region(region))


@router.get("/territoires", response_model=list[TerritoireLabellise], responses=problem_responses(401, 422, 503),
            summary="Territoires d'industrie labellisés par région et phase (entrepôt)")
async def territoires(request: Request, actor: CurrentActor, region: Region = None,
                      phase: Annotated[int | None, Query(ge=1, le=2)] = None):
    """Async: a cached answer is served from the event loop; a miss queries DuckDB in the thread pool."""
    settings = request.app.state.settings
    region = _region(region)
    rows = services.territoires_en_cache(warehouse=settings.warehouse, region=region, phase=phase)
    if rows is None:
        rows = await run_in_threadpool(services.territoires_labellises, warehouse=settings.warehouse, region=region,
                                       phase=phase)
    # rows come straight from the warehouse table whose columns the schema declares: serialise them directly
    return Response(json.dumps(rows, ensure_ascii=False, default=str).encode(), media_type="application/json")


TerritoireQ = Annotated[str | None, Query(pattern=r"^ti-\d{4}$", description="Territoire d'industrie (ti-RRNN).")]
EpciQ = Annotated[str | None, Query(pattern=r"^\d{9}$", description="SIREN de l'EPCI.")]


def _scope(region: str | None, territoire_id: str | None, siren_epci: str | None) -> dict[str, str | None]:
    try:
        return pilotage.check_filters(region, territoire_id, siren_epci)
    except ValueError as exc:
        raise errors.ValidationFailed(str(exc)) from exc


@router.get("/bloques", response_model=list[ProjetBloque], responses=problem_responses(401, 422),
            summary="Projets bloqués depuis plus de N jours (filtres région, territoire, EPCI)")
def bloques(store: StoreDep, today: TodayDep, actor: CurrentActor,
            jours: Annotated[int, Query(ge=0, le=36_500, description="Seuil en jours.")] = 30, region: Region = None,
            territoire_id: TerritoireQ = None, siren_epci: EpciQ = None):
    scope = _scope(region, territoire_id, siren_epci)
    with store.session() as session:
        return services.projets_bloques(session=session, jours=jours, today=today, **scope)


# The same list under the name the steering screens use (issue 14).
router.add_api_route("/projets-bloques", bloques, methods=["GET"], response_model=list[ProjetBloque],
                     responses=problem_responses(401, 422), summary="Projets bloqués depuis plus de N jours (alias)")


class ColonneProjets(BaseModel):
    statut: str
    libelle: str
    nombre: int
    projets: list[dict[str, Any]]


@router.get("/projets-par-statut", response_model=list[ColonneProjets], responses=problem_responses(401, 422),
            summary="Tableau des projets par statut, avec leurs points de blocage ouverts")
def projets_par_statut(store: StoreDep, today: TodayDep, actor: CurrentActor, region: Region = None,
                       territoire_id: TerritoireQ = None, siren_epci: EpciQ = None):
    scope = _scope(region, territoire_id, siren_epci)
    with store.session() as session:
        return pilotage.tableau_projets(session=session, actor=actor, today=today, **scope)


@router.get("/missions/{ident}/suivi", responses=problem_responses(401, 404, 422),
            summary="Suivi d'une mission : état, projets liés et ce qui reste bloqué")
def suivi_mission(ident: Annotated[int, Path(ge=1, le=2**31 - 1)], store: StoreDep, today: TodayDep,
                  actor: CurrentActor) -> dict[str, Any]:
    with store.session() as session:
        return pilotage.suivi_mission(session=session, actor=actor, ident=ident, today=today)


@router.get("/faits-publics", responses=problem_responses(422),
            summary="Chronologie publique du programme (faits datés, chacun avec sa source)")
def faits_publics(region: Region = None) -> list[dict[str, Any]]:
    return [f.as_dict() for f in faits.faits(region=_region(region))]


@router.get("/missions-ouvertes", response_model=list[MissionOuverte], responses=problem_responses(401, 422),
            summary="Missions d'accompagnement ouvertes et jours restants")
def missions_ouvertes(store: StoreDep, today: TodayDep, actor: CurrentActor, region: Region = None):
    with store.session() as session:
        return services.missions_ouvertes(session=session, today=today, region=_region(region))


@router.get("/besoins-par-categorie", response_model=list[BesoinsCategorie], responses=problem_responses(401, 422),
            summary="Nombre de besoins par catégorie et par territoire (agrégé, sans entreprise)")
def besoins_par_categorie(store: StoreDep, actor: CurrentActor, region: Region = None,
                          territoire_id: Annotated[str | None, Query(pattern=r"^ti-\d{4}$")] = None):
    try:
        with store.session() as session:
            return services.besoins_par_categorie(session=session, territoire_id=territoire_id, region=_region(region))
    except ValueError as exc:
        raise errors.ValidationFailed(f"territoire_id : {exc}") from exc


@router.get("/audit", response_model=list[schemas.AuditPublic], responses=problem_responses(401, 403, 422),
            summary="Journal d'audit (admin)")
def audit(store: StoreDep, actor: CurrentActor, entity: Annotated[ResourceType | None, Query()] = None,
          entity_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
          limit: Annotated[int, Query(ge=1, le=1000)] = 100, offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0):
    if not actor.authenticated:
        raise errors.NotAuthenticated("Journal d'audit : connectez-vous avec un compte admin.")
    with store.session() as session:
        return services.audit_journal(session=session, actor=actor, entity=entity, entity_id=entity_id,
                                      limit=limit, offset=offset)


@router.post("/import", response_model=ImportReport, responses=problem_responses(400, 401, 403, 413, 422),
             summary="Importer un fichier CSV/XLSX (tout ou rien ; simulation possible)")
def import_file(store: StoreDep, actor: CurrentActor, settings: SettingsDep, type: Annotated[ResourceType, Query()],
                fichier: Annotated[UploadFile, File(description="Fichier .csv (UTF-8) ou .xlsx")],
                simulation: Annotated[bool, Query(description="Valider sans rien écrire.")] = False):
    if not actor.authenticated:
        raise errors.NotAuthenticated("Import réservé aux utilisateurs connectés : POST /api/v1/auth/token.")
    if actor.role == "lecteur":
        raise errors.Forbidden("Le rôle lecteur est en lecture seule : import impossible.")
    rows = importer.read_bytes(fichier.file.read(), fichier.filename or "import.csv")
    return importer.import_rows(store=store, resource=type, rows=rows, actor=actor, dry_run=simulation,
                                warehouse=settings.warehouse)


# The list filters of the programme resources (each type accepts its own, see GET /api/v1/<type>).
ExpTerritoire = Annotated[str | None, Query(pattern=r"^ti-\d{4}$")]
ExpPhase = Annotated[int | None, Query(ge=1, le=2)]
ExpRegion = Annotated[str | None, Query(pattern=r"^\d{2}$")]
ExpSiren = Annotated[str | None, Query(pattern=r"^\d{9}$")]
ExpText = Annotated[str | None, Query(max_length=60)]
ExpProjet = Annotated[int | None, Query(ge=1, le=2**31 - 1)]


@router.get("/export", responses={200: {"content": {"text/csv": {}, spreadsheet.XLSX_MEDIA: {}},
                                        "description": "Fichier exporté"}, **problem_responses(401, 403, 422)},
            response_class=Response, summary="Exporter en CSV ou XLSX (lignes visibles par vous)")
def export(store: StoreDep, actor: CurrentActor, today: TodayDep, type: Annotated[ResourceType, Query()],
           format: Annotated[Literal["csv", "xlsx"], Query()] = "csv",
           territoire_id: ExpTerritoire = None, phase: ExpPhase = None, code_region: ExpRegion = None,
           siren_epci: ExpSiren = None, statut: ExpText = None, categorie: ExpText = None, urgence: ExpText = None,
           enjeu: ExpText = None, dispositif: ExpText = None, projet_id: ExpProjet = None, nature: ExpText = None,
           horizon: ExpText = None, confidentialite: ExpText = None):
    """Built in memory: a refused export (401/403) leaves nothing behind; cells are inert values.

    Optional filters are those of the resource's list (``GET /api/v1/<type>``); a filter the type
    does not have is a 422."""
    filters = {"territoire_id": territoire_id, "phase": phase, "code_region": code_region, "siren_epci": siren_epci,
               "statut": statut, "categorie": categorie, "urgence": urgence, "enjeu": enjeu, "dispositif": dispositif,
               "projet_id": projet_id, "nature": nature, "horizon": horizon, "confidentialite": confidentialite}
    content, _ = importer.export_bytes(store=store, resource=type, actor=actor, fmt=format, today=today, filters=filters)
    media = "text/csv; charset=utf-8" if format == "csv" else spreadsheet.XLSX_MEDIA
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{type}.{format}"'})


class ProjetsAVenirNature(BaseModel):
    territoire_id: str
    phase: int
    code_region: str
    nature: str
    nombre: int
    ouverts: int


@router.get("/projets-a-venir-par-nature", response_model=list[ProjetsAVenirNature],
            responses=problem_responses(401, 422),
            summary="Nombre de projets à venir transmis, par nature et par territoire (agrégé, sans porteur)")
def projets_a_venir_par_nature(store: StoreDep, actor: CurrentActor, region: Region = None,
                               territoire_id: Annotated[str | None, Query(pattern=r"^ti-\d{4}$")] = None):
    """Counted like the needs: only what EPCI transmitted to their région (a draft is not counted)."""
    try:
        with store.session() as session:
            return services.projets_a_venir_par_nature(session=session, territoire_id=territoire_id,
                                                       region=_region(region))
    except ValueError as exc:
        raise errors.ValidationFailed(f"territoire_id : {exc}") from exc
